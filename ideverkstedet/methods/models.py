"""The method library (metodebank) and the workshop planner (opplegg).

A method card is written in bokmål with nynorsk (`_nn`) and English (`_en`) versions of every text; the page
shows the one for the current language and falls back to bokmål where a translation is missing. The cards
ship as content/methods.toml (loaded by migration 0002) and are edited afterwards in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.core.i18n import localized


class Phase(models.TextChoices):
    """The four verbs of Ideverkstedet, in process order."""

    MOTE = "mote", _("Møte")
    TENKE = "tenke", _("Tenke")
    SKAPE = "skape", _("Skape")
    DELE = "dele", _("Dele")


class Difficulty(models.TextChoices):
    EASY = "easy", _("lett å komme i gang")
    MEDIUM = "medium", _("litt erfaring hjelper")
    HARD = "hard", _("krevende – be gjerne om hjelp")


# Text fields that have a nynorsk and an English twin (name_nn, name_en, …).
TRANSLATED_FIELDS = (
    "name",
    "summary",
    "purpose",
    "materials",
    "preparation",
    "steps",
    "tips",
    "pitfalls",
    "privacy_note",
    "source",
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MethodQuerySet(models.QuerySet["Method"]):
    def published(self) -> MethodQuerySet:
        return self.filter(is_published=True)


class Method(models.Model):
    """One method card."""

    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)
    name = models.CharField(_("navn (bokmål)"), max_length=120)
    name_nn = models.CharField(_("navn (nynorsk)"), max_length=120, blank=True)
    name_en = models.CharField(_("navn (engelsk)"), max_length=120, blank=True)
    summary = models.CharField(_("kort beskrivelse (bokmål)"), max_length=300)
    summary_nn = models.CharField(_("kort beskrivelse (nynorsk)"), max_length=300, blank=True)
    summary_en = models.CharField(_("kort beskrivelse (engelsk)"), max_length=300, blank=True)
    purpose = models.TextField(_("hva du får ut av det (bokmål)"))
    purpose_nn = models.TextField(_("hva du får ut av det (nynorsk)"), blank=True)
    purpose_en = models.TextField(_("hva du får ut av det (engelsk)"), blank=True)
    phases = models.JSONField(
        _("faser"),
        default=list,
        help_text=_("En liste med en eller flere av: mote, tenke, skape, dele."),
    )
    duration_min = models.PositiveSmallIntegerField(_("korteste tid (minutter)"))
    duration_max = models.PositiveSmallIntegerField(_("lengste tid (minutter)"))
    group_min = models.PositiveSmallIntegerField(_("minste gruppe (personer)"))
    group_max = models.PositiveSmallIntegerField(_("største gruppe (personer)"))
    difficulty = models.CharField(
        _("vanskelighetsgrad"), max_length=10, choices=Difficulty.choices, default=Difficulty.EASY
    )
    materials = models.TextField(_("materiell (bokmål)"), help_text=_("Ett på hver linje."))
    materials_nn = models.TextField(_("materiell (nynorsk)"), blank=True)
    materials_en = models.TextField(_("materiell (engelsk)"), blank=True)
    preparation = models.TextField(_("forberedelser (bokmål)"))
    preparation_nn = models.TextField(_("forberedelser (nynorsk)"), blank=True)
    preparation_en = models.TextField(_("forberedelser (engelsk)"), blank=True)
    steps = models.TextField(_("steg (bokmål)"), help_text=_("Ett steg på hver linje, uten nummer."))
    steps_nn = models.TextField(_("steg (nynorsk)"), blank=True)
    steps_en = models.TextField(_("steg (engelsk)"), blank=True)
    tips = models.TextField(_("tips (bokmål)"))
    tips_nn = models.TextField(_("tips (nynorsk)"), blank=True)
    tips_en = models.TextField(_("tips (engelsk)"), blank=True)
    pitfalls = models.TextField(_("fallgruver (bokmål)"))
    pitfalls_nn = models.TextField(_("fallgruver (nynorsk)"), blank=True)
    pitfalls_en = models.TextField(_("fallgruver (engelsk)"), blank=True)
    privacy_note = models.TextField(
        _("personvern (bokmål)"),
        blank=True,
        help_text=_("Påkrevd når metoden intervjuer, observerer eller tester med mennesker."),
    )
    privacy_note_nn = models.TextField(_("personvern (nynorsk)"), blank=True)
    privacy_note_en = models.TextField(_("personvern (engelsk)"), blank=True)
    source = models.CharField(_("kilde (bokmål)"), max_length=300)
    source_nn = models.CharField(_("kilde (nynorsk)"), max_length=300, blank=True)
    source_en = models.CharField(_("kilde (engelsk)"), max_length=300, blank=True)
    licence = models.CharField(_("lisens"), max_length=100, default="CC BY 4.0")
    related = models.ManyToManyField("self", blank=True, verbose_name=_("beslektede metoder"))
    is_published = models.BooleanField(_("vises i metodebanken"), default=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    objects = MethodQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("metode")
        verbose_name_plural = _("metoder")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_min__gte=1) & Q(duration_min__lte=F("duration_max")),
                name="method_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(group_min__gte=1) & Q(group_min__lte=F("group_max")),
                name="method_group_range",
            ),
        ]

    def __str__(self) -> str:
        return self.text("name")

    def get_absolute_url(self) -> str:
        return reverse("methods:method_detail", args=[self.slug])

    def text(self, field: str) -> str:
        """A text field in the current language: nb the base field, nn `_nn`, en `_en`; bokmål if empty."""
        return localized(self, field)

    @property
    def card(self) -> MethodCard:
        return MethodCard.of(self)

    def phase_labels(self) -> list[str]:
        labels = dict(Phase.choices)
        return [str(labels[p]) for p in Phase.values if p in (self.phases or [])]


@dataclass(frozen=True)
class MethodCard:
    """A method card in the current language, ready for a template."""

    method: Method
    name: str
    summary: str
    purpose: str
    materials: list[str]
    preparation: str
    steps: list[str]
    tips: str
    pitfalls: str
    privacy_note: str
    source: str

    @classmethod
    def of(cls, method: Method) -> MethodCard:
        return cls(
            method=method,
            name=method.text("name"),
            summary=method.text("summary"),
            purpose=method.text("purpose"),
            materials=_lines(method.text("materials")),
            preparation=method.text("preparation"),
            steps=_lines(method.text("steps")),
            tips=method.text("tips"),
            pitfalls=method.text("pitfalls"),
            privacy_note=method.text("privacy_note"),
            source=method.text("source"),
        )


class Plan(models.Model):
    """A workshop plan (opplegg): an agenda of blocks with a start time. A template is published by the unit."""

    title = models.CharField(_("tittel"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans", verbose_name=_("eier")
    )
    date = models.DateField(_("dato"), null=True, blank=True)
    start_time = models.TimeField(_("starter klokka"), default=time(9, 0))
    notes = models.TextField(_("notater"), blank=True)
    is_shared = models.BooleanField(
        _("del med kommunens ansatte"),
        default=False,
        help_text=_("Ansatte i kommunen som er logget inn, kan se og kopiere opplegget."),
    )
    is_template = models.BooleanField(
        _("mal fra Innovasjonsenheten"),
        default=False,
        help_text=_("Maler kan ses og kopieres av alle som er logget inn."),
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kopiert fra"),
    )
    # Where and when the workshop happens: one's own room booking, or (for advisors) an event session. The
    # plan page compares the agenda's length with it. Both kept when the booking or session goes: set to null.
    booking = models.ForeignKey(
        "rooms.Booking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("booking"),
    )
    session = models.ForeignKey(
        "events.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("økt i et arrangement"),
    )
    # The challenge the workshop works on: its team finds the plan on the challenge's page.
    challenge = models.ForeignKey(
        "challenges.Challenge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        verbose_name=_("utfordring"),
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("opplegg")
        verbose_name_plural = _("opplegg")
        indexes = [
            models.Index(fields=["owner", "-updated_at"], name="plan_owner_updated_idx"),
            models.Index(fields=["is_template", "title"], name="plan_template_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(booking__isnull=True) | Q(session__isnull=True),
                name="plan_tied_to_booking_or_session",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("methods:plan_detail", args=[self.pk])


class PlanBlock(models.Model):
    """One item on a plan's agenda: a method, or a free block such as a welcome or a break."""

    MAX_MINUTES = 600

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("opplegg"))
    position = models.PositiveIntegerField(_("rekkefølge"))
    method = models.ForeignKey(
        Method,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_blocks",
        verbose_name=_("metode"),
    )
    title = models.CharField(_("tittel"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutter"))
    facilitator_notes = models.TextField(_("notater til tilretteleggeren"), blank=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("punkt i opplegget")
        verbose_name_plural = _("punkter i opplegget")
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plan_block_position_unique"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=600), name="plan_block_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class AgendaItem:
    block: PlanBlock
    starts: time
    ends: time
    day_offset: int  # 1 when the block starts after midnight (a late evening plan)


@dataclass(frozen=True)
class Agenda:
    """A plan's blocks with their running clock, worked out from the start time in wall-clock minutes."""

    items: list[AgendaItem]
    total_minutes: int
    starts: time
    ends: time

    @classmethod
    def of(cls, start: time, blocks: list[PlanBlock]) -> Agenda:
        anchor = datetime.combine(date(2000, 1, 1), start)
        clock = anchor
        items = []
        for block in blocks:
            end = clock + timedelta(minutes=block.minutes)
            items.append(
                AgendaItem(
                    block=block,
                    starts=clock.time(),
                    ends=end.time(),
                    day_offset=(clock.date() - anchor.date()).days,
                )
            )
            clock = end
        total = int((clock - anchor).total_seconds() // 60)
        return cls(items=items, total_minutes=total, starts=start, ends=clock.time())
