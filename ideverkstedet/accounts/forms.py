from collections.abc import Iterator
from datetime import timedelta
from itertools import groupby
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import Organisation, Role, Unit, User

SIGN_UP_ROLES = [
    (Role.CITIZEN, _("Innbygger")),
    (Role.EMPLOYEE, _("Ansatt i kommunen")),
    (Role.VOLUNTEER, _("Frivillig, på vegne av en organisasjon")),
    (Role.EXTERNAL, _("Ekstern aktør (bedrift, forskning, annen offentlig virksomhet)")),
]


class UnitsByServiceArea(ModelChoiceIterator):
    """Units grouped under their service area (<optgroup>), so a long list stays easy to scan."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for area, units in groupby(self.queryset, key=lambda unit: unit.service_area.name):
            yield (area, [self.choice(unit) for unit in units])


class UnitChoiceField(forms.ModelChoiceField):
    iterator = UnitsByServiceArea


def municipal_email_domains() -> list[str]:
    return [d.lower() for d in settings.MUNICIPAL_EMAIL_DOMAINS]


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label=_("Fullt navn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-postadresse"),
        max_length=254,
        help_text=_("Vi sender deg en lenke for å bekrefte adressen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    role = forms.ChoiceField(
        label=_("Jeg er"), choices=SIGN_UP_ROLES, initial=Role.CITIZEN, widget=forms.RadioSelect
    )
    unit = UnitChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.select_related("service_area").order_by("service_area__name", "name"),
        empty_label=_("Velg enhet"),
        required=False,
        help_text=_("For ansatte: enheten du jobber i."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"),
        queryset=Organisation.objects.all(),
        empty_label=_("Velg organisasjon"),
        required=False,
        help_text=_("For frivillige og eksterne aktører: velg organisasjonen din, eller skriv navnet under."),
    )
    new_organisation_name = forms.CharField(
        label=_("Ny organisasjon"),
        max_length=200,
        required=False,
        help_text=_("Bare hvis organisasjonen din ikke står i listen."),
    )
    password1 = forms.CharField(
        label=_("Passord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minst 10 tegn. Ikke bruk et passord du bruker andre steder."),
    )
    password2 = forms.CharField(
        label=_("Gjenta passordet"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        # Whether the address has an account is not said here: its owner is told by email instead.
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        email = data.get("email") or ""
        if role == Role.EMPLOYEE:
            domain = email.rsplit("@", 1)[-1].lower() if "@" in email else ""
            allowed = municipal_email_domains()
            if email and domain not in allowed:
                self.add_error(
                    "email",
                    _("Ansatte registrerer seg med jobbadressen sin (%(domains)s).")
                    % {"domains": ", ".join("@" + d for d in allowed) or "-"},
                )
            if not data.get("unit"):
                self.add_error("unit", _("Velg enheten du jobber i."))
        # Only what fits the role is kept: a resident's form may still carry a unit picked before switching role.
        if role != Role.EMPLOYEE:
            data["unit"] = None
        if role not in {Role.VOLUNTEER, Role.EXTERNAL}:
            data["organisation"], data["new_organisation_name"] = None, ""
        has_organisation = data.get("organisation") or (data.get("new_organisation_name") or "").strip()
        if role in {Role.VOLUNTEER, Role.EXTERNAL} and not has_organisation:
            self.add_error("organisation", _("Velg organisasjonen din, eller skriv navnet på en ny."))
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Passordene er ikke like."))
        elif password1:
            probe = User(email=email, full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-postadresse"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("Feil e-postadresse eller passord. Prøv igjen."),
        "inactive": _("Denne kontoen er stengt."),
        "unverified": _("Du må bekrefte e-postadressen din før du logger inn. Sjekk innboksen din."),
        "employees_use_work_account": _("Ansatte logger inn med jobbkontoen, ikke med passord."),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.email_verified_at is None:
            raise ValidationError(self.error_messages["unverified"], code="unverified")
        if not settings.LOCAL_LOGIN_FOR_EMPLOYEES and user.is_municipal:
            raise ValidationError(
                self.error_messages["employees_use_work_account"], code="employees_use_work_account"
            )


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-postadresse"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class NewPasswordForm(SetPasswordForm):
    pass


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Fullt navn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    language = forms.ChoiceField(label=_("Språk"), choices=settings.LANGUAGES)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn på nøkkelen"),
        max_length=100,
        help_text=_("Hva skal nøkkelen brukes til? For eksempel «rapport i Excel»."),
    )


class DeleteAccountForm(forms.Form):
    """Deleting the account asks for the password too, so an unlocked screen is not enough to do it.

    Accounts without a password (a login from another service) must have logged in within the last
    FRESH_LOGIN minutes instead.
    """

    FRESH_LOGIN = timedelta(minutes=10)

    confirm = forms.CharField(
        label=_("Skriv SLETT for å bekrefte"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Passordet ditt"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value.upper() not in {"SLETT", "DELETE"}:
            raise ValidationError(_("Skriv SLETT (med store bokstaver) for å bekrefte."))
        return value

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Passordet er feil."))
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password" not in self.fields:
            last_login = self.user.last_login
            if last_login is None or timezone.now() - last_login > self.FRESH_LOGIN:
                raise ValidationError(
                    _("Logg ut og inn igjen, og slett kontoen innen ti minutter etter at du logget inn.")
                )
        return data
