from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ideverkstedet.search.models import SearchEntry


class SearchForm(forms.Form):
    """The search page's GET form. No length limit: the selector cuts over-long input itself."""

    q = forms.CharField(label=_("Søk etter"), required=False)
    type = forms.ChoiceField(
        label=_("Vis"),
        required=False,
        choices=[
            ("", _("Alt")),
            (SearchEntry.Kind.CHALLENGE, _("Utfordringer")),
            (SearchEntry.Kind.IDEA, _("Ideer")),
            (SearchEntry.Kind.METHOD, _("Metoder")),
            (SearchEntry.Kind.STORY, _("Historier")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "search_%s")
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def query(self) -> str:
        """The valid query, or "" (is_valid() must have been called)."""
        return str(getattr(self, "cleaned_data", {}).get("q") or "")

    def kinds(self) -> list[str] | None:
        wanted = getattr(self, "cleaned_data", {}).get("type")
        return [wanted] if wanted else None
