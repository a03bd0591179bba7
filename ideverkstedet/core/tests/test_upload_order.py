"""Every upload path: permission, then the limits, then the image header, then decoding (issue 11 items 2 and 3).

A 9000 x 9000 PNG (80 KB on disk, 81 megapixels decoded) is posted to every form that takes a file. Someone
without permission, or over a limit, is refused before Pillow is even asked to read the header; someone allowed
is refused by the header, before anything is decoded. The upload limit counts a request with a file before the
file is read, so failing forms cannot decode image after image. And no uploader's file name is kept anywhere.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.forms import modelform_factory
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services as challenge_services
from ideverkstedet.challenges.models import Challenge, Idea
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.core import uploads
from ideverkstedet.core.tests.pixels import huge_png, small_png
from ideverkstedet.events.models import Event
from ideverkstedet.rooms.models import Room
from ideverkstedet.rooms.tests.factories import RoomFactory
from ideverkstedet.stories.models import Story, StoryAttachment
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db

NAME = "Ingrid_Innbygger_selfie"


@dataclass
class UploadPath:
    url: str
    data: dict[str, Any]
    allowed: User
    refused: User | None  # without permission (or blocked): refused before the file is read
    stored: Callable[[], str]  # the stored file's name after a successful upload
    file_field: str = "image"
    is_image: bool = True
    refused_statuses: tuple[int, ...] = (400, 403, 404)
    extra: dict[str, Any] = field(default_factory=dict)


def _challenge_data(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "description": "Tekst",
        "visibility": "public",
        "tags": "",
        "image_alt": "Et bilde",
    }


def _challenge_new() -> UploadPath:
    blocked = user_with_role(Role.EMPLOYEE)
    challenge_services.block_user(actor=user_with_role(Role.ADVISOR), user=blocked, reason="Hets")
    return UploadPath(
        url=reverse("challenges:new"),
        data=_challenge_data("Ny utfordring"),
        allowed=user_with_role(Role.EMPLOYEE),
        refused=blocked,
        stored=lambda: Challenge.objects.get(title="Ny utfordring").image.name,
    )


def _challenge_edit() -> UploadPath:
    challenge = make_challenge(visibility="public")
    return UploadPath(
        url=reverse("challenges:edit", args=[challenge.slug]),
        data=_challenge_data("Endret tittel"),
        allowed=challenge.owner,
        refused=user_with_role(Role.EMPLOYEE),
        stored=lambda: Challenge.objects.get(pk=challenge.pk).image.name,
    )


def _idea_new() -> UploadPath:
    challenge = make_challenge(visibility="public", open_for="everyone")
    return UploadPath(
        url=reverse("challenges:idea_new", args=[challenge.slug]),
        data={"title": "Idé med bilde", "description": "Tekst", "image_alt": "Et bilde", "likevel": "1"},
        allowed=user_with_role(Role.CITIZEN),
        refused=None,  # see test_upload_after_permission: a closed challenge and the posting limit
        stored=lambda: Idea.objects.get(title="Idé med bilde").image.name,
    )


def _event_new() -> UploadPath:
    from ideverkstedet.events.tests.test_manage import _form

    return UploadPath(
        url=reverse("events:event_new"),
        data={**_form(), "image_alt": "Post-it-lapper"},
        allowed=user_with_role(Role.ADVISOR),
        refused=user_with_role(Role.EMPLOYEE),
        stored=lambda: Event.objects.get().image.name,
    )


def _story_data(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "summary": "Kort sagt",
        "problem": "Vanskelig skjema",
        "tried": "Intervjuer og prototyp",
        "visibility": "public",
        "image_alt": "Et bilde",
    }


def _story_new() -> UploadPath:
    return UploadPath(
        url=reverse("stories:new"),
        data=_story_data("Ny historie"),
        allowed=user_with_role(Role.ADVISOR),
        refused=user_with_role(Role.EMPLOYEE),
        stored=lambda: Story.objects.get(title="Ny historie").image.name,
    )


def _story_edit() -> UploadPath:
    story = make_story()
    return UploadPath(
        url=reverse("stories:edit", args=[story.slug]),
        data=_story_data("Endret historie"),
        allowed=story.author,  # type: ignore[arg-type]
        refused=user_with_role(Role.EMPLOYEE),
        stored=lambda: Story.objects.get(pk=story.pk).image.name,
    )


def _attachment_add() -> UploadPath:
    story = make_story()
    return UploadPath(
        url=reverse("stories:attachment_add", args=[story.slug]),
        data={"title": "Rapport"},
        allowed=story.author,  # type: ignore[arg-type]
        refused=user_with_role(Role.EMPLOYEE),
        stored=lambda: StoryAttachment.objects.get().file.name,
        file_field="file",
        is_image=False,
    )


PATHS = {
    "challenge_new": _challenge_new,
    "challenge_edit": _challenge_edit,
    "idea_new": _idea_new,
    "event_new": _event_new,
    "story_new": _story_new,
    "story_edit": _story_edit,
    "attachment_add": _attachment_add,
}
IMAGE_PATHS = [name for name in PATHS if name != "attachment_add"]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bomb(path: UploadPath) -> SimpleUploadedFile:
    return SimpleUploadedFile("bombe.png", huge_png(), content_type="image/png")


def _post(client: Client, path: UploadPath, upload: SimpleUploadedFile) -> Any:
    return client.post(path.url, {**path.data, path.file_field: upload})


def _never_read() -> Any:
    """Pillow's only way in (both our header check and Django's ImageField call Image.open)."""
    return mock.patch("PIL.Image.open", side_effect=AssertionError("the upload was read"))


@pytest.mark.parametrize("name", [n for n in PATHS if n != "idea_new"])
def test_someone_without_permission_is_refused_before_the_file_is_read(name):
    path = PATHS[name]()
    assert path.refused is not None
    with _never_read() as opened:
        response = _post(_client(path.refused), path, _bomb(path))
    assert response.status_code in path.refused_statuses
    assert not opened.called


@pytest.mark.parametrize("name", list(PATHS))
def test_the_upload_limit_counts_before_the_file_is_read(name, monkeypatch):
    monkeypatch.setattr(uploads, "UPLOADS_PER_HOUR", 1)
    path = PATHS[name]()
    client = _client(path.allowed)
    # A failing form (not an image, not a PDF) still counts: failures cannot decode image after image.
    garbage = SimpleUploadedFile("x.png", b"not an image, not a pdf", content_type="image/png")
    assert _post(client, path, garbage).status_code == 400
    with _never_read() as opened:
        response = _post(client, path, _bomb(path))
    assert response.status_code in (400, 429)
    assert "mange filer den siste timen" in response.content.decode()
    assert not opened.called


@pytest.mark.parametrize("name", IMAGE_PATHS)
def test_a_pixel_bomb_from_someone_allowed_is_refused_by_its_header_before_decoding(name):
    path = PATHS[name]()
    with (
        mock.patch("PIL.ImageFile.ImageFile.load", side_effect=AssertionError("decoded")) as decoded,
        mock.patch("PIL.Image.Image.verify", side_effect=AssertionError("verified")) as verified,
    ):
        response = _post(_client(path.allowed), path, _bomb(path))
    assert response.status_code == 400
    assert "for mange piksler" in response.content.decode()
    assert not decoded.called and not verified.called


@pytest.mark.parametrize("name", list(PATHS))
def test_the_uploaders_file_name_is_kept_nowhere(name):
    path = PATHS[name]()
    if path.is_image:
        upload = SimpleUploadedFile(f"{NAME}.png", small_png(), content_type="image/png")
    else:
        upload = SimpleUploadedFile(f"{NAME}.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    client = _client(path.allowed)
    response = _post(client, path, upload)
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = path.stored()
    assert stored and "Ingrid" not in stored and "selfie" not in stored
    page = client.get(response["Location"]).content.decode()
    assert "Ingrid_Innbygger" not in page


# ---------------------------------------------------------------- the admin


def _models_with_images() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if any(isinstance(f, models.ImageField) for f in model._meta.get_fields())
    ]


def test_every_admin_of_a_model_with_images_reencodes_and_limits_uploads():
    registered = [m for m in _models_with_images() if m in admin.site._registry]
    assert {Challenge, Event, Room, Story} <= set(registered)
    for model in registered:
        assert isinstance(admin.site._registry[model], uploads.ImageModelAdmin), model


def test_the_admin_form_reencodes_under_a_random_name():
    room = RoomFactory()
    form_class = modelform_factory(Room, form=uploads.ReencodedImagesForm, fields=["image", "image_alt"])
    upload = SimpleUploadedFile(f"{NAME}.png", small_png(), content_type="image/png")
    form = form_class({"image_alt": "Rommet"}, {"image": upload}, instance=room)
    assert form.is_valid(), form.errors
    form.save()
    room.refresh_from_db()
    assert "Ingrid" not in room.image.name and room.image.name.endswith(".jpg")


def _admin_url(room: Room) -> str:
    return reverse("admin:rooms_room_change", args=[room.pk])


def test_the_admin_refuses_a_staff_member_without_permission_before_reading_the_file():
    room = RoomFactory()
    staff = user_with_role(Role.EMPLOYEE, is_staff=True)
    with _never_read() as opened:
        response = _client(staff).post(
            _admin_url(room), {"name": "x", "image": SimpleUploadedFile("b.png", huge_png())}
        )
    assert response.status_code == 403
    assert not opened.called


def test_the_admin_refuses_over_the_upload_limit_before_reading_the_file(monkeypatch):
    monkeypatch.setattr(uploads, "UPLOADS_PER_HOUR", 0)
    room = RoomFactory()
    administrator = user_with_role(Role.ADMINISTRATOR)
    with _never_read() as opened:
        response = _client(administrator).post(
            _admin_url(room), {"name": "x", "image": SimpleUploadedFile("b.png", huge_png())}, follow=True
        )
    assert "mange filer den siste timen" in response.content.decode()
    assert not opened.called
    room.refresh_from_db()
    assert room.name != "x"


def test_the_admin_refuses_a_pixel_bomb_by_its_header():
    room = RoomFactory()
    form_class = admin.site._registry[Room].get_form(mock.Mock(user=user_with_role(Role.ADMINISTRATOR)), room)
    with mock.patch("PIL.ImageFile.ImageFile.load", side_effect=AssertionError("decoded")) as decoded:
        form = form_class(
            {"image_alt": "x"}, {"image": SimpleUploadedFile("b.png", huge_png())}, instance=room
        )
        assert not form.is_valid()
    assert "for mange piksler" in str(form.errors["image"])
    assert not decoded.called


def test_the_upload_limit_is_per_person_and_per_hour(monkeypatch, rf):
    monkeypatch.setattr(uploads, "UPLOADS_PER_HOUR", 1)
    ann, bob = user_with_role(Role.EMPLOYEE), user_with_role(Role.EMPLOYEE)

    def request(user: User) -> Any:
        req = rf.post("/", {"image": SimpleUploadedFile("a.png", b"x")})
        req.user = user
        return req

    assert uploads.uploads_allowed(request(ann))
    assert not uploads.uploads_allowed(request(ann))
    assert uploads.uploads_allowed(request(bob))
    assert uploads.uploads_allowed(rf.post("/", {"title": "no file"}))  # nothing to count
    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("ideverkstedet.core.ratelimit.timezone.now", return_value=later):
        assert uploads.uploads_allowed(request(ann))


def test_the_admins_story_attachments_are_pdfs_under_a_random_name():
    from ideverkstedet.stories.admin import AttachmentAdminForm

    story = make_story()
    fake = SimpleUploadedFile(f"{NAME}.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    form = AttachmentAdminForm({"title": "Rapport"}, {"file": fake}, instance=StoryAttachment(story=story))
    assert not form.is_valid() and "ikke en PDF" in str(form.errors["file"])
    real = SimpleUploadedFile(f"{NAME}.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    form = AttachmentAdminForm({"title": "Rapport"}, {"file": real}, instance=StoryAttachment(story=story))
    assert form.is_valid(), form.errors
    attachment = form.save()
    assert "Ingrid" not in attachment.file.name and attachment.size == len(b"%PDF-1.4\n%%EOF")
