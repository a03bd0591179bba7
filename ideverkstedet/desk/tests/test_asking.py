"""Asking for help: the form, the reference, the confirmation, attachments checked by content."""

import json
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ideverkstedet.accounts.models import Role
from ideverkstedet.desk.models import Attachment, Request, Status
from ideverkstedet.desk.tests.factories import booking_for, kind, make_request
from ideverkstedet.desk.workdays import working_days_between
from ideverkstedet.notifications.models import Notification, OutgoingEmail

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PNG")
    return out.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.VOLUNTEER, Role.EXTERNAL, Role.EMPLOYEE, Role.LEADER])
def test_anyone_logged_in_can_ask_and_gets_a_reference(client, make_user, role):
    person = make_user(role)
    client.force_login(person)
    assert client.get(reverse("desk:ask")).status_code == 200
    response = client.post(
        reverse("desk:ask"),
        {
            "kind": kind("fasilitering").pk,
            "need": "Vi trenger noen som leder en idémyldring.",
            "group_size": "8",
        },
    )
    item = Request.objects.get(requester=person)
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert re.fullmatch(r"IV-\d{4}-\d{4}", item.reference)
    assert item.status == Status.NEW and item.answer_due > item.created_at.date()
    email = OutgoingEmail.objects.get(to=person.email)
    assert item.reference in email.subject and item.get_absolute_url() in email.body_text
    page = client.get(item.get_absolute_url())
    assert item.reference in page.content.decode()


def test_references_count_up_without_gaps_per_year(make_user):
    person = make_user(Role.EMPLOYEE)
    refs = [make_request(person).reference for _ in range(3)]
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in refs]
    assert numbers == [1, 2, 3]


def test_a_failed_request_does_not_use_up_a_number(make_user):
    from ideverkstedet.desk.errors import DeskError

    person = make_user(Role.EMPLOYEE)
    first = make_request(person)
    with pytest.raises(DeskError):
        make_request(person, need="   ")
    assert make_request(person).number == first.number + 1


def test_asking_from_a_booking_ties_the_request_to_it(client, make_user):
    volunteer = make_user(Role.VOLUNTEER)
    booking = booking_for(volunteer)
    client.force_login(volunteer)
    page = client.get(reverse("desk:ask") + f"?booking={booking.pk}")
    assert "bookingen din" in page.content.decode()
    client.post(
        reverse("desk:ask") + f"?booking={booking.pk}", {"kind": kind().pk, "need": "Hjelp til workshopen"}
    )
    assert Request.objects.get(requester=volunteer).booking == booking


def test_someone_elses_booking_is_not_tied(client, make_user):
    booking = booking_for(make_user(Role.EMPLOYEE))
    citizen = make_user(Role.CITIZEN)
    client.force_login(citizen)
    client.post(reverse("desk:ask") + f"?booking={booking.pk}", {"kind": kind().pk, "need": "Hjelp"})
    assert Request.objects.get(requester=citizen).booking is None


