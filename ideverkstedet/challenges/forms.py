from datetime import datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import ServiceArea, User
from ideverkstedet.challenges.models import (
    Audience,
    Challenge,
    IdeaStatus,
    Insight,
    Phase,
    Report,
    Visibility,
)
from ideverkstedet.core.bounds import MAX_ID, BoundedModelMultipleChoiceField
from ideverkstedet.core.forms import DateInput, TimeInput, sensible_year
from ideverkstedet.core.i18n import localized
from ideverkstedet.core.images import ImageUploadField, reencode_image
from ideverkstedet.core.times import NonexistentLocalTime, local_datetime


class ImageMixin:
    cleaned_data: dict[str, Any]

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        return reencode_image(image) if image else None


class FilterForm(forms.Form):
    fase = forms.ChoiceField(label=_("Fase"), required=False)
    omrade = forms.ChoiceField(label=_("Tjenesteområde"), required=False)
    stikkord = forms.SlugField(label=_("Stikkord"), required=False, max_length=80)
    apen = forms.BooleanField(label=_("Bare de som er åpne for innspill nå"), required=False)
    mine = forms.BooleanField(label=_("Bare mine utfordringer"), required=False)

    def __init__(self, *args: Any, show_mine: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phase_field = cast(forms.ChoiceField, self.fields["fase"])
        phase_field.choices = [("", _("Alle faser"))] + [
            (p.slug, localized(p, "name")) for p in Phase.objects.all()
        ]
        area_field = cast(forms.ChoiceField, self.fields["omrade"])
        area_field.choices = [
            ("", _("Alle tjenesteområder")),
            *ServiceArea.objects.values_list("slug", "name"),
        ]
        if not show_mine:
            del self.fields["mine"]


class ChallengeForm(ImageMixin, forms.Form):
    title = forms.CharField(
        label=_("Tittel"), max_length=200, help_text=_("Gjerne som et spørsmål: «Hvordan kan vi …?»")
    )
    summary = forms.CharField(
        label=_("Kort sammendrag"),
        max_length=300,
        required=False,
        help_text=_("Én eller to setninger som vises i lister."),
    )
    description = forms.CharField(
        label=_("Beskrivelse"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Hva er utfordringen, for hvem, og hva vet dere allerede? Du kan bruke Markdown."),
    )
    visibility = forms.ChoiceField(
        label=_("Hvem kan lese utfordringen?"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        widget=forms.RadioSelect,
    )
    service_areas = BoundedModelMultipleChoiceField(
        label=_("Tjenesteområder som er involvert"),
        queryset=ServiceArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Stikkord"),
        max_length=400,
        required=False,
        help_text=_("Skill med komma, for eksempel: barn, digitalt"),
    )
    image = ImageUploadField(
        label=_("Bilde"), required=False, help_text=_("JPEG, PNG eller WebP, høyst 10 MB.")
    )
    image_alt = forms.CharField(
        label=_("Beskriv bildet for dem som ikke ser det"), max_length=200, required=False
    )

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not owner.is_municipal:
            del self.fields["visibility"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Beskriv bildet, så alle får med seg hva det viser."))
        return data


class PhaseForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Ny fase"), queryset=Phase.objects.all(), empty_label=None)
    note = forms.CharField(
        label=_("Kort notat"),
        max_length=500,
        required=False,
        help_text=_("Hva har skjedd? Notatet vises i historikken og sendes til dem som følger utfordringen."),
    )


def _local(day: Any, clock: time, field: str, form: forms.Form) -> datetime | None:
    if not (timezone.localdate().year - 1 <= day.year <= timezone.localdate().year + 2):
        form.add_error(field, _("Velg en dato fra i fjor til om to år."))
        return None
    try:
        return local_datetime(day, clock)
    except NonexistentLocalTime:
        form.add_error(field, _("Dette klokkeslettet finnes ikke den dagen (sommertid). Velg et annet."))
        return None


class OpenForInputForm(forms.Form):
    question = forms.CharField(
        label=_("Spørsmålet dere vil ha svar på"),
        max_length=300,
        help_text=_("Skriv det enkelt, for eksempel: «Hva gjør det vanskelig å søke barnehageplass?»"),
    )
    audience = forms.ChoiceField(
        label=_("Hvem kan gi innspill?"), choices=Audience.choices, widget=forms.RadioSelect
    )
    opens_on = forms.DateField(label=_("Åpner dato"), widget=DateInput(), validators=[sensible_year])
    opens_time = forms.TimeField(label=_("Åpner klokka"), widget=TimeInput(), initial=time(8, 0))
    closes_on = forms.DateField(label=_("Stenger dato"), widget=DateInput(), validators=[sensible_year])
    closes_time = forms.TimeField(label=_("Stenger klokka"), widget=TimeInput(), initial=time(23, 59))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("opens_time") is not None:
            data["opens_at"] = _local(data["opens_on"], data["opens_time"], "opens_time", self)
        if data.get("closes_on") and data.get("closes_time") is not None:
            data["closes_at"] = _local(data["closes_on"], data["closes_time"], "closes_time", self)
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes:
            if closes <= opens:
                self.add_error("closes_on", _("Sluttdatoen må være etter startdatoen."))
            elif closes <= timezone.now():
                self.add_error("closes_on", _("Sluttdatoen kan ikke være passert."))
        return data


class CloseInputForm(forms.Form):
    outcome = forms.CharField(
        label=_("Hva skjedde videre?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Fortell dem som ga innspill hva dere gjorde med dem. Teksten vises på utfordringen."),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-postadressen til kollegaen"), max_length=254)


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Melding til laget (valgfritt)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InsightForm(forms.ModelForm):
    class Meta:
        model = Insight
        fields = ["kind", "title", "body", "source", "observed_on", "method", "is_shareable"]
        widgets = {"observed_on": DateInput(), "body": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "body": _(
                "Ikke skriv navn, fødselsdato eller annet som kan peke ut informantene. "
                "Skriv hva dere lærte, ikke hvem som sa det."
            ),
        }

    observed_on = forms.DateField(label=_("Dato"), widget=DateInput(), validators=[sensible_year])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observed_on"].initial = timezone.localdate()
        self.fields["method"].help_text = _(
            "For eksempel semistrukturert intervju, skygging, spørreundersøkelse."
        )


class IdeaForm(ImageMixin, forms.Form):
    title = forms.CharField(label=_("Idéen din med få ord"), max_length=200)
    description = forms.CharField(
        label=_("Beskriv idéen"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hva er idéen, og hva ville den løst? Ikke skriv personopplysninger om andre."),
    )
    image = ImageUploadField(label=_("Bilde"), required=False)
    image_alt = forms.CharField(
        label=_("Beskriv bildet for dem som ikke ser det"), max_length=200, required=False
    )
    is_anonymous = forms.BooleanField(
        label=_("Vis meg som anonym"),
        required=False,
        help_text=_(
            "Andre ser ikke navnet ditt. Innovasjonsenheten kan se hvem du er hvis innlegget blir meldt."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Beskriv bildet, så alle får med seg hva det viser."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Kommentar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    is_anonymous = forms.BooleanField(label=_("Vis meg som anonym"), required=False)
    idea = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=IdeaStatus.choices)
    note = forms.CharField(
        label=_("Forklaring"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises offentlig og sendes til dem som følger idéen."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Hva er galt?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Utdyp gjerne (valgfritt)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Den som skrev innlegget, får begrunnelsen."),
    )


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse for sperringen"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Personen får begrunnelsen."),
    )


def challenge_initial(challenge: Challenge) -> dict[str, Any]:
    return {
        "title": challenge.title,
        "summary": challenge.summary,
        "description": challenge.description,
        "visibility": challenge.visibility,
        "service_areas": list(challenge.service_areas.all()),
        "tags": ", ".join(t.name for t in challenge.tags.all()),
        "image_alt": challenge.image_alt,
    }
