from django import forms
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.forms import UnitChoiceField
from ideverkstedet.accounts.models import Unit


class FirstLoginForm(forms.Form):
    """ID-porten gives neither name nor email: the first login asks for both."""

    full_name = forms.CharField(
        label=_("Fullt navn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-postadresse"),
        max_length=254,
        help_text=_("Vi sender deg en lenke for å bekrefte adressen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ChooseUnitForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.select_related("service_area").order_by("service_area__name", "name"),
        empty_label=_("Velg enhet"),
        help_text=_("Enheten du jobber i."),
    )
