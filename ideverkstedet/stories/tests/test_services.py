from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.notifications.models import Notification, OutgoingEmail
from ideverkstedet.stories import services
from ideverkstedet.stories.models import Reuse
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def test_story_from_a_challenge_is_a_draft_with_the_challenges_areas_and_unit():
    challenge = make_challenge(visibility="public")
    area = challenge.owner.unit.service_area
    challenge.service_areas.add(area)
    story = make_story(challenge, publish=False)
    assert story.published_at is None
    assert list(story.service_areas.all()) == [area]
    assert story.unit == challenge.owner.unit
    assert story.innovation.taken_into_use is False


def test_publishing_keeps_the_first_date(make_user):
    story = make_story(publish=False)
    services.story_publish(actor=story.author, story=story)
    first = story.published_at
    services.story_publish(actor=story.author, story=story)
    assert story.published_at == first


def test_an_outsider_cannot_write_from_someone_elses_challenge(make_user):
    challenge = make_challenge()
    with pytest.raises(services.NotAllowed):
        make_story(challenge, author=make_user(Role.EMPLOYEE))


def test_innovation_record_stores_codes_in_one_order_and_filter_text():
    story = make_story(
        innovation={
            "taken_into_use": True,
            "taken_into_use_on": date(2026, 3, 1),
            "types": ["process", "service", "service"],
            "effects": [
                {"kind": "costs", "level": "measured", "figure": "200 000 kr i året"},
                {"kind": "quality", "level": "expected", "figure": ""},
            ],
        }
    )
    record = story.innovation
    assert record.types == ["service", "process"]
    assert [e["kind"] for e in record.effects] == ["quality", "costs"]
    assert record.type_codes == " service process "
    assert record.effect_codes == " quality costs "


@pytest.mark.parametrize(
    "data, field",
    [
        ({"taken_into_use": False, "taken_into_use_on": date(2026, 1, 1)}, "taken_into_use_on"),
        (
            {"taken_into_use": True, "taken_into_use_on": timezone.localdate() + timedelta(days=2)},
            "taken_into_use_on",
        ),
        ({"types": ["spaceship"]}, "types"),
        ({"origin": "moon"}, "origin"),
        ({"effects": [{"kind": "quality", "level": "guessed"}]}, "effects"),
        (
            {"effects": [{"kind": "quality", "level": "expected"}, {"kind": "quality", "level": "measured"}]},
            "effects",
        ),
    ],
)
def test_bad_innovation_answers_are_refused_with_a_field(data, field):
    story = make_story()
    with pytest.raises(services.StoryError) as caught:
        services.innovation_record_save(actor=story.author, story=story, data=services.InnovationData(**data))
    assert caught.value.field == field


def _pdf(
    content: bytes = b"%PDF-1.4\n%%EOF\n", name: str = "rapport Kari Nordmann.pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_attachment_must_be_a_pdf_by_content_and_gets_a_random_name():
    story = make_story()
    attachment = services.attachment_add(actor=story.author, story=story, upload=_pdf(), title="Rapport")
    assert attachment.file.name.startswith("stories/files/")
    assert "Kari" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    with pytest.raises(services.StoryError) as caught:
        services.attachment_add(
            actor=story.author, story=story, upload=_pdf(b"MZ\x90\x00 not a pdf", "virus.pdf"), title="x"
        )
    assert caught.value.code == "not_pdf"


def test_attachment_size_is_limited(monkeypatch):
    story = make_story()
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(services.StoryError) as caught:
        services.attachment_add(actor=story.author, story=story, upload=_pdf(), title="Stor")
    assert caught.value.code == "too_large"


def test_reuse_tells_the_team_in_their_language(make_user, django_capture_on_commit_callbacks):
    challenge = make_challenge(visibility="public")
    challenge.owner.language = "en"
    challenge.owner.save()
    story = make_story(challenge)
    taker = make_user(Role.EMPLOYEE)
    with django_capture_on_commit_callbacks():
        reuse = services.reuse_create(actor=taker, story=story, who="Helsestasjonen Nord", note="Fra januar")
    assert reuse.status == Reuse.Status.INTERESTED and reuse.unit == taker.unit
    notice = Notification.objects.get(user=challenge.owner)
    assert "Helsestasjonen Nord" in notice.body
    assert notice.title.startswith("Someone wants to try")
    assert OutgoingEmail.objects.filter(user=challenge.owner).count() == 1


def test_reuse_once_per_person_and_status_moves_on(make_user):
    story = make_story()
    taker = make_user(Role.LEADER)
    reuse = services.reuse_create(actor=taker, story=story, who="Skolen")
    with pytest.raises(services.StoryError) as caught:
        services.reuse_create(actor=taker, story=story, who="Skolen igjen")
    assert caught.value.code == "duplicate"
    services.reuse_update(actor=taker, reuse=reuse, status="in_use", note="I bruk fra mars")
    reuse.refresh_from_db()
    assert (reuse.status, reuse.note) == ("in_use", "I bruk fra mars")


def test_image_needs_alt_text():
    from PIL import Image

    from ideverkstedet.core.images import reencode_image

    buffer = BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, "PNG")
    image = reencode_image(SimpleUploadedFile("bilde.png", buffer.getvalue(), content_type="image/png"))
    with pytest.raises(services.StoryError) as caught:
        make_story(image=image, image_alt="")
    assert caught.value.field == "image_alt"


def test_privacy_export_and_erase(make_user):
    from ideverkstedet.core import privacy

    story = make_story()
    taker = make_user(Role.EMPLOYEE)
    services.reuse_create(actor=taker, story=story, who="Kari på helsestasjonen", note="Ring meg")
    exported = privacy.exporters()["stories"](taker)
    assert exported["reuse"][0]["who"] == "Kari på helsestasjonen"
    privacy.erasers()["stories"](taker)
    privacy.erasers()["stories"](story.author)
    reuse = Reuse.objects.get()
    assert reuse.user is None and reuse.note == "" and "Kari" not in reuse.who
    story.refresh_from_db()
    assert story.author is None and story.published_at is not None  # the story stays
