from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ideverkstedet.challenges.models import Challenge
from ideverkstedet.core.bounds import sensible_date
from ideverkstedet.core.forms import DateInput, TimeInput
from ideverkstedet.events.models import Session
from ideverkstedet.methods.models import Difficulty, Method, Phase, Plan, PlanBlock
from ideverkstedet.methods.selectors import MethodFilter, Tie
from ideverkstedet.rooms.models import Booking


class WholeNumberInput(forms.NumberInput):
    """A number field shows only a number: a value a browser never sends ("mange" typed into the address)
    is reported as an error and shown empty, since type=number cannot hold it."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
            return None
        return super().format_value(value)


def _number(
    label: Any, *, required: bool = False, min_value: int = 1, max_value: int = 1440, **kwargs: Any
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        widget=WholeNumberInput,
        **kwargs,
    )


class MethodFilterForm(forms.Form):
    """The method list's filters: a plain GET form. Values that do not make sense are reported and ignored."""

    fase = forms.ChoiceField(label=_("Fase"), required=False, choices=[("", _("Alle faser")), *Phase.choices])
    minutter = _number(
        _("Tid dere har (minutter)"), help_text=_("Viser metoder som kan gjøres på denne tiden.")
    )
    # Shown together under the legend "Hvor mange er dere?".
    personer_fra = _number(_("Fra"), max_value=500)
    personer_til = _number(_("Til"), max_value=500)
    niva = forms.ChoiceField(
        label=_("Vanskelighetsgrad"), required=False, choices=[("", _("Alle")), *Difficulty.choices]
    )
    q = forms.CharField(label=_("Søk"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    def wanted(self) -> MethodFilter:
        """The filter from the valid fields (is_valid() must have been called)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return MethodFilter(
            phase=data.get("fase") or None,
            max_minutes=data.get("minutter"),
            people_from=data.get("personer_fra"),
            people_to=data.get("personer_til"),
            difficulty=data.get("niva") or None,
            query=(data.get("q") or "").strip(),
        )


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "date", "start_time", "notes", "is_shared", "is_template"]
        labels = {"title": _("Tittel"), "date": _("Dato"), "start_time": _("Starter klokka")}
        help_texts = {
            "date": _("La stå tom hvis dato ikke er bestemt."),
            "notes": _("Mål for økta, hvem som kommer, praktiske ting."),
        }
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    date = forms.DateField(
        label=_("Dato"),
        required=False,
        widget=DateInput(),
        validators=[sensible_date],
        help_text=_("La stå tom hvis dato ikke er bestemt."),
    )
    tie = forms.ChoiceField(
        label=_("Knyttet til"),
        required=False,
        help_text=_("Velg bookingen eller økta verkstedet holdes i, så ser du om programmet får plass."),
    )

    challenge = forms.ModelChoiceField(
        label=_("Utfordring"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("Ingen utfordring"),
        help_text=_("Utfordringen verkstedet jobber med. Laget finner opplegget på utfordringens side."),
    )

    field_order = ["title", "date", "start_time", "tie", "challenge", "notes", "is_shared", "is_template"]

    def __init__(
        self,
        *args: Any,
        can_publish: bool = False,
        bookings: Iterable[Booking] = (),
        sessions: Iterable[Session] = (),
        current: Tie | None = None,
        challenges: QuerySet[Challenge] | None = None,
        **kwargs: Any,
    ) -> None:
        """`bookings` and `sessions` are what the person may choose (selectors.bookings_for_plan and
        sessions_for_plan); `current` is the plan's tie, kept as a choice even when it no longer qualifies."""
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["is_template"]
        self.fields["notes"].label = _("Notater")
        if challenges is None or not challenges.exists():
            del self.fields["challenge"]
        else:
            self.fields["challenge"].queryset = challenges  # type: ignore[attr-defined]
        self._bookings = {f"booking-{b.pk}": b for b in bookings}
        self._sessions = {f"okt-{s.pk}": s for s in sessions}
        booking_choices = [(key, Tie.of_booking(b).label()) for key, b in self._bookings.items()]
        session_choices = [(key, Tie.of_session(s).label()) for key, s in self._sessions.items()]
        current_key = (
            "" if current is None else f"{'booking' if current.kind == 'booking' else 'okt'}-{current.pk}"
        )
        if current is not None and current_key not in self._bookings and current_key not in self._sessions:
            # Still tied to a booking that has ended, say: keep it choosable, so saving does not untie it.
            choices = booking_choices if current.kind == "booking" else session_choices
            choices.insert(0, (current_key, current.label()))
            self._current_key = current_key
        else:
            self._current_key = ""
        if not booking_choices and not session_choices:
            del self.fields["tie"]
            return
        grouped: list[Any] = [("", _("Ikke knyttet til noe"))]
        if booking_choices:
            grouped.append((_("Mine bookinger"), booking_choices))
        if session_choices:
            grouped.append((_("Økter i arrangementer"), session_choices))
        field = self.fields["tie"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = grouped
        if current is not None and not self.is_bound:
            self.initial["tie"] = current_key

    def clean_tie(self) -> str:
        return str(self.cleaned_data.get("tie") or "")

    def chosen_tie(self, plan: Plan | None = None) -> tuple[Booking | None, Session | None]:
        """The booking or session chosen (after is_valid()). The one the plan already has, when kept."""
        key = self.cleaned_data.get("tie", "")
        if not key:
            return None, None
        if key == self._current_key and plan is not None:
            return plan.booking, plan.session
        if key in self._bookings:
            return self._bookings[key], None
        return None, self._sessions.get(key)


class MethodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.duration_min}–{obj.duration_max} min)"


class MethodBlockForm(forms.Form):
    method = MethodChoiceField(
        label=_("Metode"), queryset=Method.objects.none(), empty_label=_("Velg en metode")
    )
    minutes = _number(
        _("Minutter"), max_value=PlanBlock.MAX_MINUTES, help_text=_("Tom: metodens korteste tid.")
    )
    facilitator_notes = forms.CharField(
        label=_("Notater til tilretteleggeren"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, methods: QuerySet[Method] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "metode")
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = (  # type: ignore[attr-defined]
            methods if methods is not None else Method.objects.published()
        )


class FreeBlockForm(forms.Form):
    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        help_text=_("For eksempel «Velkommen», «Pause» eller «Oppsummering»."),
    )
    minutes = _number(_("Minutter"), required=True, max_value=PlanBlock.MAX_MINUTES)
    facilitator_notes = forms.CharField(
        label=_("Notater til tilretteleggeren"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "fri")
        super().__init__(*args, **kwargs)


class BlockForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    minutes = _number(_("Minutter"), required=True, max_value=PlanBlock.MAX_MINUTES)
    facilitator_notes = forms.CharField(
        label=_("Notater til tilretteleggeren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vises bare i tilretteleggerens versjon."),
    )


class AddToPlanForm(forms.Form):
    """On a method's page: put this method into one of my plans."""

    plan = forms.ModelChoiceField(label=_("Opplegg"), queryset=Plan.objects.none(), empty_label=None)
    minutes = _number(_("Minutter"), max_value=PlanBlock.MAX_MINUTES)

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "legg-til")
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
