from typing import Any

from django import template
from django.forms import BoundField
from django.template import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ideverkstedet.core import chrome, dates, images
from ideverkstedet.core.maps import map_search_url
from ideverkstedet.core.markdown import render_markdown

register = template.Library()


@register.filter(name="when", expects_localtime=True, is_safe=False)
def when_filter(value: Any, style: str = "date") -> str:
    """`{{ value|when:"weekday_date" }}`: a date as the active language writes it (see core/dates.py)."""
    return dates.when(value, style)


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag
def field_widget(field: BoundField) -> SafeString:
    """Render a form field's widget tied to its help text and errors (aria-describedby, aria-invalid)."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs: dict[str, str | bool] = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter(name="map_url")
def map_url_filter(place: str) -> str:
    """`{{ session.place|map_url }}`: a link that finds the place on OpenStreetMap."""
    return map_search_url(str(place))


@register.simple_tag
def card_picture(image: Any, alt: str, verb: str = "", wide: bool = False) -> SafeString:
    """A card's picture (`srcset` from the renditions, lazy) or, without one, a calm placeholder in the verb's
    colour. `image` is an ImageField's file or a stored name; no query either way. `wide`: the list has two
    cards a row, not three or four (the browser then picks a larger rendition). Built here, not in an included
    template: lists render up to 50 of these."""
    name = getattr(image, "name", image) or ""
    picture = images.picture(str(name), alt or "")
    if picture is None:
        return format_html(
            '<span class="card-picture placeholder{}" aria-hidden="true"></span>', f" {verb}" if verb else ""
        )
    responsive = ""
    if picture.srcset:
        sizes = "(max-width: 40rem) calc(100vw - 2.5rem), " + ("35rem" if wide else "20rem")
        responsive = format_html(' srcset="{}" sizes="{}"', picture.srcset, sizes)
    return format_html(
        '<img class="card-picture" src="{}"{} alt="{}" loading="lazy" decoding="async" width="960" height="480">',
        picture.src,
        responsive,
        picture.alt,
    )


@register.simple_tag(takes_context=True)
def site_header(context: Context) -> SafeString:
    """The page's header (core.chrome: rendered once per language, role, place and unread count)."""
    request = context.get("request")
    return chrome.header(request, context.get("unread_notifications") or 0)


@register.simple_tag
def site_footer() -> SafeString:
    return chrome.footer()
