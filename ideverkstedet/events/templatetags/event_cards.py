"""Event cards (the event list, the front page, "Møte"), rendered in Python.

Twenty cards through the template engine cost about 0.7 ms each (the weekday date, the session count's plural,
the places label, the URL), several times the rest of the list; the include per card was not the cost (the
same markup inline or as a `{% partial %}` took as long). Building each <li> with format_html, with the labels
translated and the URL reversed once per call, gives the same markup (bench/README.md, "Pages: what was done").
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideverkstedet.core import dates
from ideverkstedet.core.templatetags.idv import card_picture

register = template.Library()

CARD = (
    '<li class="card event-card">\n  {}\n  <p class="verb">{}</p>\n'
    '  <h3 class="card-title"><a href="{}">{}</a></h3>\n  {}\n  <p>{}</p>\n  {}\n</li>'
)


@register.simple_tag
def event_cards(events: Iterable[Any]) -> SafeString:
    """The <li> cards of some events as `upcoming_events` gives them (sessions prefetched, `taken` annotated)."""
    pattern = reverse("events:event_detail", args=["SLUG"])
    full = format_html('<p class="tag">{}</p>', _("Fullt – venteliste"))
    free = format_html('<p class="tag">{}</p>', _("Ledige plasser"))
    drop_in = format_html('<p class="tag">{}</p>', _("Bare kom"))
    kinds: dict[int, str] = {}
    cards = []
    for event in events:
        if event.kind_id not in kinds:
            kinds[event.kind_id] = str(event.kind)
        sessions = list(event.sessions.all())
        when = ""
        if sessions:
            start, end = timezone.localtime(sessions[0].start), timezone.localtime(sessions[0].end)
            more = ""
            if len(sessions) > 1:
                count = ngettext("%(n)s økt", "%(n)s økter", len(sessions)) % {"n": len(sessions)}
                more = format_html(' <span class="muted">({})</span>', count)
            when = format_html(
                "<p><strong>{}</strong>, {}–{}{}</p>",
                capfirst(dates.when(start, "weekday")),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                more,
            )
        if event.registration == "required":
            places = full if (getattr(event, "taken", 0) or 0) >= event.capacity else free
        else:
            places = drop_in
        cards.append(
            (
                card_picture(event.image, event.image_alt, "mote"),
                kinds[event.kind_id],
                pattern.replace("SLUG", event.slug),
                event.title,
                when,
                event.summary,
                places,
            )
        )
    return format_html_join("", CARD, cards)