@pytest.mark.parametrize(
    "query",
    [
        "?booking=abc",
        "?booking=99999999999999999999",
        "?opplegg=-1",
        "?utfordring=" + "x" * 999,
        "?utfordring=a%00b",
        "?booking=1%00",
    ],
)
def test_odd_links_never_break_the_form(client, make_user, query):
    client.force_login(make_user(Role.CITIZEN))
    assert client.get(reverse("desk:ask") + query).status_code == 200


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    response = client.post(
        reverse("desk:ask"),
        {"kind": "999", "need": "Min tekst", "window_start": "2026-13-45", "group_size": "mange"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Min tekst" in body and "error-summary" in body
    assert not Request.objects.exists()


def test_images_are_reencoded_and_pdfs_kept_under_random_names(client, make_user):
    person = make_user(Role.EMPLOYEE)
    client.force_login(person)
    client.post(
        reverse("desk:ask"),
        {
            "kind": kind().pk,
            "need": "Se vedlegg",
            "attachments": [
                SimpleUploadedFile("../../etc/skisse.png", _png(), content_type="image/png"),
                SimpleUploadedFile("plan.pdf", _pdf(), content_type="application/pdf"),
            ],
        },
    )
    files = list(Attachment.objects.order_by("pk"))
    assert [(f.name, f.content_type) for f in files] == [
        ("vedlegg-1.jpg", "image/jpeg"),
        ("vedlegg-2.pdf", "application/pdf"),
    ]
    for f in files:
        assert f.file.name == f"desk/{f.token}.{f.name.rsplit('.', 1)[1]}"
    item = files[0].request
    download = client.get(reverse("desk:attachment", args=[item.reference, files[1].token]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")


# What a file was called on the uploader's machine can say who it is about.
TELLING_NAME = "Kari Nordmann - sykemelding 2026.pdf"


def test_the_uploaders_file_name_is_kept_nowhere(client, make_user):
    from ideverkstedet.accounts.services import user_export_data

    requester = make_user(Role.VOLUNTEER)
    adviser = make_user(Role.ADVISOR)
    client.force_login(requester)
    client.post(
        reverse("desk:ask"),
        {
            "kind": kind().pk,
            "need": "Se vedlegg",
            "attachments": [
                SimpleUploadedFile(TELLING_NAME, _pdf(), content_type="application/pdf"),
                SimpleUploadedFile("Kari Nordmann.png", _png(), content_type="image/png"),
            ],
        },
    )
    item = Request.objects.get(requester=requester)
    stored = list(item.attachments.order_by("pk"))
    assert [f.name for f in stored] == ["vedlegg-1.pdf", "vedlegg-2.jpg"]
    for f in stored:
        assert "Nordmann" not in f.file.name and "sykemelding" not in f.file.name
    for person in (requester, adviser):
        client.force_login(person)
        page = client.get(item.get_absolute_url()).content.decode()
        assert "Vedlegg 1 (PDF, " in page and "Vedlegg 2 (JPEG, " in page
        assert "Nordmann" not in page and "sykemelding" not in page
        download = client.get(reverse("desk:attachment", args=[item.reference, stored[0].token]))
        assert download["Content-Disposition"] == 'attachment; filename="vedlegg-1.pdf"'
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
        api = client.get(f"/api/v1/requests/{item.reference}").content.decode()
        assert "Nordmann" not in api
    exported = json.dumps(user_export_data(user=requester), default=str)
    assert "vedlegg-1.pdf" in exported and "Nordmann" not in exported and "sykemelding" not in exported


@pytest.mark.parametrize(
    ("name", "content"),
    [("virus.exe", b"MZ\x90\x00" * 10), ("fake.png", b"not an image"), ("fake.pdf", b"%PDF-1.4 no end")],
)
def test_other_files_are_refused(client, make_user, name, content):
    client.force_login(make_user(Role.EMPLOYEE))
    response = client.post(
        reverse("desk:ask"),
        {"kind": kind().pk, "need": "Se vedlegg", "attachments": [SimpleUploadedFile(name, content)]},
    )
    assert response.status_code == 400
    assert not Request.objects.exists() and not Attachment.objects.exists()


def test_big_files_are_refused(client, make_user, settings):
    from ideverkstedet.desk import files

    client.force_login(make_user(Role.EMPLOYEE))
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (files.MAX_BYTES + 10) + b"%%EOF")
    response = client.post(reverse("desk:ask"), {"kind": kind().pk, "need": "x", "attachments": [big]})
    assert response.status_code == 400 and "8 MB" in response.content.decode()


def test_the_requester_is_told_in_their_own_language(make_user):
    person = make_user(Role.CITIZEN, language="en")
    item = make_request(person)
    notice = Notification.objects.get(user=person)
    assert notice.title == f"We have received your request ({item.reference})"


@pytest.mark.parametrize(
    ("days", "language", "text"),
    [
        (3, "nb", "Vi svarer innen 3 virkedager."),
        (1, "nb", "Vi svarer innen én virkedag."),
        (5, "nn", "Vi svarar innan 5 yrkedagar."),
        (1, "nn", "Vi svarar innan éin yrkedag."),
        (2, "en", "We answer within 2 working days."),
        (1, "en", "We answer within one working day."),
    ],
)
def test_the_ask_page_promises_the_configured_number_of_working_days(
    client, make_user, settings, days, language, text
):
    settings.DESK_ANSWER_WORKING_DAYS = days
    person = make_user(Role.EMPLOYEE, language=language)
    client.force_login(person)
    page = client.get(reverse("desk:ask"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert text in page
    item = make_request(person)  # and the promise kept is the one made
    assert working_days_between(timezone.localdate(item.created_at), item.answer_due) == days
