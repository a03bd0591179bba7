import pytest
from django.core.management import CommandError, call_command

from ideverkstedet.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from ideverkstedet.accounts.models import Organisation, Role, ServiceArea, Unit, User


@pytest.mark.django_db
def test_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo", "--size", "small")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_creates_one_account_per_role_that_can_log_in(settings, client):
    settings.DEBUG = True
    call_command("demo", "--size", "small")
    roles = set(User.objects.filter(email__in=[a[0] for a in DEMO_ACCOUNTS]).values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    response = client.post(
        "/konto/logg-inn/", {"username": "radgiver@demo.kommune.no", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert ServiceArea.objects.count() >= 8
    assert Unit.objects.filter(name="Innovasjonsenheten").exists()
    assert Organisation.objects.filter(kind=Organisation.Kind.VOLUNTEER).exists()
    assert Organisation.objects.filter(kind=Organisation.Kind.EXTERNAL).exists()


@pytest.mark.django_db
def test_demo_is_deterministic_and_does_not_duplicate(settings):
    settings.DEBUG = True
    call_command("demo", "--size", "small")
    first = list(User.objects.order_by("email").values_list("email", "full_name", "role"))
    call_command("demo", "--size", "small")
    assert list(User.objects.order_by("email").values_list("email", "full_name", "role")) == first
    from ideverkstedet.challenges.models import Challenge
    from ideverkstedet.desk.models import Request
    from ideverkstedet.events.models import Event, Registration
    from ideverkstedet.rooms.models import Booking

    # Bookings, registrations, events and challenges (with their ideas and comments) protect the people behind them.
    Challenge.objects.all().delete()
    Request.objects.all().delete()
    Registration.objects.all().delete()
    Event.objects.all().delete()
    Booking.objects.all().delete()
    User.objects.all().delete()
    call_command("demo", "--size", "small")
    assert list(User.objects.order_by("email").values_list("email", "full_name", "role")) == first


@pytest.mark.django_db
def test_demo_if_empty_leaves_an_existing_database_alone(settings, make_user):
    settings.DEBUG = True
    make_user(Role.CITIZEN)
    call_command("demo", "--size", "small", "--if-empty")
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_people_are_placed_where_their_role_belongs(settings):
    settings.DEBUG = True
    call_command("demo", "--size", "small")
    assert not User.objects.filter(role=Role.EMPLOYEE, unit__isnull=True).exists()
    assert not User.objects.filter(
        role=Role.VOLUNTEER, organisation__kind=Organisation.Kind.EXTERNAL
    ).exists()
    assert not User.objects.filter(role=Role.CITIZEN, organisation__isnull=False).exists()


@pytest.mark.django_db
def test_nobody_is_registered_for_an_event_they_cannot_see(settings):
    """Min side links each registration to its event: a resident registered for an internal event got a 404."""
    from ideverkstedet.accounts.rules import MUNICIPAL_ROLES
    from ideverkstedet.events.models import Registration

    settings.DEBUG = True
    call_command("demo", "--size", "small")
    assert Registration.objects.filter(event__is_public=False).exists()
    assert (
        not Registration.objects.filter(event__is_public=False)
        .exclude(person__role__in=MUNICIPAL_ROLES)
        .exists()
    )
    assert Registration.objects.filter(event__is_public=True, person__role=Role.CITIZEN).exists()
