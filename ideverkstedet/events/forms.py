from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from ideverkstedet.events.models import Event


class RegistrationForm(forms.Form):
    places = forms.IntegerField(label=_("Hvor mange personer melder du på?"), min_value=1, initial=1)
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
    position = forms.IntegerField(label=_("Ny plass i køen"), min_value=1)
    reason = forms.CharField(
        label=_("Begrunnelse"), max_length=500, help_text=_("Personen får se begrunnelsen.")
    )
