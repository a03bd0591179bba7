"""Rooms (and equipment kits), their rules and opening hours, and bookings of them.

The one invariant that matters most: two active bookings (requested or confirmed, including staff blocks and
event sessions) of one room never overlap, buffer included. It is enforced by the database: an exclusion
constraint on PostgreSQL and a trigger on SQLite (migration 0002), behind the service layer's own check.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.i18n import localized
from ideverkstedet.core.images import PictureField
from ideverkstedet.core.maps import map_search_url
from ideverkstedet.core.times import real_minutes

# Nothing that holds a room is longer than this (bookings are limited by the room's rules, staff blocks by
# this); the calendar's queries rely on it to use the (room, start) index.
MAX_BLOCK_DAYS = 31


def default_approval_roles() -> list[str]:
    return [Role.CITIZEN.value, Role.VOLUNTEER.value, Role.EXTERNAL.value]


class Room(models.Model):
    """A bookable room, or an equipment kit that is booked the same way."""

    class Kind(models.TextChoices):
        ROOM = "room", _("rom")
        EQUIPMENT = "equipment", _("utstyrssett")

    name = models.CharField(_("navn"), max_length=120)
    slug = models.SlugField(_("kortnavn"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ROOM)
    summary = models.CharField(_("kort beskrivelse"), max_length=300, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True, help_text=_("Markdown."))
    location = models.CharField(_("hvor"), max_length=200, blank=True)
    address = models.CharField(
        _("adresse"),
        max_length=200,
        blank=True,
        help_text=_("Gateadresse og poststed. Tomt: kommunens adresse (MUNICIPALITY_ADDRESS)."),
    )
    floor = models.CharField(_("etasje"), max_length=60, blank=True, help_text=_("For eksempel «1. etasje»."))
    directions = models.TextField(
        _("slik finner du fram"),
        blank=True,
        help_text=_("Inngang, skilt, heis: det en førstegangsgjest trenger."),
    )
    capacity = models.PositiveSmallIntegerField(_("plasser"), default=20)
    accessibility = models.TextField(
        _("tilgjengelighet"), blank=True, help_text=_("Trinnfri adkomst, teleslynge, toalett og lignende.")
    )
    image = PictureField(_("bilde"), upload_to="rooms/", blank=True)
    image_alt = models.CharField(_("bildetekst (alt-tekst)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("kan bookes"), default=True)

    # Rules. Lengths in minutes; "how far ahead" in days.
    slot_minutes = models.PositiveSmallIntegerField(
        _("tidsintervall (minutter)"),
        default=30,
        help_text=_("Bookinger starter og slutter på hele intervaller."),
    )
    min_minutes = models.PositiveSmallIntegerField(_("korteste booking (minutter)"), default=60)
    max_minutes = models.PositiveIntegerField(_("lengste booking (minutter)"), default=480)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("pause mellom bookinger (minutter)"),
        default=15,
        help_text=_("Tid til å rydde og lufte etter hver booking."),
    )
    max_days_ahead = models.PositiveSmallIntegerField(_("hvor langt fram (dager)"), default=90)
    min_notice_minutes = models.PositiveIntegerField(
        _("senest før start (minutter)"),
        default=60,
        help_text=_("Hvor lenge før start man senest kan booke."),
    )
    max_open_bookings = models.PositiveSmallIntegerField(
        _("flest åpne bookinger per person"),
        default=3,
        help_text=_("Kommende bookinger som venter eller er bekreftet."),
    )
    approval_roles = models.JSONField(
        _("roller som alltid trenger godkjenning"), default=default_approval_roles, blank=True
    )
    approval_over_minutes = models.PositiveIntegerField(
        _("godkjenning for andre over (minutter)"),
        null=True,
        blank=True,
        default=240,
        help_text=_("Bookinger som er lengre enn dette, må godkjennes for alle. Tomt: aldri."),
    )
    checkin_grace_minutes = models.PositiveSmallIntegerField(
        _("frist for innsjekking (minutter etter start)"),
        default=30,
        help_text=_("En bekreftet booking uten innsjekking blir frigitt etter dette. 0: ingen innsjekking."),
    )
    # Moves on every save of the room and on every change to opening hours or exceptions (rooms/receivers.py):
    # cached opening hours are keyed on it (hours.cached_hours_for_days).
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("rom eller utstyr")
        verbose_name_plural = _("rom og utstyr")
        constraints = [
            models.CheckConstraint(condition=Q(slot_minutes__gte=1), name="room_slot_at_least_1_minute"),
            models.CheckConstraint(
                condition=Q(min_minutes__lte=F("max_minutes")), name="room_min_not_over_max"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def street_address(self) -> str:
        return self.address or settings.MUNICIPALITY_ADDRESS

    @property
    def place_text(self) -> str:
        """Where, on one line (calendar files): "Ideverkstedet, 1. etasje, Arnold Haukelands plass 10, …"."""
        parts = [self.name, self.location, self.floor, self.street_address]
        return ", ".join(dict.fromkeys(part for part in parts if part))

    @property
    def map_url(self) -> str:
        """A search for the address on OpenStreetMap (no map is embedded: no third party on our pages)."""
        return map_search_url(self.street_address)

    def role_needs_approval(self, role: str) -> bool:
        """The room's own setting (chosen by staff per room): bookings by people in these roles wait for approval."""
        return role in (self.approval_roles or [])

    def needs_approval(self, *, role: str, minutes: int) -> bool:
        if self.role_needs_approval(role):
            return True
        return self.approval_over_minutes is not None and minutes > self.approval_over_minutes


