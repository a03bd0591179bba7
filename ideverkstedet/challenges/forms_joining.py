"""Forms for merging ideas and joining challenges. The services check everything again."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ideverkstedet.challenges.models import Challenge, Idea, JoinProposal


class MergeForm(forms.Form):
    duplicates = forms.ModelMultipleChoiceField(
        label=_("Ideer som sier det samme"),
        queryset=Idea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Heiarop og følgere flyttes hit, og hver person teller én gang. Idéene blir stående, med lenke hit."
        ),
        error_messages={"required": _("Velg minst én idé som skal slås sammen med denne.")},
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises offentlig og sendes til dem som skrev og fulgte idéene."),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["duplicates"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda idea: idea.title  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Begrunnelse"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class JoinProposalForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Hvilken av deres utfordringer er den samme?"),
        queryset=Challenge.objects.none(),
        empty_label=None,
    )
    keep = forms.ChoiceField(
        label=_("Hvilken skal beholdes?"),
        choices=JoinProposal.Keep.choices,
        widget=forms.RadioSelect,
        initial=JoinProposal.Keep.TARGET,
        help_text=_("Den andre blir en side som bare kan leses, med lenke videre."),
    )
    message = forms.CharField(
        label=_("Hvorfor har dere samme utfordring?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]


class JoinAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Svar til laget som spurte"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Må fylles ut hvis dere sier nei."),
    )
