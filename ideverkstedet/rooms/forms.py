from datetime import datetime
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.errors import Problem
from ideverkstedet.core.forms import DateInput, TimeInput, sensible_year
from ideverkstedet.core.times import NonexistentLocalTime, local_datetime
from ideverkstedet.rooms.models import GroupType, OutcomeKind, PurposeKind, Room
from ideverkstedet.rooms.selectors import QueueFilter


class TimeRangeForm(forms.Form):
    """A local date with start and end times, turned into aware instants (summer time handled)."""

    date = forms.DateField(label=_("Dato"), widget=DateInput(), validators=[sensible_year])
    start_time = forms.TimeField(label=_("Fra klokka"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Til klokka"), widget=TimeInput())

    def __init__(self, *args: Any, room: Room | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if room is not None:
            step = str(room.slot_minutes * 60)
            self.fields["start_time"].widget.attrs["step"] = step
            self.fields["end_time"].widget.attrs["step"] = step
            self.fields["start_time"].help_text = _("Hele %(slot)s minutter, for eksempel 09:00.") % {
                "slot": room.slot_minutes
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            try:
                data["start"] = local_datetime(day, start)
            except NonexistentLocalTime:
                self.add_error(
                    "start_time", _("Klokkeslettet finnes ikke denne dagen (overgang til sommertid).")
                )
            try:
                data["end"] = local_datetime(day, end)
            except NonexistentLocalTime:
                self.add_error(
                    "end_time", _("Klokkeslettet finnes ikke denne dagen (overgang til sommertid).")
                )
        return data

    def add_problems(self, problems: list[Problem]) -> None:
        """Show the service's rule problems on the fields they are about."""
        fields = {"start": "start_time", "end": "end_time", "reason": "reason"}
        for problem in problems:
            name = fields.get(problem.field or "", problem.field)
            self.add_error(name if name in self.fields else None, problem.message)


class BookingForm(TimeRangeForm):
    purpose_kind = forms.ModelChoiceField(
        label=_("Hva skal dere jobbe med?"),
        queryset=PurposeKind.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    group_type = forms.ChoiceField(
        label=_("Hvem kommer?"), choices=GroupType.choices, widget=forms.RadioSelect
    )
    expected_participants = forms.IntegerField(label=_("Hvor mange blir dere?"), min_value=1, max_value=500)
    needs = forms.CharField(
        label=_("Trenger dere noe?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Utstyr, tilrettelegging, hjelp fra Innovasjonsenheten. Ikke skriv personopplysninger."),
    )


class BlockForm(TimeRangeForm):
    title = forms.CharField(
        label=_("Hva sperres tiden for?"), max_length=200, help_text=_("For eksempel «Vedlikehold».")
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor avlyses bookingen?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Lagres med bookingen, så Innovasjonsenheten ser hvorfor tiden ble ledig. Avlyser du for en annen, "
            "får den som booket, lese den."
        ),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor avslås bookingen?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Den som har booket, får se begrunnelsen."),
    )


class OutcomeForm(forms.Form):
    outcome_kind = forms.ChoiceField(
        label=_("Hva kom ut av det?"), choices=OutcomeKind.choices, widget=forms.RadioSelect
    )
    outcome_text = forms.CharField(
        label=_("Fortell kort"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ikke skriv personopplysninger."),
    )
    next_step = forms.CharField(label=_("Neste steg"), required=False, max_length=300)


def initial_from_query(params: Any, room: Room) -> dict[str, Any]:
    """Prefill the booking form from the calendar's links (?dato=2026-12-01&fra=09:00&til=11:00) and the
    desk's (&antall=12)."""
    initial: dict[str, Any] = {}
    try:
        if params.get("dato"):
            initial["date"] = datetime.strptime(params["dato"], "%Y-%m-%d").date()
        if params.get("fra"):
            initial["start_time"] = datetime.strptime(params["fra"], "%H:%M").time()
        if params.get("til"):
            initial["end_time"] = datetime.strptime(params["til"], "%H:%M").time()
    except (ValueError, TypeError):
        return {}
    people = str(params.get("antall", ""))
    if people.isdigit() and 1 <= int(people) <= 500:
        initial["expected_participants"] = int(people)
    return initial


class QueueFilterForm(forms.Form):
    """The approval queue's filters: a plain GET form. A value that makes no sense is reported and ignored."""

    rom = forms.ModelChoiceField(
        label=_("Rom"),
        queryset=Room.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle rom"),
    )
    fra = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput(), validators=[sensible_year])
    til = forms.DateField(label=_("Til dato"), required=False, widget=DateInput(), validators=[sensible_year])
    rolle = forms.ChoiceField(label=_("Rolle"), required=False)
    grunn = forms.ChoiceField(
        label=_("Hvorfor godkjenning"),
        required=False,
        choices=[
            ("", _("Alle grunner")),
            ("rolle", _("Rollen trenger alltid godkjenning")),
            ("lengde", _("Lengre enn rommet tillater uten godkjenning")),
        ],
    )
    sorter = forms.ChoiceField(
        label=_("Sorter"),
        required=False,
        choices=[
            ("start", _("Tidligst først")),
            ("ny", _("Nyeste forespørsel først")),
            ("rom", _("Etter rom")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["rolle"]).choices = [("", _("Alle roller")), *Role.choices]

    def wanted(self) -> QueueFilter:
        if not self.is_bound:
            return QueueFilter()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return QueueFilter(
            room=data.get("rom"),
            day_from=data.get("fra"),
            day_to=data.get("til"),
            role=data.get("rolle") or "",
            reason=data.get("grunn") or "",
            sort=data.get("sorter") or "start",
        )


class BulkDecisionForm(forms.Form):
    """Approve or decline several bookings at once; one reason for all when declining."""

    booking = forms.TypedMultipleChoiceField(coerce=int, label=_("Bookinger"), required=True)
    decision = forms.ChoiceField(choices=[("godkjenn", _("Godkjenn")), ("avsla", _("Avslå"))])
    reason = forms.CharField(
        label=_("Begrunnelse ved avslag"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Den samme begrunnelsen går til alle du avslår."),
    )

    def __init__(self, *args: Any, choices: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["booking"]).choices = [(pk, pk) for pk in (choices or [])]
        self.fields["booking"].error_messages["required"] = _("Velg minst én booking.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "avsla" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv hvorfor bookingene avslås."))
        return data
