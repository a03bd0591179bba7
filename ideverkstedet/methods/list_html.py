"""The method list's cards and filter fields as HTML, made cheaply (bench/README.md, "The method library and the
planner").

Through the template engine each card was an include with a lazy translation per label and a URL reverse per
card, and each filter field went through Django's form templates. Here the cards are one pass in Python (labels
translated once per page, one reverse per page, everything stored escaped), and the filter fields' HTML is cached
under exactly what it depends on: the language, the query string and the choices offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import (
    escape,  # the standard library's: the same five characters as Django's, without the lazy wrapper
)

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ideverkstedet.core.i18n import localized
from ideverkstedet.methods.models import Difficulty, Method, Phase


def render_method_cards(methods: Iterable[Method]) -> SafeString:
    """The cards (`<li>`s) of methods/_method_list_body.html's list. Everything from the database is escaped."""
    language = get_language()
    pattern = reverse("methods:method_detail", args=["SLUG"])
    phases = {value: str(label) for value, label in Phase.choices}
    levels = {value: escape(str(label)[:1].upper() + str(label)[1:]) for value, label in Difficulty.choices}
    phase_label, time_label, people_label, level_label = (
        escape(_("Fase")),
        escape(_("Tid")),
        escape(_("Personer")),
        escape(_("Nivå")),
    )
    parts = []
    for m in methods:
        labels = ", ".join(phases[p] for p in Phase.values if p in (m.phases or []))
        parts.append(
            f'<li class="card">\n'
            f'<h3 class="card-title"><a href="{escape(pattern.replace("SLUG", m.slug))}">'
            f"{escape(localized(m, 'name', language))}</a></h3>\n"
            f"<p>{escape(localized(m, 'summary', language))}</p>\n"
            f'<dl class="facts">\n'
            f"<dt>{phase_label}</dt><dd>{escape(labels)}</dd>\n"
            f"<dt>{time_label}</dt><dd>{m.duration_min}–{m.duration_max} min</dd>\n"
            f"<dt>{people_label}</dt><dd>{m.group_min}–{m.group_max}</dd>\n"
            f"<dt>{level_label}</dt><dd>{levels.get(m.difficulty, escape(m.difficulty))}</dd>\n"
            f"</dl>\n"
            f"</li>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped
