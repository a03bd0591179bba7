from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.notifications.models import Notification
from ideverkstedet.rooms import services
from ideverkstedet.rooms.models import Booking, GroupType
from ideverkstedet.rooms.tasks import sweep
from ideverkstedet.rooms.tests.factories import PurposeKindFactory, RoomFactory, make_booking


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, minute))
    )


def _form(start: datetime, end: datetime, purpose, **extra) -> dict:
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    return {
        "date": local_start.date().isoformat(),
        "start_time": local_start.strftime("%H:%M"),
        "end_time": local_end.strftime("%H:%M"),
        "purpose_kind": purpose.pk,
        "group_type": GroupType.CROSS_SERVICE,
        "expected_participants": 6,
        "needs": "Skrivevegg",
        **extra,
    }


@pytest.fixture
def room(db):
    return RoomFactory(slug="ideverkstedet", name="Ideverkstedet")


@pytest.fixture
def purpose(db):
    return PurposeKindFactory()


def test_citizen_requests_and_advisor_approves_with_email_and_ics(
    client, make_user, room, purpose, django_capture_on_commit_callbacks
):
    citizen, advisor = make_user(Role.CITIZEN), make_user(Role.ADVISOR)
    client.force_login(citizen)
    url = reverse("rooms:booking_new", args=[room.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(_at(3, 10), _at(3, 12), purpose))
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == reverse("rooms:booking_detail", args=[booking.pk])
    assert booking.status == Booking.Status.REQUESTED
    assert "venter på godkjenning" in mail.outbox[-1].subject
    assert mail.outbox[-1].attachments[0][0].endswith(".ics")

    client.force_login(advisor)
    queue = client.get(reverse("rooms:approval_queue")).content.decode()
    assert citizen.display_name in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rooms:booking_approve", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.decided_by == advisor
    assert mail.outbox[-1].to == [citizen.email]
    assert "godkjent" in mail.outbox[-1].subject
    assert "BEGIN:VCALENDAR" in mail.outbox[-1].attachments[0][1]
    assert AuditEntry.objects.filter(action="rooms.booking_approved", actor=advisor).exists()
    assert Notification.objects.filter(user=citizen).count() == 2


def test_decline_needs_a_reason_that_the_person_is_told(client, make_user, room, purpose):
    citizen, advisor = make_user(Role.CITIZEN), make_user(Role.ADVISOR)
    booking = services.booking_request(
        organiser=citizen,
        room=room,
        start=_at(4, 9),
        end=_at(4, 10),
        purpose_kind=purpose,
        group_type=GroupType.ALONE,
        expected_participants=1,
    )
    client.force_login(advisor)
    client.post(reverse("rooms:booking_decline", args=[booking.pk]), {f"decline-{booking.pk}-reason": ""})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED
    client.post(
        reverse("rooms:booking_decline", args=[booking.pk]),
        {f"decline-{booking.pk}-reason": "Rommet er satt av til kurs den dagen."},
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED
    notice = Notification.objects.filter(user=citizen).latest("created_at")
    assert "Rommet er satt av til kurs" in notice.body
    assert AuditEntry.objects.get(action="rooms.booking_declined").reason.startswith("Rommet er satt av")


def test_employee_short_booking_is_confirmed_at_once(client, make_user, room, purpose):
    client.force_login(make_user(Role.EMPLOYEE))
    client.post(reverse("rooms:booking_new", args=[room.slug]), _form(_at(2, 13), _at(2, 15), purpose))
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_form_with_broken_rules_keeps_the_input_and_explains(client, make_user, room, purpose):
    client.force_login(make_user(Role.EMPLOYEE))
    data = _form(_at(2, 7), _at(2, 7, 30), purpose, expected_participants=99)
    response = client.post(reverse("rooms:booking_new", args=[room.slug]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Rommet er åpent 08:00–20:00" in html
    assert "Bookingen må vare minst" in html
    assert "Rommet har plass til 20 personer." in html
    assert 'value="Skrivevegg"' not in html  # textarea keeps it as content instead
    assert "Skrivevegg" in html
    assert not Booking.objects.exists()


def test_taken_slot_gives_a_clear_message_not_an_error(client, make_user, room, purpose):
    make_booking(room, make_user(Role.EMPLOYEE), _at(5, 10), minutes=120)
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(
        reverse("rooms:booking_new", args=[room.slug]), _form(_at(5, 11), _at(5, 12), purpose)
    )
    assert response.status_code == 400
    assert "Tiden er allerede tatt" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"date": "ikke-en-dato", "start_time": "25:99", "end_time": ""},
        {"date": "2026-02-30", "start_time": "10:00", "end_time": "09:00"},
        {"expected_participants": "-3", "group_type": "tull", "purpose_kind": "999999"},
    ],
)
def test_nonsense_input_is_a_form_error_never_a_500(client, make_user, room, purpose, data):
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(
        reverse("rooms:booking_new", args=[room.slug]), {**_form(_at(2, 9), _at(2, 10), purpose), **data}
    )
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_organiser_moves_and_cancels_their_own_booking(client, make_user, room, purpose):
    employee = make_user(Role.EMPLOYEE)
    booking = services.booking_request(
        organiser=employee,
        room=room,
        start=_at(3, 9),
        end=_at(3, 10),
        purpose_kind=purpose,
        group_type=GroupType.TEAM,
        expected_participants=3,
    )
    client.force_login(employee)
    response = client.post(
        reverse("rooms:booking_edit", args=[booking.pk]), _form(_at(3, 14), _at(3, 16), purpose)
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == _at(3, 14) and booking.sequence == 1
    response = client.post(reverse("rooms:booking_cancel", args=[booking.pk]), {"cancel-reason": "Syk"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    # The time is free again.
    services.booking_request(
        organiser=make_user(Role.EMPLOYEE),
        room=room,
        start=_at(3, 14),
        end=_at(3, 16),
        purpose_kind=purpose,
        group_type=GroupType.TEAM,
        expected_participants=3,
    )


def test_nobody_sees_or_cancels_someone_elses_booking(client, make_user, room):
    booking = make_booking(room, make_user(Role.EMPLOYEE), _at(3, 9))
    for role in (Role.CITIZEN, Role.EMPLOYEE, Role.LEADER, Role.VOLUNTEER, Role.EXTERNAL):
        client.force_login(make_user(role))
        assert client.get(reverse("rooms:booking_detail", args=[booking.pk])).status_code == 404
        assert client.post(reverse("rooms:booking_cancel", args=[booking.pk])).status_code == 404
        assert client.get(reverse("rooms:booking_edit", args=[booking.pk])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_advisor_sees_and_cancels_any_booking_and_the_organiser_is_told(client, make_user, room):
    organiser = make_user(Role.EMPLOYEE)
    booking = make_booking(room, organiser, _at(3, 9))
    client.force_login(make_user(Role.ADVISOR))
    assert client.get(reverse("rooms:booking_detail", args=[booking.pk])).status_code == 200
    assert (
        client.get(reverse("rooms:booking_edit", args=[booking.pk])).status_code == 403
    )  # only the organiser
    client.post(reverse("rooms:booking_cancel", args=[booking.pk]), {"cancel-reason": "Vannlekkasje"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert "Vannlekkasje" in Notification.objects.get(user=organiser).body


def test_only_advisors_reach_the_approval_queue_and_block_time(client, make_user, room):
    for role in Role:
        client.force_login(make_user(role))
        expected = 200 if role in {Role.ADVISOR, Role.ADMINISTRATOR} else 403
        assert client.get(reverse("rooms:approval_queue")).status_code == expected, role
        assert client.get(reverse("rooms:block_new", args=[room.slug])).status_code == expected, role


def test_unverified_people_cannot_book(client, make_user, room):
    client.force_login(make_user(Role.CITIZEN, email_verified_at=None))
    assert client.get(reverse("rooms:booking_new", args=[room.slug])).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_see_rooms_and_the_calendar_but_must_log_in_to_book(client, room):
    assert client.get(reverse("rooms:room_list")).status_code == 200
    html = client.get(reverse("rooms:room_detail", args=[room.slug])).content.decode()
    assert "Ledig" in html and "Logg inn" in html
    response = client.get(reverse("rooms:booking_new", args=[room.slug]))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_staff_block_is_never_over_a_booking(client, make_user, room):
    make_booking(room, make_user(Role.EMPLOYEE), _at(6, 10))
    client.force_login(make_user(Role.ADVISOR))
    data = {
        "date": _at(6, 0).date().isoformat(),
        "start_time": "09:00",
        "end_time": "12:00",
        "title": "Vedlikehold",
    }
    response = client.post(reverse("rooms:block_new", args=[room.slug]), data)
    assert response.status_code == 400 and "Tiden er allerede tatt" in response.content.decode()
    response = client.post(
        reverse("rooms:block_new", args=[room.slug]), {**data, "start_time": "12:00", "end_time": "14:00"}
    )
    assert response.status_code == 302
    block = Booking.objects.get(kind=Booking.Kind.BLOCK)
    assert block.title == "Vedlikehold"
    assert AuditEntry.objects.filter(action="rooms.block_created").exists()


def test_week_calendar_shows_busy_and_free_time_and_hides_who_from_others(client, make_user, room):
    organiser = make_user(Role.EMPLOYEE, full_name="Hemmelig Navn")
    make_booking(room, organiser, _at(1, 10), minutes=120)
    html = client.get(
        reverse("rooms:room_detail", args=[room.slug]) + f"?uke={_at(1, 0).date().isoformat()}"
    ).content.decode()
    assert "10:00–12:00" in html and "Opptatt" in html
    assert "Hemmelig Navn" not in html
    client.force_login(organiser)
    assert (
        "Din booking"
        in client.get(
            reverse("rooms:room_detail", args=[room.slug]) + f"?uke={_at(1, 0).date().isoformat()}"
        ).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("week", ["2026-W48", "2027-W01", "tull", "2026-W99", "", "2026-13-45"])
def test_week_parameter_never_breaks_the_calendar(client, room, week):
    assert client.get(reverse("rooms:room_detail", args=[room.slug]) + f"?uke={week}").status_code == 200


def test_week_calendar_query_count_is_constant(client, make_user, room, django_assert_max_num_queries):
    people = [make_user(Role.EMPLOYEE) for _ in range(3)]
    for day in range(7):
        for hour in (8, 10, 12, 14, 16, 18):
            make_booking(room, people[hour % 3], _at(day, hour), minutes=60)
    client.force_login(people[0])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("rooms:room_detail", args=[room.slug]))
    assert response.status_code == 200


def test_htmx_week_navigation_returns_only_the_calendar(client, room):
    response = client.get(
        reverse("rooms:room_detail", args=[room.slug]) + "?uke=2027-W02", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="calendar"')
    assert "<html" not in html and "Uke 2" in html


def test_check_in_on_the_day_and_release_when_nobody_comes(
    make_user, room, django_capture_on_commit_callbacks
):
    organiser = make_user(Role.EMPLOYEE)
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=40)
    present = make_booking(room, organiser, start - timedelta(hours=3), minutes=60)
    absent = make_booking(room, organiser, start, minutes=120)
    with pytest.raises(services.NotAllowed):
        services.booking_check_in(actor=make_user(Role.EMPLOYEE), booking=absent)
    services.booking_check_in(actor=organiser, booking=present, now=present.start + timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep()
    absent.refresh_from_db()
    present.refresh_from_db()
    assert counts["released"] == 1
    assert absent.status == Booking.Status.RELEASED
    assert present.status == Booking.Status.CONFIRMED
    assert Notification.objects.filter(user=organiser, title__startswith="Booking frigitt").count() == 1
    assert sweep()["released"] == 0  # running again changes nothing


def test_reminder_the_day_before_and_outcome_question_after(
    make_user, room, django_capture_on_commit_callbacks
):
    organiser = make_user(Role.EMPLOYEE)
    tomorrow = make_booking(room, organiser, timezone.now() + timedelta(hours=20))
    yesterday = make_booking(room, organiser, timezone.now() - timedelta(hours=26))
    yesterday.checked_in_at = yesterday.start
    yesterday.save()
    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep()
    assert counts["reminders"] == 1 and counts["outcome_requests"] == 1
    tomorrow.refresh_from_db()
    yesterday.refresh_from_db()
    assert tomorrow.reminder_sent_at and yesterday.outcome_requested_at
    assert sweep() == {"reminders": 0, "released": 0, "outcome_requests": 0}


def test_outcome_note_after_the_session(client, make_user, room):
    organiser = make_user(Role.EMPLOYEE)
    booking = make_booking(room, organiser, timezone.now() - timedelta(hours=3))
    client.force_login(organiser)
    assert (
        "Hva kom ut av det?"
        in client.get(reverse("rooms:booking_detail", args=[booking.pk])).content.decode()
    )
    response = client.post(reverse("rooms:booking_outcome", args=[booking.pk]), {"outcome_kind": "tull"})
    assert response.status_code == 400
    response = client.post(
        reverse("rooms:booking_outcome", args=[booking.pk]),
        {"outcome_kind": "ideas", "outcome_text": "Fem ideer til testing", "next_step": "Teste to av dem"},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.outcome_kind == "ideas" and booking.outcome_at is not None


def test_my_bookings_lists_upcoming_and_earlier(client, make_user, room):
    me = make_user(Role.EMPLOYEE)
    make_booking(room, me, _at(2, 10))
    make_booking(room, me, _at(-2, 10))
    make_booking(room, make_user(Role.EMPLOYEE), _at(3, 10))
    client.force_login(me)
    html = client.get(reverse("rooms:my_bookings")).content.decode()
    assert html.count('href="/booking/') >= 2
    assert "Kommende" in html and "Tidligere" in html


def test_delete_account_cancels_future_bookings_and_keeps_history_without_text(make_user, room):
    from ideverkstedet.accounts.services import user_delete_account

    me = make_user(Role.EMPLOYEE)
    future = make_booking(room, me, _at(2, 10), needs="Rullestol")
    past = make_booking(room, me, _at(-2, 10), needs="Prosjektor")
    user_delete_account(user=me)
    future.refresh_from_db()
    past.refresh_from_db()
    assert future.status == Booking.Status.CANCELLED
    assert past.status == Booking.Status.CONFIRMED and past.needs == ""
