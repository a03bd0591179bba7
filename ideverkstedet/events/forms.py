from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.forms import DateInput, TimeInput, sensible_year
from ideverkstedet.core.images import ImageUploadField, reencode_image
from ideverkstedet.core.times import NonexistentLocalTime, local_datetime
from ideverkstedet.events.models import Event, EventKind
from ideverkstedet.rooms.models import Room


class RegistrationForm(forms.Form):
    places = forms.IntegerField(
        label=_("Hvor mange personer melder du på?"), min_value=1, max_value=500, initial=1
    )
    answer = forms.CharField(
        label="", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = self.fields["places"]
        places.widget.attrs["max"] = event.max_places_per_registration
        places.validators.append(MaxValueValidator(event.max_places_per_registration))
        if event.max_places_per_registration == 1:
            places.widget = forms.HiddenInput()
        if event.question:
            self.fields["answer"].label = event.question
            self.fields["answer"].help_text = _("Valgfritt. Ikke skriv personopplysninger om andre.")
        else:
            del self.fields["answer"]


class WaitlistMoveForm(forms.Form):
    position = forms.IntegerField(label=_("Ny plass i køen"), min_value=1, max_value=100_000)
    reason = forms.CharField(
        label=_("Begrunnelse"), max_length=500, help_text=_("Personen får se begrunnelsen.")
    )


class SessionForm(forms.Form):
    """One session: a local date and times (summer time handled), in one of our rooms or somewhere else."""

    date = forms.DateField(label=_("Dato"), widget=DateInput(), validators=[sensible_year])
    start_time = forms.TimeField(label=_("Fra klokka"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Til klokka"), widget=TimeInput())
    room = forms.ModelChoiceField(
        label=_("Rom"),
        queryset=Room.objects.filter(is_active=True, kind=Room.Kind.ROOM),
        required=False,
        empty_label=_("Ikke i Ideverkstedet"),
    )
    place = forms.CharField(label=_("Sted (hvis ikke i et av rommene våre)"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            try:
                data["session_start"] = local_datetime(day, start)
                data["session_end"] = local_datetime(day, end)
            except NonexistentLocalTime:
                self.add_error(
                    "start_time", _("Klokkeslettet finnes ikke denne dagen (overgang til sommertid).")
                )
            else:
                if data["session_end"] <= data["session_start"]:
                    self.add_error("end_time", _("Sluttidspunktet må være etter starttidspunktet."))
        if not data.get("room") and not (data.get("place") or "").strip():
            self.add_error("place", _("Velg et rom, eller skriv hvor det skal være."))
        return data


class EventForm(SessionForm):
    """Staff make an event with its first session; more sessions can be added afterwards."""

    title = forms.CharField(label=_("Tittel"), max_length=200)
    kind = forms.ModelChoiceField(label=_("Type"), queryset=EventKind.objects.all(), empty_label=None)
    summary = forms.CharField(label=_("Kort beskrivelse"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown."),
    )
    registration = forms.ChoiceField(
        label=_("Påmelding"), choices=Event.Registration.choices, widget=forms.RadioSelect
    )
    audience = forms.MultipleChoiceField(
        label=_("Hvem kan melde seg på"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[r.value for r in Role],
    )
    is_public = forms.BooleanField(label=_("Offentlig (synlig for alle)"), required=False, initial=True)
    capacity = forms.IntegerField(label=_("Plasser"), min_value=1, max_value=5000, initial=20)
    max_places_per_registration = forms.IntegerField(
        label=_("Plasser per påmelding"),
        min_value=1,
        max_value=50,
        initial=1,
        help_text=_("Mer enn 1 gir gruppeplasser."),
    )
    takes_waitlist = forms.BooleanField(label=_("Venteliste når det er fullt"), required=False, initial=True)
    question = forms.CharField(label=_("Spørsmål ved påmelding"), max_length=300, required=False)
    image = ImageUploadField(
        label=_("Bilde"), required=False, help_text=_("JPEG, PNG, WebP eller GIF, høyst 8 MB.")
    )
    image_alt = forms.CharField(label=_("Hva viser bildet?"), max_length=200, required=False)
    field_order = [
        "title",
        "kind",
        "summary",
        "description",
        "registration",
        "audience",
        "is_public",
        "capacity",
        "max_places_per_registration",
        "takes_waitlist",
        "question",
        "image",
        "image_alt",
        "date",
        "start_time",
        "end_time",
        "room",
        "place",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Dato for første økt")

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # the session's date, times and place (SessionForm)
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Skriv en kort tekst om hva bildet viser (for skjermlesere)."))
        return data

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        return reencode_image(image) if image else None


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor avlyses arrangementet?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alle påmeldte får se begrunnelsen."),
    )


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Hvor nyttig var det? (1 = lite, 5 = svært)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    useful = forms.CharField(
        label=_("Hva var mest nyttig?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    improve = forms.CharField(
        label=_("Hva kan vi gjøre bedre?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EventEditForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    summary = forms.CharField(label=_("Kort beskrivelse"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    capacity = forms.IntegerField(label=_("Plasser"), min_value=1, max_value=5000)
    question = forms.CharField(label=_("Spørsmål ved påmelding"), max_length=300, required=False)
