from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.events import services
from ideverkstedet.events.models import Event, Registration
from ideverkstedet.events.tests.factories import EventFactory, add_session
from ideverkstedet.notifications.models import Notification


@pytest.fixture
def course(db):
    event = EventFactory(capacity=2, question="Hvilken utfordring vil du jobbe med?")
    add_session(event)
    return event


def test_register_then_full_then_waitlist_with_visible_position(client, make_user, course):
    people = [make_user(Role.EMPLOYEE) for _ in range(4)]
    for person in people[:2]:
        services.registration_create(person=person, event=course)
    client.force_login(people[2])
    html = client.get(reverse("events:event_detail", args=[course.slug])).content.decode()
    assert "Sett meg på venteliste" in html
    response = client.post(
        reverse("events:register", args=[course.slug]), {"places": 1, "answer": "Sykefravær"}
    )
    assert response.status_code == 302
    html = client.get(reverse("events:event_detail", args=[course.slug])).content.decode()
    assert "Du står på venteliste som nummer 1." in html
    registration = Registration.objects.get(person=people[2])
    assert registration.answer == "Sykefravær"
    assert "nummer 1" in Notification.objects.filter(user=people[2]).latest("created_at").body


def test_leave_the_waitlist_and_the_others_move_up(make_user, course):
    people = [make_user(Role.EMPLOYEE) for _ in range(5)]
    registrations = [services.registration_create(person=p, event=course) for p in people]
    services.registration_cancel(actor=people[2], registration=registrations[2])  # first in line leaves
    positions = dict(
        Registration.objects.filter(event=course, status="waitlisted").values_list(
            "person_id", "waitlist_position"
        )
    )
    assert positions == {people[3].pk: 1, people[4].pk: 2}


def test_cancellation_offers_the_place_and_accepting_confirms(client, make_user, course):
    a, b, c = (make_user(Role.EMPLOYEE) for _ in range(3))
    first = services.registration_create(person=a, event=course)
    services.registration_create(person=b, event=course)
    waiting = services.registration_create(person=c, event=course)
    services.registration_cancel(actor=a, registration=first)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED and waiting.offer_expires_at is not None
    assert "Ledig plass til deg" in Notification.objects.filter(user=c).latest("created_at").title
    client.force_login(c)
    assert (
        "Takk ja til plassen"
        in client.get(reverse("events:event_detail", args=[course.slug])).content.decode()
    )
    client.post(reverse("events:accept_offer", args=[course.slug]))
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_an_offer_nobody_answers_passes_on_to_the_next(make_user, course):
    a, b, c, d = (make_user(Role.EMPLOYEE) for _ in range(4))
    first = services.registration_create(person=a, event=course)
    services.registration_create(person=b, event=course)
    offered = services.registration_create(person=c, event=course)
    next_in_line = services.registration_create(person=d, event=course)
    services.registration_cancel(actor=a, registration=first)
    offered.refresh_from_db()
    assert services.offers_expire(now=offered.offer_expires_at - timedelta(minutes=1)) == 0
    later = offered.offer_expires_at + timedelta(minutes=1)
    assert services.offers_expire(now=later) == 1
    offered.refresh_from_db()
    next_in_line.refresh_from_db()
    assert offered.status == Registration.Status.EXPIRED
    assert next_in_line.status == Registration.Status.OFFERED
    with pytest.raises(services.NotAllowed):
        services.offer_accept(person=c, registration=offered)


def test_group_places_count_against_capacity_and_the_head_of_the_line_is_not_skipped(make_user, db):
    event = EventFactory(capacity=4, max_places_per_registration=3)
    a, b, c = (make_user(Role.EMPLOYEE) for _ in range(3))
    services.registration_create(person=a, event=event, places=3)
    group = services.registration_create(person=b, event=event, places=3)
    single = services.registration_create(person=c, event=event, places=1)
    assert group.status == Registration.Status.WAITLISTED
    # One place is free, but the group is first in line: the single person waits behind it.
    assert single.status == Registration.Status.WAITLISTED
    with pytest.raises(services.RegistrationError):
        services.registration_create(person=make_user(Role.EMPLOYEE), event=event, places=4)


