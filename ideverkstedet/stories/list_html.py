"""Story cards as HTML, made in one pass in Python (bench/README.md, "Dele: the barometer and the story list"):
labels translated once per list, one URL reverse per list, everything from the database escaped. Through the
template engine each of the list's 20 cards was ~15 node renders and a reverse."""

from __future__ import annotations

from collections.abc import Iterable
from html import (
    escape,  # the standard library's: the same five characters as Django's, without the lazy wrapper
)

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ideverkstedet.core import dates
from ideverkstedet.stories.models import Story, Visibility


def render_story_cards(stories: Iterable[Story]) -> SafeString:
    """`<ul class="cards">` of the stories: title, summary, whether taken into use, internal, date or draft."""
    pattern = reverse("stories:detail", args=["SLUG"])
    verb = f'<p class="verb">{escape(_("Dele"))}</p>'
    in_use = f'<span class="tag tag-open">{escape(_("Tatt i bruk"))}</span>'
    learnt = f'<span class="tag">{escape(_("Erfaringer"))}</span>'
    internal = f'<span class="tag">{escape(_("Intern"))}</span>'
    draft = f'<span class="tag">{escape(_("Utkast"))}</span>'
    cards = []
    for story in stories:
        record = getattr(
            story, "innovation", None
        )  # no record: RelatedObjectDoesNotExist is an AttributeError
        published = story.published_at
        when = (
            f"<span>{escape(dates.when(timezone.localtime(published), 'date'))}</span>"
            if published
            else draft
        )
        cards.append(
            f'<li class="card story-card">\n{verb}\n'
            f'<h3 class="card-title"><a href="{escape(pattern.replace("SLUG", story.slug))}">'
            f"{escape(story.title)}</a></h3>\n"
            f"<p>{escape(story.summary)}</p>\n"
            f'<p class="card-meta">{in_use if record and record.taken_into_use else learnt}'
            f"{' ' + internal if story.visibility == Visibility.INTERNAL else ''} {when}</p>\n"
            f"</li>"
        )
    return mark_safe('<ul class="cards">\n' + "\n".join(cards) + "\n</ul>")  # noqa: S308 - every value is escaped
