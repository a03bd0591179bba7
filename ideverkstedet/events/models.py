"""Courses, open days and workshops: events with sessions, registrations and a fair, visible waitlist.

Invariants (kept by events/services.py under a lock on the event row, and by the database where it can):
- the places of confirmed and offered registrations never exceed the event's capacity;
- one active registration per person and event (unique constraint);
- waitlist positions run 1..n without gaps or duplicates (unique constraint, compacted on every change).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.i18n import localized
from ideverkstedet.core.images import PictureField


class EventKind(models.Model):
    """Kinds of events, a list the innovation unit maintains (course, open day, workshop …)."""

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn (bokmål)"), max_length=100)
    name_nn = models.CharField(_("navn (nynorsk)"), max_length=100, blank=True)
    name_en = models.CharField(_("navn (engelsk)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("type arrangement")
        verbose_name_plural = _("typer arrangement")

    def __str__(self) -> str:
        return localized(self, "name")


def default_audience() -> list[str]:
    return [role.value for role in Role]


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("utkast")
        PUBLISHED = "published", _("publisert")
        CANCELLED = "cancelled", _("avlyst")

    class Registration(models.TextChoices):
        REQUIRED = "required", _("påmelding")
        DROP_IN = "drop_in", _("ingen påmelding, bare kom")
        DROP_IN_COUNT = "drop_in_count", _("ingen påmelding, men si gjerne fra at du kommer")

    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=120, unique=True)
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, verbose_name=_("type"))
    summary = models.CharField(_("kort beskrivelse"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True, help_text=_("Markdown."))
    image = PictureField(_("bilde"), upload_to="events/", blank=True)
    image_alt = models.CharField(_("bildetekst (alt-tekst)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    audience = models.JSONField(_("hvem kan melde seg på"), default=default_audience)
    is_public = models.BooleanField(
        _("offentlig"), default=True, help_text=_("Synlig for alle. Ellers bare for ansatte i kommunen.")
    )
    registration = models.CharField(
        _("påmelding"), max_length=20, choices=Registration.choices, default=Registration.REQUIRED
    )
    capacity = models.PositiveIntegerField(_("plasser"), default=20)
    registration_opens = models.DateTimeField(_("påmelding åpner"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("påmelding stenger"), null=True, blank=True)
    takes_waitlist = models.BooleanField(_("venteliste"), default=True)
    max_places_per_registration = models.PositiveSmallIntegerField(
        _("plasser per påmelding"), default=1, help_text=_("Mer enn 1 gir gruppeplasser.")
    )
    question = models.CharField(
        _("spørsmål ved påmelding"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel: «Hvilken utfordring vil du snakke om?»"),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("frist for å takke ja til ledig plass (timer)"), default=24
    )
    drop_in_count = models.PositiveIntegerField(_("sier de kommer"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opprettet av")
    )
    created_at = models.DateTimeField(default=timezone.now)
    starts_at = models.DateTimeField(
        _("første økt"), null=True, blank=True, db_index=True
    )  # cached from sessions

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_places_per_registration__gte=1), name="event_places_at_least_1"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_opens__lt=F("registration_closes")),
                name="event_window_opens_before_it_closes",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_registration(self) -> bool:
        return self.registration == self.Registration.REQUIRED


class Session(models.Model):
    """One meeting of an event. In one of our rooms it holds a booking, so it can never collide with one."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("arrangement")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("slutt"))
    booking = models.OneToOneField(
        "rooms.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_session"
    )
    place = models.CharField(_("sted (utenfor Ideverkstedet)"), max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("økt")
        verbose_name_plural = _("økter")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.event} {timezone.localtime(self.start):%d.%m.%Y %H:%M}"


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("påmeldt")
        WAITLISTED = "waitlisted", _("på venteliste")
        OFFERED = "offered", _("tilbudt ledig plass")
        CANCELLED = "cancelled", _("avmeldt")
        EXPIRED = "expired", _("tilbudet gikk ut")

    ACTIVE = (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    HOLDING = (Status.CONFIRMED, Status.OFFERED)  # these take places

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("arrangement")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("person"),
    )
    places = models.PositiveSmallIntegerField(_("plasser"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(_("plass i køen"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("tilbudet gjelder til"), null=True, blank=True)
    answer = models.TextField(_("svar"), blank=True)
    attended = models.BooleanField(_("møtte"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    evaluation_requested_at = models.DateTimeField(_("spurt om evaluering"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(status__in=["confirmed", "waitlisted", "offered"]),
                name="registration_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="registration_waitlist_position_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="registration_position_only_when_waitlisted",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="registration_places_at_least_1"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.event}"


class Evaluation(models.Model):
    """A participant's short evaluation after the event: how useful it was, and what to do better."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("påmelding")
    )
    rating = models.PositiveSmallIntegerField(
        _("hvor nyttig var det"), choices=[(n, str(n)) for n in range(1, 6)]
    )
    useful = models.TextField(_("hva var mest nyttig"), blank=True)
    improve = models.TextField(_("hva kan vi gjøre bedre"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5")
        ]

    def __str__(self) -> str:
        return f"{self.registration} ({self.rating})"


class DropInAnnouncement(models.Model):
    """ "Jeg kommer" for a drop-in event: one per person, which they can take back.

    Event.drop_in_count is the number shown; it is kept when a person deletes their account (the count stays,
    the person goes), so it can be higher than the number of rows here.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("arrangement")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drop_in_announcements",
        verbose_name=_("person"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("«jeg kommer»")
        verbose_name_plural = _("«jeg kommer»")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="drop_in_announcement_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.event}"
