from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import ServiceArea, User
from ideverkstedet.desk.models import Kind, Priority, Status
from ideverkstedet.desk.selectors import QueueFilter
from ideverkstedet.rooms.forms import DateInput

MAX_DAYS_AHEAD = 3 * 365
# In a list of choices a status starts with a capital letter ("Ny", not "ny"), as everywhere else on the pages.
STATUS_CHOICES = [(value, capfirst(label)) for value, label in Status.choices]


class KindChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        kind: Kind = obj
        return f"{kind.label} – {kind.explanation}" if kind.explanation else kind.label


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,image/jpeg,image/png,image/webp,image/gif"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _bounded_date(value: date | None) -> None:
    if value is None:
        return
    today = timezone.localdate()
    if value < today - timedelta(days=1) or value > today + timedelta(days=MAX_DAYS_AHEAD):
        raise forms.ValidationError(_("Velg en dato mellom i dag og tre år fram i tid."))


class AskForm(forms.Form):
    kind = KindChoiceField(
        label=_("Hva trenger dere hjelp til?"),
        queryset=Kind.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    need = forms.CharField(
        label=_("Fortell med egne ord"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Hva er utfordringen, og hva ønsker dere dere fra oss? Skriv ikke personopplysninger om andre "
            "(navn, helse, saker)."
        ),
    )
    group_name = forms.CharField(
        label=_("Hvem gjelder det?"),
        required=False,
        max_length=200,
        help_text=_("Enheten, teamet eller organisasjonen."),
    )
    group_size = forms.IntegerField(
        label=_("Hvor mange er dere?"), required=False, min_value=1, max_value=2000
    )
    no_hurry = forms.BooleanField(label=_("Ingen hast – når det passer for dere"), required=False)
    window_start = forms.DateField(
        label=_("Tidligst"), required=False, widget=DateInput, validators=[_bounded_date]
    )
    window_end = forms.DateField(
        label=_("Senest"), required=False, widget=DateInput, validators=[_bounded_date]
    )
    attachments = MultipleFileField(
        label=_("Vedlegg"),
        required=False,
        help_text=_("PDF eller bilder, høyst 5 filer på 8 MB hver."),
    )

    def __init__(self, *args: Any, kinds: QuerySet[Kind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            self.add_error("window_end", _("«Senest» må være etter «tidligst»."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Melding"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    internal = forms.BooleanField(
        label=_("Intern merknad (bare Innovasjonsenheten ser den)"),
        required=False,
    )

    def __init__(self, *args: Any, can_note: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "message")
        super().__init__(*args, **kwargs)
        if not can_note:
            del self.fields["internal"]


class AssignForm(forms.Form):
    assignees = forms.ModelMultipleChoiceField(
        label=_("Rådgivere på saken"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    priority = forms.TypedChoiceField(
        label=_("Prioritet"), choices=Priority.choices, coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, advisers: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = advisers  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
    reason = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Må fylles ut ved avslag eller henvisning. Den som spurte, får se den."),
    )
    agreed = forms.CharField(
        label=_("Hva vi har avtalt"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Den som spurte, ser dette på siden for henvendelsen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Hvor fornøyd er du med hjelpen? (1 = lite, 5 = svært)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Én setning om hvordan det gikk"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "evaluation")
        super().__init__(*args, **kwargs)


class QueueFilterForm(forms.Form):
    """The queue's filters: a plain GET form. Values that make no sense are reported and ignored."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Åpne")), ("all", _("Alle")), *STATUS_CHOICES],
    )
    kind = forms.TypedChoiceField(label=_("Type"), required=False, coerce=int, empty_value=None)
    assigned = forms.TypedChoiceField(label=_("Rådgiver"), required=False, coerce=int, empty_value=None)
    service_area = forms.TypedChoiceField(
        label=_("Tjenesteområde"), required=False, coerce=int, empty_value=None
    )
    overdue = forms.BooleanField(label=_("Bare over fristen"), required=False)
    mine = forms.BooleanField(label=_("Bare mine"), required=False)
    q = forms.CharField(label=_("Søk (referanse eller tekst)"), required=False, max_length=100)

    def __init__(
        self, *args: Any, kinds: list[Kind], advisers: list[User], areas: list[ServiceArea], **kwargs: Any
    ):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alle typer")), *((k.pk, k.label) for k in kinds)]  # type: ignore[attr-defined]
        self.fields["assigned"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle")),
            (0, _("Ingen ennå")),
            *((a.pk, a.display_name) for a in advisers),
        ]
        self.fields["service_area"].choices = [("", _("Alle områder")), *((a.pk, a.name) for a in areas)]  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"

    def wanted(self) -> QueueFilter:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return QueueFilter(
            status=data.get("status") or "open",
            kind=data.get("kind"),
            assigned=data.get("assigned"),
            service_area=data.get("service_area"),
            overdue=bool(data.get("overdue")),
            mine=bool(data.get("mine")),
            query=(data.get("q") or "").strip(),
        )
