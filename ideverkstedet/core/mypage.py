"""Min side: an overview of what is next for a person, put together from the apps.

Each app registers the sections it contributes (what is coming, what waits for an answer) with a template and a
function that returns the section's context for a person, or None when it has nothing to show. The accounts app
renders them in order above the profile, so core never imports an app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    order: int  # smaller comes first: what waits for an answer before what is just coming
    template: str
    context: Callable[[Any], dict[str, Any] | None]


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def sections_for(user: Any) -> list[tuple[Section, dict[str, Any]]]:
    """The sections that have something for this person, in order, each with its context."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(user)
        if context is not None:
            shown.append((section, context))
    return shown


def render_sections(request: Any) -> list[str]:
    """Each section rendered with its own template and context (one template per section, not per item)."""
    from django.template.loader import render_to_string

    return [
        render_to_string(section.template, context, request)
        for section, context in sections_for(request.user)
    ]
