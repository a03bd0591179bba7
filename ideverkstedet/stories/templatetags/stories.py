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