def test_staff_move_someone_in_line_with_a_reason_that_is_audited(client, make_user, course):
    people = [make_user(Role.EMPLOYEE) for _ in range(5)]
    registrations = [services.registration_create(person=p, event=course) for p in people]
    advisor = make_user(Role.ADVISOR)
    last = registrations[4]
    client.force_login(advisor)
    url = reverse("events:move", args=[course.slug, last.pk])
    client.post(url, {f"move-{last.pk}-position": 1, f"move-{last.pk}-reason": ""})
    last.refresh_from_db()
    assert last.waitlist_position == 3  # unchanged without a reason
    client.post(url, {f"move-{last.pk}-position": 1, f"move-{last.pk}-reason": "Prioritert enhet i piloten"})
    order = list(
        Registration.objects.filter(event=course, status="waitlisted")
        .order_by("waitlist_position")
        .values_list("person_id", flat=True)
    )
    assert order == [people[4].pk, people[2].pk, people[3].pk]
    entry = AuditEntry.objects.get(action="events.waitlist_moved")
    assert entry.reason == "Prioritert enhet i piloten" and entry.data == {"from": 3, "to": 1}
    assert "Prioritert enhet" in Notification.objects.filter(user=people[4]).latest("created_at").body


def test_only_advisors_see_the_participant_list_and_mark_attendance(client, make_user, course):
    registration = services.registration_create(person=make_user(Role.EMPLOYEE), event=course)
    for role in Role:
        client.force_login(make_user(role))
        expected = 200 if role in {Role.ADVISOR, Role.ADMINISTRATOR} else 403
        assert client.get(reverse("events:participants", args=[course.slug])).status_code == expected
    client.force_login(make_user(Role.ADVISOR))
    client.post(reverse("events:attendance", args=[course.slug, registration.pk]), {"attended": "yes"})
    registration.refresh_from_db()
    assert registration.attended is True


def test_internal_events_are_hidden_from_citizens_and_visitors(client, make_user, db):
    internal = EventFactory(is_public=False, title="Internt kurs")
    add_session(internal)
    assert client.get(reverse("events:event_detail", args=[internal.slug])).status_code == 404
    assert "Internt kurs" not in client.get(reverse("events:event_list")).content.decode()
    client.force_login(make_user(Role.CITIZEN))
    assert client.get(reverse("events:event_detail", args=[internal.slug])).status_code == 404
    client.force_login(make_user(Role.EMPLOYEE))
    assert client.get(reverse("events:event_detail", args=[internal.slug])).status_code == 200


def test_audience_and_window_are_enforced_with_clear_messages(client, make_user, db):
    event = EventFactory(audience=["employee"], registration_opens=timezone.now() + timedelta(days=1))
    add_session(event)
    with pytest.raises(services.RegistrationError, match="ikke åpent for påmelding fra deg"):
        services.registration_create(person=make_user(Role.CITIZEN), event=event)
    with pytest.raises(services.RegistrationError, match="Påmeldingen åpner"):
        services.registration_create(person=make_user(Role.EMPLOYEE), event=event)
    event.registration_opens = None
    event.registration_closes = timezone.now() - timedelta(minutes=1)
    event.save()
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(reverse("events:register", args=[event.slug]), {"places": 1})
    assert response.status_code == 400 and "Påmeldingen er stengt." in response.content.decode()


def test_citizen_registers_for_a_public_open_day_and_drop_in_counts(client, make_user, db):
    open_day = EventFactory(registration=Event.Registration.DROP_IN_COUNT, title="Åpen dag")
    add_session(open_day)
    citizen = make_user(Role.CITIZEN)
    client.force_login(citizen)
    client.post(reverse("events:announce", args=[open_day.slug]))
    open_day.refresh_from_db()
    assert open_day.drop_in_count == 1
    public = EventFactory(audience=["citizen", "employee"])
    add_session(public)
    client.post(reverse("events:register", args=[public.slug]), {"places": 1})
    assert Registration.objects.get(person=citizen).status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("data", [{"places": "tull"}, {"places": 0}, {"places": 99}, {}])
def test_bad_registration_input_is_a_form_error_not_a_500(client, make_user, course, data):
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(reverse("events:register", args=[course.slug]), data)
    assert response.status_code in {302, 400}
    assert Registration.objects.filter(event=course).count() <= 1


@pytest.mark.django_db
def test_front_page_and_list_show_upcoming_events(client, django_assert_max_num_queries):
    for n in range(6):
        add_session(EventFactory(title=f"Åpen dag {n}"), days=n + 1)
    # A visitor's front page is built once (its sections, the fragment versions and how long it stays true,
    # core/fragments.py), then comes from the cache.
    with django_assert_max_num_queries(8):
        html = client.get("/").content.decode()
    assert "Åpen dag 0" in html and "Åpen dag 3" in html and "Åpen dag 5" not in html
    with django_assert_max_num_queries(1):
        assert "Åpen dag 3" in client.get("/").content.decode()
    with django_assert_max_num_queries(6):
        assert "Åpen dag 5" in client.get(reverse("events:event_list")).content.decode()


