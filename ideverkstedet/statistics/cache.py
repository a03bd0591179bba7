"""The barometer's cache: each section's figures, and its HTML, in Django's cache.

Computing the barometer reads thousands of rows (about 25 aggregate queries, 0.1–0.3 s on the large demo), so
the page keeps what it computed, per section, under a key made of

- the section, the period's first and last day and the service area;
- the audience: "public", or the role of a person of the municipality (employees, leaders and advisers may see
  more than the public: a key per role, so no one is ever shown figures made for another audience);
- the language (labels and number formats are made in it);
- the versions of the data the section reads (changes.py: raised after every commit that changes a booking, a
  story, a request to the desk …, read in one query per request).

A change therefore makes the next request compute the sections that read the changed data (a booking: only the
workshop), in every worker. TIMEOUT bounds how long a change made without signals (`QuerySet.update()`) can
take to show, and how long unused entries stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from ideverkstedet.statistics import changes
from ideverkstedet.statistics.figures import SECTIONS, Barometer, Figure, section_figures
from ideverkstedet.statistics.period import Period

TIMEOUT = 10 * 60
PUBLIC = "public"
# What each section reads (changes.TOPICS): its cache key carries these topics' versions.
SECTION_TOPICS: dict[str, tuple[str, ...]] = {
    "innovation": ("stories", "org"),
    "workshop": ("rooms", "events", "desk", "org"),
    "participation": ("challenges", "org"),
}


def audience(user: Any) -> str:
    """Whom the figures are made for: the public, or a role of the municipality's people."""
    if not user.has_perm("statistics.view_internal_statistics"):
        return PUBLIC
    return f"role-{user.role}"


def is_internal(audience: str) -> bool:
    return audience != PUBLIC


def _key(kind: str, section: str, period: Period, audience: str, versions: dict[str, int]) -> str:
    stamp = ".".join(str(versions.get(topic, 0)) for topic in SECTION_TOPICS[section])
    language = translation.get_language() or settings.LANGUAGE_CODE
    return (
        f"statistics:{kind}:{section}:{period.first}:{period.last}:{period.service_area}:{audience}:"
        f"{language}:{stamp}"
    )


def barometer(period: Period, audience: str, versions: dict[str, int] | None = None) -> Barometer:
    """Every figure for the period and audience: from the cache, or computed and kept (section by section)."""
    versions = changes.versions() if versions is None else versions
    internal = is_internal(audience)
    keys = {section: _key("figures", section, period, audience, versions) for section in SECTIONS}
    found = cache.get_many(list(keys.values()))
    figures: list[Figure] = []
    for section, key in keys.items():
        part = found.get(key)
        if part is None:
            part = section_figures(section, period, internal=internal)
            cache.set(key, part, TIMEOUT)
        figures += part
    return Barometer(period=period, internal=internal, figures=figures)


def page_html(
    period: Period,
    audience: str,
    render_section: Callable[[str, str, list[Figure]], str],
    render_form: Callable[[], str],
) -> tuple[str, list[str]]:
    """The page's filter form and each section's HTML (`render_section(key, label, figures)`), from the cache
    (one `get_many`) or rendered and kept. The form shows the period, the service areas and the years up to
    this one, so its key carries the period, the "org" version, this year and the language."""
    from django.utils import timezone

    versions = changes.versions()
    keys = {section: _key("html", section, period, audience, versions) for section in SECTIONS}
    form_key = (
        f"statistics:form:{period.first}:{period.last}:{period.service_area}:{timezone.localdate().year}:"
        f"{translation.get_language() or settings.LANGUAGE_CODE}:{versions.get('org', 0)}"
    )
    found = cache.get_many([*keys.values(), form_key])
    result: Barometer | None = None
    parts = []
    for section, label in SECTIONS.items():
        html = found.get(keys[section])
        if html is None:
            if result is None:
                result = barometer(period, audience, versions)
            html = render_section(section, str(label), [f for f in result.figures if f.section == section])
            cache.set(keys[section], html, TIMEOUT)
        parts.append(html)
    form = found.get(form_key)
    if form is None:
        form = render_form()
        cache.set(form_key, form, TIMEOUT)
    return form, parts
