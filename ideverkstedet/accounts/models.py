"""People and the organisation they belong to: service areas, units and outside organisations."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

import rules
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ServiceArea(models.Model):
    """A tjenesteområde of the municipality, e.g. Oppvekst or Helse og omsorg."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tjenesteområde")
        verbose_name_plural = _("tjenesteområder")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An enhet (a school, a home-care district, a department) within one service area."""

    name = models.CharField(_("navn"), max_length=200)
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="units", verbose_name=_("tjenesteområde")
    )

    class Meta:
        ordering = ["service_area__name", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(fields=["service_area", "name"], name="unit_name_unique_in_service_area")
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A volunteer organisation or an external actor (company, research body, other public body)."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("frivillig organisasjon")
        EXTERNAL = "external", _("ekstern aktør")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("nettside"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """The roles of PRODUCT.md. The order is the order of trust, lowest first."""

    CITIZEN = "citizen", _("innbygger")
    VOLUNTEER = "volunteer", _("frivillig")
    EXTERNAL = "external", _("ekstern aktør")
    EMPLOYEE = "employee", _("ansatt")
    LEADER = "leader", _("leder")
    ADVISOR = "advisor", _("innovasjonsrådgiver")
    ADMINISTRATOR = "administrator", _("administrator")


# Roles that work for the municipality and so see internal content.
MUNICIPAL_ROLES = frozenset({Role.EMPLOYEE, Role.LEADER, Role.ADVISOR, Role.ADMINISTRATOR})
# Roles that belong to an outside organisation.
ORGANISATION_ROLES = frozenset({Role.VOLUNTEER, Role.EXTERNAL})
# Roles a person may choose for themself when signing up; the others are given by staff.
SELF_SERVICE_ROLES = (Role.CITIZEN, Role.VOLUNTEER, Role.EXTERNAL)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # Email addresses are stored lower-case; people type them any way they like.
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        extra.setdefault("full_name", "Administrator")
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is the login; the role decides what they may do (see accounts/rules.py)."""

    email = models.EmailField(_("e-postadresse"), max_length=254, unique=True)
    full_name = models.CharField(_("fullt navn"), max_length=150)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("enhet"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("organisasjon"),
    )
    language = models.CharField(
        _("språk"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    email_verified_at = models.DateTimeField(_("e-post bekreftet"), null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(
        _("tilgang til administrasjon"),
        default=False,
        help_text=_("Gir tilgang til administrasjonssidene (Django admin)."),
    )
    date_joined = models.DateTimeField(_("registrert"), default=timezone.now)
    # Set when the person deleted their account: the row stays so that content others depend on keeps
    # an (anonymous) author, but nothing in it identifies the person any more.
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(organisation__isnull=True),
                name="user_in_unit_or_organisation_not_both",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        # Never the email address: this name is shown to others (teams, owners, comments).
        if self.anonymised_at:
            return str(_("Slettet bruker"))
        return self.full_name.strip() or str(_("Navn ikke oppgitt"))

    @property
    def is_municipal(self) -> bool:
        """Works for the municipality; accounts/rules.py decides what roles that is and what it allows."""
        from ideverkstedet.accounts.rules import is_municipal

        return bool(is_municipal(self))

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """The rules decide every permission they name, for every account: no superuser shortcut, so privacy
        rules hold for administrators too (see accounts/rules.py). Only Django's own model permissions that no
        rule names, which the admin site asks for, keep Django's answer (a superuser has them all)."""
        if rules.perm_exists(perm):
            return bool(rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name.strip() else self.display_name

    def get_full_name(self) -> str:
        return self.full_name


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once, when it is made."""

    PREFIX = "idv_"

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("bruker")
    )
    name = models.CharField(_("navn"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("kjennetegn"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    # A fingerprint of the owner's password hash when the token was made: a token stops working when the
    # password changes by any path (profile, reset link, admin), not only those that remember to revoke it.
    password_stamp = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def stamp_for(user: User) -> str:
        return hashlib.sha256(f"api-token:{user.password}".encode()).hexdigest()

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def generate_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