def test_event_session_takes_the_room_and_blocks_bookings(make_user, db):
    from ideverkstedet.rooms.services import SlotTaken
    from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

    advisor = make_user(Role.ADVISOR)
    room = RoomFactory()
    event = EventFactory()
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    services.session_add(actor=advisor, event=event, start=start, end=start + timedelta(hours=3), room=room)
    with pytest.raises(SlotTaken):
        services.session_add(
            actor=advisor, event=EventFactory(), start=start, end=start + timedelta(hours=1), room=room
        )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_booking(room, make_user(Role.EMPLOYEE), start + timedelta(hours=1))


def test_confirmation_email_carries_the_sessions_as_ics_and_the_feed_parses(
    client, make_user, course, django_capture_on_commit_callbacks
):
    from django.core import mail
    from icalendar import Calendar

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(person=make_user(Role.EMPLOYEE), event=course)
    name, content, mimetype = mail.outbox[-1].attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 1 and str(events[0]["SUMMARY"]) == course.title
    feed = client.get(reverse("events:feed"))
    assert feed["Content-Type"].startswith("text/calendar")
    assert course.title in [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]


def test_attended_courses_show_on_the_profile(client, make_user, course):
    person = make_user(Role.EMPLOYEE)
    registration = services.registration_create(person=person, event=course)
    services.attendance_set(actor=make_user(Role.ADVISOR), registration=registration, attended=True)
    client.force_login(person)
    assert course.title in client.get(reverse("accounts:profile")).content.decode()


def test_reminder_the_day_before_and_evaluation_after(client, make_user, db):
    from ideverkstedet.events.models import Evaluation
    from ideverkstedet.events.tests.factories import add_session as session

    soon = EventFactory(starts_at=timezone.now() + timedelta(hours=20))
    session(soon, days=0)
    person = make_user(Role.EMPLOYEE)
    services.registration_create(person=person, event=soon)
    assert services.send_reminders() == 1 and services.send_reminders() == 0

    past = EventFactory(starts_at=timezone.now() - timedelta(days=2))
    registration = services.registration_create(person=person, event=past)
    start = timezone.now() - timedelta(days=2)
    past.sessions.create(start=start, end=start + timedelta(hours=2), place="Rådhuset")
    assert services.ask_for_evaluations() == 1 and services.ask_for_evaluations() == 0
    client.force_login(person)
    assert "Hvordan var det?" in client.get(reverse("events:event_detail", args=[past.slug])).content.decode()
    response = client.post(reverse("events:evaluate", args=[past.slug]), {"rating": "9"})
    assert response.status_code == 400
    client.post(
        reverse("events:evaluate", args=[past.slug]), {"rating": "4", "useful": "Metodene", "improve": ""}
    )
    assert Evaluation.objects.get(registration=registration).rating == 4


def test_an_offer_runs_at_least_its_hours_and_then_to_2359_never_past_the_start(make_user, db):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    oslo = ZoneInfo("Europe/Oslo")
    night = datetime(2027, 3, 10, 2, 8, tzinfo=oslo)
    far = EventFactory(offer_hours=24, starts_at=datetime(2027, 4, 1, 9, 0, tzinfo=oslo))
    near = EventFactory(offer_hours=24, starts_at=datetime(2027, 3, 11, 18, 0, tzinfo=oslo))
    # 02:08 plus 24 hours, then to the end of that day; or the start, when the event begins before 23:59.
    assert services._offer_deadline(far, night) == datetime(2027, 3, 11, 23, 59, tzinfo=oslo)
    assert services._offer_deadline(near, night) == datetime(2027, 3, 11, 18, 0, tzinfo=oslo)

    # Through the real flow: a freed place is offered until 23:59 local time, at least the offer hours away.
    event = EventFactory(capacity=1, offer_hours=24)
    first = services.registration_create(person=make_user(Role.EMPLOYEE), event=event)
    waiting = services.registration_create(person=make_user(Role.EMPLOYEE), event=event)
    services.registration_cancel(actor=first.person, registration=first)
    waiting.refresh_from_db()
    local = timezone.localtime(waiting.offer_expires_at)
    assert waiting.status == Registration.Status.OFFERED
    assert (local.hour, local.minute) == (23, 59) or waiting.offer_expires_at == event.starts_at
    assert waiting.offer_expires_at >= timezone.now() + timedelta(hours=24) - timedelta(minutes=1)
