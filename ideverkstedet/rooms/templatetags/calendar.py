"""The week calendar's segments, rendered in Python.

The week page shows dozens of segments and is among the busiest pages; building each <li> with format_html
is several times faster than the equivalent template loop (figures in bench/README.md). The markup is the same
a template would give, and every text is translated.
"""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ideverkstedet.rooms.selectors import CalendarDay

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_segments(context: Any, day: CalendarDay) -> SafeString:
    can_book, manage, user_pk = context["can_book"], context["manage"], context["user_pk"]
    book_url, detail_url = context["book_url"], context["detail_url"]
    # Translated once per page (the render context lives for one request), not once per day.
    labels = context.render_context.get("calendar_labels")
    if labels is None:
        labels = context.render_context["calendar_labels"] = {
            "book": _("Ledig – book"),
            "free": _("Ledig"),
            "past": _("Passert"),
            "too_short": _("For kort til å booke"),
            "yours": _("Din booking"),
            "busy": _("Opptatt"),
            "busy_waiting": _("Opptatt, venter på godkjenning"),
            "waiting": _("venter"),
        }
    items = []
    for segment in day.segments:
        if segment.free:
            if not segment.bookable:
                body = format_html("<span>{}</span>", labels["past"] if segment.past else labels["too_short"])
                css = "segment free past"
            elif can_book:
                body = format_html(
                    '<a href="{}?dato={}&amp;fra={}&amp;til={}">{}<span class="visually-hidden"> {} {}</span></a>',
                    book_url,
                    day.iso,
                    segment.from_label,
                    segment.until_label,
                    labels["book"],
                    day.iso,
                    segment.from_label,
                )
                css = "segment free"
            else:
                body = format_html("<span>{}</span>", labels["free"])
                css = "segment free"
        else:
            booking = segment.booking
            assert booking is not None
            css = "segment busy tentative" if booking.status == "requested" else "segment busy"
            if booking.organiser_id == user_pk or manage:
                if booking.kind == "block":
                    text = booking.title
                elif booking.organiser_id == user_pk:
                    text = labels["yours"]
                else:
                    text = booking.organiser.display_name
                body = format_html('<a href="{}{}/">{}</a>', detail_url, booking.pk, text)
                if booking.status == "requested":
                    body = format_html('{} <span class="tag">{}</span>', body, labels["waiting"])
            else:
                # Say in words what the colour says: a request not yet approved.
                label = labels["busy_waiting"] if booking.status == "requested" else labels["busy"]
                body = format_html("<span>{}</span>", label)
        items.append((css, segment.label, body))
    return format_html_join("\n", '<li class="{}"><span class="time">{}</span> {}</li>', items)
