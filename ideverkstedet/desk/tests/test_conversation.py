"""Answering: messages, internal notes that never reach the requester, status, assignment, one step on, closing."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import user_export_data
from ideverkstedet.core.models import AuditEntry
from ideverkstedet.desk import services
from ideverkstedet.desk.errors import Conflict, DeskError, NotAllowed
from ideverkstedet.desk.models import Request, Status
from ideverkstedet.desk.tests.factories import booking_for, make_request
from ideverkstedet.notifications.models import Notification, OutgoingEmail

pytestmark = pytest.mark.django_db

SECRET = "HEMMELIG-MERKNAD-7f3a: ring lederen deres før vi svarer"


@pytest.fixture
def requester(make_user):
    return make_user(Role.VOLUNTEER)


@pytest.fixture
def adviser(make_user):
    return make_user(Role.ADVISOR)


def test_an_internal_note_reaches_none_of_page_api_email_or_export(client, requester, adviser, make_user):
    item = make_request(requester)
    other = make_user(Role.ADVISOR)
    services.request_assign(actor=adviser, request=item, assignees=[adviser, other])
    services.message_post(actor=adviser, request=item, body=SECRET, internal=True)
    services.message_post(actor=adviser, request=item, body="Hei! Vi kan hjelpe dere.")
    services.request_change_status(
        actor=adviser, request=item, status=Status.AGREED, agreed="Workshop 3. mars"
    )
    services.request_change_status(actor=adviser, request=item, status=Status.CLOSED)

    client.force_login(requester)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Vi kan hjelpe dere" in page and SECRET not in page and "Intern merknad" not in page
    for url in (
        f"/api/v1/requests/{item.reference}",
        f"/api/v1/requests/{item.reference}/messages",
        "/api/v1/requests",
    ):
        answer = client.get(url)
        assert answer.status_code == 200 and SECRET not in answer.content.decode()
    requester_mail = OutgoingEmail.objects.filter(to=requester.email)
    assert requester_mail.count() >= 4
    for email in requester_mail:
        assert SECRET not in email.subject + email.body_text + email.body_html
    for message in mail.outbox:
        if requester.email in message.to:
            assert SECRET not in message.body
    for notice in Notification.objects.filter(user=requester):
        assert SECRET not in notice.title + notice.body
    exported = json.dumps(user_export_data(user=requester), default=str)
    assert "Vi kan hjelpe dere" in exported and SECRET not in exported

    # The unit does see it, clearly marked; the other adviser is told of it without its text.
    client.force_login(other)
    page = client.get(item.get_absolute_url()).content.decode()
    assert SECRET in page and "Intern merknad – bare for Innovasjonsenheten" in page
    told = Notification.objects.filter(user=other, title__contains="intern merknad").get()
    assert SECRET not in told.body
    for email in OutgoingEmail.objects.filter(to=other.email):
        assert SECRET not in email.body_text


def test_the_first_answer_is_the_first_message_to_the_requester(requester, adviser):
    item = make_request(requester)
    services.message_post(actor=adviser, request=item, body="intern", internal=True)
    item.refresh_from_db()
    assert item.first_answer_at is None and item.status == Status.NEW
    services.message_post(actor=requester, request=item, body="Har dere sett på dette?")
    item.refresh_from_db()
    assert item.first_answer_at is None
    services.message_post(actor=adviser, request=item, body="Ja, vi ser på det.")
    item.refresh_from_db()
    assert item.first_answer_at is not None and item.status == Status.REVIEWING


def test_declining_needs_a_reason_the_requester_sees(client, requester, adviser):
    item = make_request(requester)
    with pytest.raises(DeskError) as error:
        services.request_change_status(actor=adviser, request=item, status=Status.DECLINED)
    assert error.value.problem.field == "reason"
    services.request_change_status(
        actor=adviser, request=item, status=Status.REFERRED, reason="Dette passer bedre for HR."
    )
    client.force_login(requester)
    assert "Dette passer bedre for HR." in client.get(item.get_absolute_url()).content.decode()
    assert "Dette passer bedre for HR." in OutgoingEmail.objects.filter(to=requester.email).first().body_text


def test_a_closed_request_cannot_jump_to_in_progress(requester, adviser):
    item = make_request(requester)
    services.request_change_status(actor=adviser, request=item, status=Status.CLOSED)
    with pytest.raises(Conflict):
        services.request_change_status(actor=adviser, request=item, status=Status.IN_PROGRESS)
    services.request_change_status(actor=adviser, request=item, status=Status.REVIEWING)
    item.refresh_from_db()
    assert item.closed_at is None


def test_only_the_advisers_on_it_change_it_once_someone_is(requester, adviser, make_user):
    item = make_request(requester)
    other = make_user(Role.ADVISOR)
    services.request_change_status(actor=other, request=item, status=Status.REVIEWING)  # nobody on it yet
    services.request_assign(actor=other, request=item, assignees=[adviser])
    with pytest.raises(NotAllowed):
        services.request_change_status(
            actor=other, request=Request.objects.get(pk=item.pk), status=Status.AGREED
        )
    services.request_change_status(actor=make_user(Role.ADMINISTRATOR), request=item, status=Status.AGREED)


def test_only_advisers_can_be_assigned(requester, adviser, make_user):
    item = make_request(requester)
    with pytest.raises(DeskError):
        services.request_assign(actor=adviser, request=item, assignees=[make_user(Role.EMPLOYEE)])


def test_every_change_is_audited(requester, adviser):
    item = make_request(requester)
    services.request_assign(actor=adviser, request=item, assignees=[adviser], priority=3)
    services.message_post(actor=adviser, request=item, body="notat", internal=True)
    services.message_post(actor=adviser, request=item, body="svar")
    services.request_change_status(actor=adviser, request=item, status=Status.CLOSED)
    services.request_evaluate(actor=requester, request=item, rating=5, comment="Veldig nyttig")
    actions = list(
        AuditEntry.objects.filter(target_id=str(item.pk)).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        "desk.assigned",
        "desk.note_written",
        "desk.message_written",
        "desk.status_changed",
        "desk.evaluated",
    ]


def test_closing_asks_for_an_evaluation_once(client, requester, adviser):
    item = make_request(requester)
    client.force_login(requester)
    assert (
        client.post(reverse("desk:evaluate", args=[item.reference]), {"evaluation-rating": "4"}).status_code
        == 403
    )
    services.request_change_status(actor=adviser, request=item, status=Status.CLOSED)
    assert Notification.objects.filter(user=requester, title__contains="hvordan gikk det").exists()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Hvordan gikk det?" in page
    response = client.post(
        reverse("desk:evaluate", args=[item.reference]),
        {"evaluation-rating": "4", "evaluation-comment": "God hjelp, raskt svar."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.rating == 4 and item.rating_comment == "God hjelp, raskt svar."
    again = client.post(reverse("desk:evaluate", args=[item.reference]), {"evaluation-rating": "1"})
    assert again.status_code == 403
    item.refresh_from_db()
    assert item.rating == 4


def test_one_step_to_a_booking_ties_it_back(client, requester, adviser):
    from ideverkstedet.rooms.tests.factories import RoomFactory

    room = RoomFactory()
    item = make_request(requester, group_size=12)
    client.force_login(adviser)
    page = client.get(item.get_absolute_url()).content.decode()
    assert f"bestilling={item.reference}" in page and "antall=12" in page
    form = client.get(
        reverse("rooms:booking_new", args=[room.slug]) + "?antall=12&bestilling=" + item.reference
    )
    assert 'value="12"' in form.content.decode()
    booking = booking_for(adviser, room=room)
    from ideverkstedet.core.signals import made_from_link

    made_from_link.send(
        sender=type(booking), obj=booking, actor=adviser, params={"bestilling": item.reference}
    )
    item.refresh_from_db()
    assert item.made_booking == booking
    assert Notification.objects.filter(user=requester, title__contains="en booking").exists()


def test_one_step_to_a_plan_through_the_planner_form(client, requester, adviser):
    from ideverkstedet.methods.models import Plan

    item = make_request(requester)
    client.force_login(adviser)
    url = reverse("methods:plan_new") + f"?bestilling={item.reference}&tittel=Workshop+for+teamet"
    assert 'value="Workshop for teamet"' in client.get(url).content.decode()
    response = client.post(url, {"title": "Workshop for teamet", "start_time": "09:00"})
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.made_plan == Plan.objects.get(title="Workshop for teamet")
    assert "Opplegg" in client.get(item.get_absolute_url()).content.decode()


def test_a_stranger_cannot_tie_things_to_a_request(requester, make_user):
    from ideverkstedet.core.signals import made_from_link

    item = make_request(requester)
    stranger = make_user(Role.EMPLOYEE)
    booking = booking_for(stranger)
    made_from_link.send(
        sender=type(booking), obj=booking, actor=stranger, params={"bestilling": item.reference}
    )
    item.refresh_from_db()
    assert item.made_booking is None
