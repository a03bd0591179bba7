from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from ideverkstedet.accounts.models import User
from ideverkstedet.events.models import DropInAnnouncement, Event, Registration, Session


def visible_events(user: User) -> QuerySet[Event]:
    events = Event.objects.filter(status=Event.Status.PUBLISHED)
    if not user.has_perm("events.view_internal_events"):
        events = events.filter(is_public=True)
    return events


def upcoming_events(user: User, *, limit: int | None = None) -> QuerySet[Event]:
    """Published events that have not ended, soonest first, with their sessions and places taken.

    Counts come from correlated subqueries rather than joins: a join of sessions and registrations multiplies
    rows (and needs DISTINCT) and was the slowest query on the large data set (bench/README.md).
    """
    now = timezone.now()
    holding = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=Registration.HOLDING)
        .values("event")
        .annotate(total=Sum("places"))
        .values("total")
    )
    waiting = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.WAITLISTED)
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    events = (
        visible_events(user)
        .filter(Exists(Session.objects.filter(event=OuterRef("pk"), end__gt=now)))
        .select_related("kind")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("start")))
        .annotate(taken=Subquery(holding), waiting=Subquery(waiting))
        .order_by("starts_at", "id")
    )
    return events[:limit] if limit else events


def get_event_for_user(user: User, slug: str, permission: str = "events.view_event") -> Event:
    """Fetch and authorise in one step: 404 for events that do not exist or that the person may not see, 403 if
    they may see it but not do `permission`. Pages and the API both fetch events here."""
    event = Event.objects.select_related("kind").filter(slug=slug).first()
    if event is None or not user.has_perm("events.view_event", event):
        raise Http404
    if permission != "events.view_event" and not user.has_perm(permission, event):
        raise PermissionDenied(permission)
    return event


def get_registration_for_user(
    user: User, slug: str, pk: int, permission: str = "events.view_registration"
) -> Registration:
    """Fetch and authorise a registration for the event `slug` in one step: 404 if there is none or the person
    may not see it (someone else's), 403 if they may see it but not do `permission`."""
    registration = (
        Registration.objects.select_related("person", "event").filter(pk=pk, event__slug=slug).first()
    )
    if registration is None or not user.has_perm("events.view_registration", registration):
        raise Http404
    if permission != "events.view_registration" and not user.has_perm(permission, registration):
        raise PermissionDenied(permission)
    return registration


def registration_for(user: User, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, person=user, status__in=Registration.ACTIVE).first()


def has_announced(user: User, event: Event) -> bool:
    """Whether the person said "Jeg kommer" to this drop-in event."""
    if not user.is_authenticated or event.registration != Event.Registration.DROP_IN_COUNT:
        return False
    return DropInAnnouncement.objects.filter(event=event, person=user).exists()


def participants(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
        .select_related("person", "person__unit", "person__organisation")
        .order_by("status", "waitlist_position", "person__full_name")
    )


def registrations_for_user(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(person=user)
        .select_related("event", "event__kind")
        .order_by("-event__starts_at")
    )


def attended_courses(user: User) -> QuerySet[Registration]:
    """Events the person attended (competence raised, which the innovation unit reports on)."""
    return (
        Registration.objects.filter(person=user, attended=True)
        .select_related("event", "event__kind")
        .order_by("-event__starts_at")
    )


def seconds_until_a_session_ends() -> float | None:
    """How long the list of upcoming events stays true by time alone: until the next session ends (an event
    leaves the list when its last one has). None when no session is ahead."""
    from django.db.models import Min

    now = timezone.now()
    soonest = Session.objects.filter(end__gt=now).aggregate(soonest=Min("end"))["soonest"]
    return None if soonest is None else (soonest - now).total_seconds()
