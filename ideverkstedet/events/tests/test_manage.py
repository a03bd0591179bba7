from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.events import services
from ideverkstedet.events.models import Event, Registration
from ideverkstedet.events.tests.factories import EventFactory, EventKindFactory, add_session
from ideverkstedet.notifications.models import Notification
from ideverkstedet.rooms.models import Booking
from ideverkstedet.rooms.tests.factories import RoomFactory


def _form(**extra) -> dict:
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    return {
        "title": "Kurs i tjenestedesign",
        "kind": EventKindFactory().pk,
        "summary": "To halve dager.",
        "description": "",
        "registration": "required",
        "audience": ["employee", "leader"],
        "is_public": "",
        "capacity": 12,
        "max_places_per_registration": 1,
        "takes_waitlist": "on",
        "question": "",
        "date": day,
        "start_time": "09:00",
        "end_time": "12:00",
        "room": "",
        "place": "Biblioteket",
        **extra,
    }


def test_advisor_creates_a_draft_in_the_room_and_publishes_it(client, make_user):
    advisor = make_user(Role.ADVISOR)
    room = RoomFactory()
    client.force_login(advisor)
    response = client.post(reverse("events:event_new"), _form(room=room.pk, place=""))
    assert response.status_code == 302
    event = Event.objects.get()
    assert (
        event.status == Event.Status.DRAFT
        and event.audience == ["employee", "leader"]
        and not event.is_public
    )
    booking = event.sessions.get().booking
    assert booking.room == room and booking.kind == Booking.Kind.EVENT and booking.status == "confirmed"
    # Drafts are invisible to others.
    client.force_login(make_user(Role.EMPLOYEE))
    assert client.get(reverse("events:event_detail", args=[event.slug])).status_code == 404
    client.force_login(advisor)
    client.post(reverse("events:publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert AuditEntry.objects.filter(action="events.event_published").exists()


def test_a_session_over_a_booking_is_refused_with_a_message(client, make_user):
    from ideverkstedet.rooms.tests.factories import make_booking

    room = RoomFactory()
    day = timezone.localdate() + timedelta(days=10)
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())).replace(hour=10)
    make_booking(room, make_user(Role.EMPLOYEE), start)
    client.force_login(make_user(Role.ADVISOR))
    response = client.post(reverse("events:event_new"), _form(room=room.pk, place=""))
    assert response.status_code == 400
    assert "Tiden er allerede tatt" in response.content.decode()
    assert not Event.objects.exists()


def test_event_form_errors_keep_the_input(client, make_user):
    client.force_login(make_user(Role.ADVISOR))
    response = client.post(reverse("events:event_new"), _form(end_time="08:00", place="", capacity=0))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Sluttidspunktet må være etter starttidspunktet." in html
    assert "Velg et rom, eller skriv hvor det skal være." in html
    assert 'value="Kurs i tjenestedesign"' in html


def test_cancelling_an_event_frees_the_room_and_tells_everyone_why(client, make_user):
    advisor = make_user(Role.ADVISOR)
    room = RoomFactory()
    event = EventFactory(capacity=1)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=4)
    services.session_add(actor=advisor, event=event, start=start, end=start + timedelta(hours=2), room=room)
    a, b = make_user(Role.EMPLOYEE), make_user(Role.EMPLOYEE)
    services.registration_create(person=a, event=event)
    services.registration_create(person=b, event=event)
    client.force_login(advisor)
    client.post(reverse("events:event_cancel", args=[event.slug]), {"cancel-event-reason": ""})
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    client.post(
        reverse("events:event_cancel", args=[event.slug]), {"cancel-event-reason": "Kursholder er syk."}
    )
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert not Registration.objects.filter(event=event, status__in=Registration.ACTIVE).exists()
    assert Booking.objects.get(event_session__event=event).status == Booking.Status.CANCELLED
    for person in (a, b):
        assert "Kursholder er syk." in Notification.objects.filter(user=person).latest("created_at").body


def test_only_advisors_manage_events(client, make_user):
    event = EventFactory(status=Event.Status.DRAFT)
    add_session(event)
    for role in Role:
        client.force_login(make_user(role))
        expected = 200 if role in {Role.ADVISOR, Role.ADMINISTRATOR} else 403
        assert client.get(reverse("events:event_new")).status_code == expected, role
        if expected == 403:
            assert client.post(reverse("events:publish", args=[event.slug])).status_code == 403
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_more_places_go_to_the_line_and_everyone_is_told_of_a_change(client, make_user):
    event = EventFactory(capacity=1)
    add_session(event)
    a, b = make_user(Role.EMPLOYEE), make_user(Role.EMPLOYEE)
    services.registration_create(person=a, event=event)
    waiting = services.registration_create(person=b, event=event)
    client.force_login(make_user(Role.ADVISOR))
    data = {"title": event.title, "summary": "Nytt innhold", "description": "", "capacity": 2, "question": ""}
    assert (
        client.post(reverse("events:event_edit", args=[event.slug]), {**data, "capacity": 0}).status_code
        == 400
    )
    response = client.post(reverse("events:event_edit", args=[event.slug]), data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED
    assert Notification.objects.filter(user=a, title__startswith="Endret").exists()


def test_adding_a_session_holds_the_room_and_tells_participants(client, make_user):
    event = EventFactory()
    add_session(event)
    person = make_user(Role.EMPLOYEE)
    services.registration_create(person=person, event=event)
    room = RoomFactory()
    client.force_login(make_user(Role.ADVISOR))
    day = (timezone.localdate() + timedelta(days=12)).isoformat()
    url = reverse("events:session_new", args=[event.slug])
    assert (
        client.post(url, {"date": day, "start_time": "10:00", "end_time": "09:00", "place": ""}).status_code
        == 400
    )
    response = client.post(url, {"date": day, "start_time": "10:00", "end_time": "12:00", "room": room.pk})
    assert response.status_code == 302
    assert event.sessions.count() == 2
    assert Booking.objects.filter(room=room, kind=Booking.Kind.EVENT).count() == 1
    assert Notification.objects.filter(user=person, title__startswith="Endret").exists()


def test_event_image_is_reencoded_and_needs_alt_text(client, make_user):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (800, 400), "teal").save(buffer, "PNG")
    client.force_login(make_user(Role.ADVISOR))
    image = SimpleUploadedFile("bilde.png", buffer.getvalue(), content_type="image/png")
    response = client.post(reverse("events:event_new"), {**_form(), "image": image})
    assert response.status_code == 400 and "hva bildet viser" in response.content.decode()
    image.seek(0)
    response = client.post(
        reverse("events:event_new"), {**_form(), "image": image, "image_alt": "Post-it-lapper"}
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.image.name.endswith(".jpg") and event.image_alt == "Post-it-lapper"
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(
        reverse("events:event_new"), {**_form(title="Annet"), "image": fake, "image_alt": "x"}
    )
    assert response.status_code == 400
