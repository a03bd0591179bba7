from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ideverkstedet.notifications.models import EmailSettings, Kind

# What each kind holds, said to the person choosing (the kinds' names alone are too short to choose by).
KIND_HELP = {
    Kind.BOOKINGS: _("bekreftelser, avslag, påminnelser og endringer for rom du har booket"),
    Kind.EVENTS: _("påmelding, venteliste, påminnelser og endringer for kurs og åpne dager"),
    Kind.FOLLOWING: _("ny fase, åpen for innspill, nye ideer, kommentarer og status der du følger med"),
    Kind.TEAM: _("invitasjoner og forespørsler om laget, sammenslåing og gjenbruk av historiene deres"),
    Kind.MODERATION: _(
        "når et innlegg fra deg blir skjult eller vist igjen, eller kontoen stengt for innlegg"
    ),
    Kind.DESK: _("svar og ny status på det du har bedt Innovasjonsenheten om hjelp med"),
}


def _kind_choices() -> list[tuple[str, Any]]:
    return [
        (kind.value, _("%(kind)s: %(help)s") % {"kind": kind.label, "help": KIND_HELP[kind]}) for kind in Kind
    ]


class EmailSettingsForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send meg e-post om"),
        help_text=_(
            "Alt kommer uansett under Varsler her på nettstedet. Kryss bort det du ikke vil ha på e-post."
        ),
        choices=_kind_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    delivery = forms.ChoiceField(
        label=_("Hvor ofte"),
        help_text=_(
            "Med én e-post om dagen får du det som har kommet samlet, fra klokka 07. Tilbud om ledig plass fra "
            "en venteliste har en frist og kommer alltid med en gang."
        ),
        choices=[
            ("each", _("En e-post for hvert varsel")),
            ("daily", _("Én e-post om dagen med alt som har kommet")),
        ],
        widget=forms.RadioSelect,
    )

    @classmethod
    def for_settings(cls, choice: EmailSettings, data: Any = None) -> "EmailSettingsForm":
        initial = {
            "email_kinds": [kind for kind in Kind.values if getattr(choice, kind)],
            "delivery": "daily" if choice.daily_digest else "each",
        }
        return cls(data=data, initial=initial)
