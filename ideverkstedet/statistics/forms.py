from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import ServiceArea
from ideverkstedet.core.forms import DateInput, sensible_year

FIRST_YEAR_SHOWN = 2020


class PeriodForm(forms.Form):
    """The barometer's GET form. It only displays the choice: period.Period.from_query reads the query."""

    ar = forms.ChoiceField(label=_("År"), required=False)
    fra = forms.DateField(
        label=_("Eller fra dato"), required=False, widget=DateInput(), validators=[sensible_year]
    )
    til = forms.DateField(label=_("til dato"), required=False, widget=DateInput(), validators=[sensible_year])
    omrade = forms.ChoiceField(label=_("Tjenesteområde"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        cast(forms.ChoiceField, self.fields["ar"]).choices = [
            (str(year), str(year)) for year in range(this_year, FIRST_YEAR_SHOWN - 1, -1)
        ]
        cast(forms.ChoiceField, self.fields["omrade"]).choices = [
            ("", _("Alle tjenesteområder")),
            *ServiceArea.objects.values_list("slug", "name"),
        ]
