from datetime import time

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def minutes(value: int | None) -> str:
    """90 → "1 t 30 min"; 45 → "45 min"."""
    if value is None:
        return ""
    hours, rest = divmod(int(value), 60)
    if hours and rest:
        return _("%(h)s t %(m)s min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)s t") % {"h": hours}
    return _("%(m)s min") % {"m": rest}


@register.filter
def clock(value: time | None) -> str:
    """24-hour time as Norwegians write it: 09:05."""
    return f"{value:%H:%M}" if value else ""
