from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import ServiceArea, User
from ideverkstedet.core.bounds import BoundedModelMultipleChoiceField
from ideverkstedet.core.forms import DateInput, sensible_year
from ideverkstedet.core.images import ImageUploadField, reencode_image
from ideverkstedet.stories.innovation import (
    Actor,
    Effect,
    EffectLevel,
    InnovationType,
    Origin,
    UserInvolvement,
)
from ideverkstedet.stories.models import Reuse, Visibility
from ideverkstedet.stories.services import MAX_ATTACHMENT_BYTES, InnovationData, StoryData


class FilterForm(forms.Form):
    omrade = forms.ChoiceField(label=_("Tjenesteområde"), required=False)
    type = forms.ChoiceField(
        label=_("Type innovasjon"), required=False, choices=[("", _("Alle typer")), *InnovationType.choices]
    )
    effekt = forms.ChoiceField(
        label=_("Effekt"), required=False, choices=[("", _("Alle effekter")), *Effect.choices]
    )
    ar = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    i_bruk = forms.ChoiceField(
        label=_("Tatt i bruk"),
        required=False,
        choices=[("", _("Alle")), ("ja", _("Tatt i bruk")), ("nei", _("Ikke tatt i bruk (ennå)"))],
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["omrade"]).choices = [
            ("", _("Alle tjenesteområder")),
            *ServiceArea.objects.values_list("slug", "name"),
        ]
        cast(forms.ChoiceField, self.fields["ar"]).choices = [("", _("Alle år"))] + [
            (y, str(y)) for y in years
        ]

    def wanted(self) -> dict[str, Any]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        in_use = {"ja": True, "nei": False}.get(data.get("i_bruk") or "")
        return {
            "service_area": data.get("omrade") or "",
            "type": data.get("type") or "",
            "effect": data.get("effekt") or "",
            "year": data.get("ar"),
            "in_use": in_use,
        }


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    summary = forms.CharField(
        label=_("Kort sammendrag"), max_length=300, help_text=_("Én eller to setninger som vises i lister.")
    )
    problem = forms.CharField(
        label=_("Problemet"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hva ville dere løse, og for hvem? Du kan bruke Markdown."),
    )
    tried = forms.CharField(
        label=_("Hva vi prøvde"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Metoder, verksteder, prototyper og tester."),
    )
    outcome = forms.CharField(
        label=_("Hva det ble til"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    not_worked = forms.CharField(
        label=_("Hva som ikke virket"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Det andre kan lære mest av."),
    )
    next_steps = forms.CharField(
        label=_("Veien videre"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    methods: forms.ModelMultipleChoiceField[Any] = BoundedModelMultipleChoiceField(
        label=_("Metoder vi brukte"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    events: forms.ModelMultipleChoiceField[Any] = BoundedModelMultipleChoiceField(
        label=_("Kurs og verksteder vi var med på"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_areas = BoundedModelMultipleChoiceField(
        label=_("Tjenesteområder"),
        queryset=ServiceArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.CharField(label=_("Samarbeidspartnere"), max_length=300, required=False)
    contact_email = forms.EmailField(
        label=_("Kontaktperson (e-post)"),
        required=False,
        help_text=_("En i kommunen som andre kan spørre. Navnet vises på historien."),
    )
    image = ImageUploadField(label=_("Bilde"), required=False)
    image_alt = forms.CharField(
        label=_("Bildetekst for skjermlesere"),
        max_length=200,
        required=False,
        help_text=_("Påkrevd når du laster opp et bilde."),
    )
    visibility = forms.ChoiceField(
        label=_("Hvem kan lese historien når den er publisert?"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, has_image: bool = False, **kwargs: Any) -> None:
        from ideverkstedet.events.models import Event
        from ideverkstedet.methods.models import Method

        super().__init__(*args, **kwargs)
        self.has_image = has_image
        cast(forms.ModelMultipleChoiceField, self.fields["methods"]).queryset = Method.objects.order_by(
            "name"
        )
        # The last year's courses and workshops: a story tells about recent work, and the list stays short.
        since = timezone.now() - timedelta(days=366)
        cast(forms.ModelMultipleChoiceField, self.fields["events"]).queryset = (
            Event.objects.exclude(status="draft").filter(starts_at__gte=since).order_by("-starts_at")
        )

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        return reencode_image(image) if image else None

    def clean_contact_email(self) -> User | None:
        email = self.cleaned_data.get("contact_email")
        if not email:
            return None
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None or not person.is_municipal:
            raise forms.ValidationError(_("Vi finner ingen i kommunen med den e-postadressen."))
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("image") or self.has_image) and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Beskriv bildet for dem som ikke ser det."))
        return data

    def story_data(self) -> StoryData:
        d = self.cleaned_data
        return StoryData(
            title=d["title"],
            summary=d["summary"],
            problem=d["problem"],
            tried=d["tried"],
            outcome=d["outcome"],
            not_worked=d["not_worked"],
            next_steps=d["next_steps"],
            partners=d["partners"],
            visibility=d["visibility"],
            service_areas=list(d["service_areas"]),
            methods=list(d["methods"]),
            events=list(d["events"]),
            contact=d["contact_email"],
            image=d.get("image"),
            image_alt=d.get("image_alt") or "",
        )


def _checkboxes(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class InnovationForm(forms.Form):
    """The innovation barometer's questions. Effects are one level and one figure per kind of effect."""

    taken_into_use = forms.BooleanField(
        label=_("Noe nytt eller vesentlig endret er tatt i bruk"),
        required=False,
        help_text=_("La den stå tom hvis dere ikke tok noe i bruk: det dere lærte, teller også."),
    )
    taken_into_use_on = forms.DateField(
        label=_("Tatt i bruk fra"), required=False, widget=DateInput(), validators=[sensible_year]
    )
    types = _checkboxes(_("Type innovasjon"), InnovationType.choices, _("Velg én eller flere."))
    core_tasks = forms.BooleanField(label=_("Det berører kjerneoppgavene våre"), required=False)
    origin = forms.ChoiceField(
        label=_("Hvor kom ideen fra?"),
        choices=[("", _("Vet ikke / ikke oppgitt")), *Origin.choices],
        required=False,
    )
    adopted_from = forms.CharField(
        label=_("Hvem hentet dere den fra?"),
        max_length=200,
        required=False,
        help_text=_("For eksempel en annen kommune."),
    )
    initiators = _checkboxes(_("Hvem tok initiativet?"), Actor.choices)
    carriers = _checkboxes(_("Hvem gjennomførte?"), Actor.choices)
    partners = _checkboxes(_("Hvem samarbeidet dere med?"), Actor.choices)
    user_involvement = forms.ChoiceField(
        label=_("Hvordan var brukerne med?"),
        choices=[("", _("Ikke oppgitt")), *UserInvolvement.choices],
        required=False,
    )
    spread_actively = forms.BooleanField(label=_("Vi har aktivt spredt den til andre"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.effect_rows: list[tuple[str, Any, str, str]] = []
        for kind, label in Effect.choices:
            self.fields[f"effect_{kind}"] = forms.ChoiceField(
                label=label,
                choices=[("", _("Ingen")), *EffectLevel.choices],
                required=False,
            )
            self.fields[f"effect_{kind}_figure"] = forms.CharField(
                label=_("Med tall eller ord: %(effect)s") % {"effect": label},
                max_length=300,
                required=False,
            )

    @property
    def effect_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"effect_{kind}"], self[f"effect_{kind}_figure"]) for kind in Effect.values]

    @property
    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("effect_")]

    @classmethod
    def initial_from(cls, record: Any) -> dict[str, Any]:
        initial = {
            name: getattr(record, name)
            for name in (
                "taken_into_use",
                "taken_into_use_on",
                "types",
                "core_tasks",
                "origin",
                "adopted_from",
                "initiators",
                "carriers",
                "partners",
                "user_involvement",
                "spread_actively",
            )
        }
        for effect in record.effects:
            initial[f"effect_{effect['kind']}"] = effect["level"]
            initial[f"effect_{effect['kind']}_figure"] = effect.get("figure", "")
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("taken_into_use_on") and not data.get("taken_into_use"):
            self.add_error("taken_into_use_on", _("Oppgi en dato bare når noe er tatt i bruk."))
        return data

    def innovation_data(self) -> InnovationData:
        d = self.cleaned_data
        effects = [
            {"kind": kind, "level": d[f"effect_{kind}"], "figure": d[f"effect_{kind}_figure"]}
            for kind in Effect.values
            if d.get(f"effect_{kind}")
        ]
        return InnovationData(
            taken_into_use=d["taken_into_use"],
            taken_into_use_on=d["taken_into_use_on"],
            types=d["types"],
            core_tasks=d["core_tasks"],
            origin=d["origin"],
            adopted_from=d["adopted_from"],
            initiators=d["initiators"],
            carriers=d["carriers"],
            partners=d["partners"],
            user_involvement=d["user_involvement"],
            effects=effects,
            spread_actively=d["spread_actively"],
        )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Tittel på vedlegget"), max_length=200)
    file = forms.FileField(label=_("PDF-fil"), help_text=_("Høyst 10 MB."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("Filen er for stor. Den kan være høyst 10 MB."))
        return upload


class StoryImageForm(forms.Form):
    image = ImageUploadField(label=_("Bilde"), help_text=_("JPEG, PNG, WebP eller GIF, høyst 8 MB."))
    alt = forms.CharField(
        label=_("Beskriv bildet for dem som ikke ser det"),
        max_length=200,
        help_text=_("Hva viser bildet? Det leses opp av skjermlesere."),
    )
    caption = forms.CharField(label=_("Bildetekst under bildet"), max_length=300, required=False)

    def clean_image(self) -> Any:
        return reencode_image(self.cleaned_data["image"])  # a new file under a random name


class ReuseForm(forms.Form):
    who = forms.CharField(
        label=_("Hvem er dere?"),
        max_length=200,
        help_text=_("For eksempel enheten eller laget dere hører til."),
    )
    note = forms.CharField(
        label=_("Hva vil dere prøve?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReuseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Hvor langt har dere kommet?"), choices=Reuse.Status.choices)
    note = forms.CharField(
        label=_("Notat"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
