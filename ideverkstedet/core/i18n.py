"""Content the unit writes in three languages: a bokmål field with `_nn` and `_en` twins."""

from typing import Any

from django.utils.translation import get_language


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """`obj.<field>` in the active language (`<field>_nn`, `<field>_en`), falling back to bokmål when empty."""
    language = (language or get_language() or "nb").lower()
    suffix = "_nn" if language.startswith("nn") else "_en" if language.startswith("en") else ""
    if suffix:
        value = getattr(obj, field + suffix, "")
        if value:
            return str(value)
    return str(getattr(obj, field))
