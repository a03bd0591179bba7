"""The method cards Ideverkstedet ships with, in methods.toml: read by migration 0002 and by `demo`.

Each card has language-neutral facts (slug, phases, duration, group size, difficulty, related methods,
licence) and one table of texts per language: `nb` fills the base fields, `nn` the `_nn` ones and `en` the
`_en` ones. Loading never overwrites a card that already exists, so what the unit edits in the admin stays.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

CONTENT_FILE = Path(__file__).with_name("methods.toml")
LANGUAGE_SUFFIXES = {"nb": "", "nn": "_nn", "en": "_en"}


@cache
def method_specs() -> tuple[dict[str, Any], ...]:
    with CONTENT_FILE.open("rb") as handle:
        return tuple(tomllib.load(handle)["method"])


def field_values(spec: dict[str, Any]) -> dict[str, Any]:
    """The model field values of one card (everything but the related methods)."""
    values: dict[str, Any] = {
        "phases": list(spec["phases"]),
        "duration_min": spec["duration"][0],
        "duration_max": spec["duration"][1],
        "group_min": spec["group"][0],
        "group_max": spec["group"][1],
        "difficulty": spec["difficulty"],
        "licence": spec.get("licence", "NLOD 2.0"),
    }
    for language, suffix in LANGUAGE_SUFFIXES.items():
        for field, text in spec[language].items():
            values[field + suffix] = text.strip()
    return values


def load_methods(method_model: Any) -> int:
    """Create the cards that do not exist yet (by slug) and link related methods. Returns how many were new.

    Takes the model class as an argument so that the data migration can pass its historical model.
    """
    specs = method_specs()
    existing = set(method_model.objects.values_list("slug", flat=True))
    created = [
        method_model(slug=spec["slug"], **field_values(spec))
        for spec in specs
        if spec["slug"] not in existing
    ]
    method_model.objects.bulk_create(created)
    new_slugs = {m.slug for m in created}
    by_slug = {m.slug: m for m in method_model.objects.filter(slug__in=[s["slug"] for s in specs])}
    for spec in specs:
        if spec["slug"] in new_slugs:
            related = [by_slug[slug] for slug in spec.get("related", []) if slug in by_slug]
            by_slug[spec["slug"]].related.add(*related)
    return len(created)


def unload_methods(method_model: Any) -> None:
    """The reverse of load_methods: remove the shipped cards (plan blocks keep their titles and minutes)."""
    method_model.objects.filter(slug__in=[spec["slug"] for spec in method_specs()]).delete()
