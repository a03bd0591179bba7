"""Story blocks other apps' pages include without knowing about stories: `{% load stories %}`."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("stories/_challenge_stories.html", takes_context=True)
def challenge_stories(context: Any, challenge: Any) -> dict[str, Any]:
    from ideverkstedet.stories.selectors import stories_for_challenge

    user = context["request"].user
    return {
        "stories": stories_for_challenge(user, challenge),
        "may_write": user.has_perm("stories.add_story", challenge),
        "challenge": challenge,
    }


@register.inclusion_tag("stories/_newest_stories.html")
def newest_stories(limit: int = 3) -> dict[str, Any]:
    from ideverkstedet.stories.selectors import newest_public_stories

    return {"stories": newest_public_stories(limit)}


@register.simple_tag
def story_cards(stories: Any) -> Any:
    """`{% story_cards stories %}`: the cards of stories/list_html.py."""
    from ideverkstedet.stories.list_html import render_story_cards

    return render_story_cards(stories)