class OpeningHours(models.Model):
    """Regular opening hours for one weekday (0 = Monday), in local time (Europe/Oslo)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("mandag")
        TUESDAY = 1, _("tirsdag")
        WEDNESDAY = 2, _("onsdag")
        THURSDAY = 3, _("torsdag")
        FRIDAY = 4, _("fredag")
        SATURDAY = 5, _("lørdag")
        SUNDAY = 6, _("søndag")

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("rom")
    )
    weekday = models.PositiveSmallIntegerField(_("ukedag"), choices=Weekday.choices)
    opens = models.TimeField(_("åpner"))
    closes = models.TimeField(_("stenger"))

    class Meta:
        ordering = ["room", "weekday"]
        verbose_name = _("åpningstid")
        verbose_name_plural = _("åpningstider")
        constraints = [
            models.UniqueConstraint(fields=["room", "weekday"], name="opening_hours_one_per_weekday"),
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")), name="opening_hours_opens_before_closes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosedDay(models.Model):
    """An exception to the opening hours: closed all day (holiday) or special hours. No room means all rooms."""

    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exceptions",
        verbose_name=_("rom"),
    )
    date = models.DateField(_("dato"))
    reason = models.CharField(_("grunn"), max_length=200)
    opens = models.TimeField(_("åpner"), null=True, blank=True, help_text=_("Tomt: stengt hele dagen."))
    closes = models.TimeField(_("stenger"), null=True, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("avvik fra åpningstid")
        verbose_name_plural = _("avvik fra åpningstid (helligdager, stengte dager)")
        constraints = [
            models.CheckConstraint(
                condition=(Q(opens__isnull=True) & Q(closes__isnull=True))
                | (Q(opens__isnull=False) & Q(closes__isnull=False) & Q(opens__lt=F("closes"))),
                name="closed_day_hours_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.reason}"


class PurposeKind(models.Model):
    """Kinds of innovation work a booking is for; a list the innovation unit maintains."""

    name = models.CharField(_("navn (bokmål)"), max_length=100, unique=True)
    name_nn = models.CharField(_("navn (nynorsk)"), max_length=100, blank=True)
    name_en = models.CharField(_("navn (engelsk)"), max_length=100, blank=True)
    description = models.CharField(_("forklaring"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("type arbeid")
        verbose_name_plural = _("typer arbeid")

    def __str__(self) -> str:
        return localized(self, "name")


class GroupType(models.TextChoices):
    ALONE = "alone", _("alene")
    TEAM = "team", _("team fra én enhet")
    CROSS_SERVICE = "cross_service", _("på tvers av tjenester")
    WITH_CITIZENS = "with_citizens", _("med innbyggere")
    WITH_PARTNERS = "with_partners", _("med eksterne aktører")
    LEADERS = "leaders", _("ledergruppe")
    VOLUNTEERS = "volunteers", _("frivillige")


class OutcomeKind(models.TextChoices):
    INSIGHT = "insight", _("ny innsikt om behovet")
    IDEAS = "ideas", _("nye ideer")
    PROTOTYPE = "prototype", _("en prototype eller test")
    DECISION = "decision", _("en beslutning eller plan")
    COLLABORATION = "collaboration", _("nytt samarbeid")
    NOTHING_YET = "nothing_yet", _("ingenting konkret ennå")


class BookingQuerySet(models.QuerySet["Booking"]):
    def active(self) -> BookingQuerySet:
        return self.filter(status__in=Booking.ACTIVE_STATUSES)

    def overlapping(self, *, room: Room, start: object, occupied_until: object) -> BookingQuerySet:
        """Active bookings whose occupied time [start, occupied_until) meets the given range."""
        return self.active().filter(room=room, start__lt=occupied_until, occupied_until__gt=start)


class Booking(models.Model):
    """A claim on a room's time: a person's booking, a staff block, or (later) an event session."""

    class Kind(models.TextChoices):
        BOOKING = "booking", _("booking")
        BLOCK = "block", _("sperret tid")
        EVENT = "event", _("arrangement")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("venter på godkjenning")
        CONFIRMED = "confirmed", _("bekreftet")
        DECLINED = "declined", _("avslått")
        CANCELLED = "cancelled", _("avlyst")
        RELEASED = "released", _("frigitt (ikke sjekket inn)")

    ACTIVE_STATUSES = (Status.REQUESTED, Status.CONFIRMED)

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("rom"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.BOOKING)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("ansvarlig"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("slutt"))
    # end + the room's buffer at the time of booking: the time the room is taken. The overlap guard uses this.
    occupied_until = models.DateTimeField(_("opptatt til"))
    title = models.CharField(_("tittel"), max_length=200, blank=True)
    purpose_kind = models.ForeignKey(
        PurposeKind, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("type arbeid")
    )
    group_type = models.CharField(_("hvem kommer"), max_length=20, choices=GroupType.choices, blank=True)
    expected_participants = models.PositiveSmallIntegerField(_("antall deltakere"), null=True, blank=True)
    needs = models.TextField(_("behov"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("behandlet av"),
    )
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    decision_reason = models.TextField(_("begrunnelse"), blank=True)
    cancelled_at = models.DateTimeField(_("avlyst"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("sjekket inn"), null=True, blank=True)
    released_at = models.DateTimeField(_("frigitt"), null=True, blank=True)
    outcome_kind = models.CharField(
        _("hva kom ut av det"), max_length=20, choices=OutcomeKind.choices, blank=True
    )
    outcome_text = models.TextField(_("kort om resultatet"), blank=True)
    next_step = models.CharField(_("neste steg"), max_length=300, blank=True)
    outcome_at = models.DateTimeField(_("resultat registrert"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    outcome_requested_at = models.DateTimeField(_("spurt om resultat"), null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Bumped on every change of time or status: calendar clients need it, and scheduled tasks compare it to
    # know whether they are still about the booking as it is.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookinger")
        indexes = [
            models.Index(fields=["room", "start"], name="booking_room_start_idx"),
            models.Index(fields=["organiser", "status", "start"], name="booking_organiser_idx"),
            models.Index(fields=["status", "start"], name="booking_status_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_ends_after_start"),
            models.CheckConstraint(
                condition=Q(occupied_until__gte=F("end")), name="booking_occupied_covers_end"
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.room} {local:%d.%m.%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def minutes(self) -> int:
        return real_minutes(self.start, self.end)

    def buffer(self) -> timedelta:
        return self.occupied_until - self.end


class CalendarFeed(models.Model):
    """A person's secret calendar-feed address. Making a new one revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("bruker"),
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnement")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
