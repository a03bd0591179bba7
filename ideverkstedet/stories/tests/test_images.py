"""More images in a story: each re-encoded under a random name, with a text for screen readers, in order."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ideverkstedet.accounts.models import Role
from ideverkstedet.stories import services
from ideverkstedet.stories.models import StoryImage
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def _png(name: str = "Kari Nordmann på kontoret.png", colour: str = "red") -> SimpleUploadedFile:
    out = BytesIO()
    image = Image.new("RGB", (40, 30), colour)
    image.info["comment"] = "secret"
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _post(client, story, **data):  # type: ignore[no-untyped-def]
    return client.post(reverse("stories:images", args=[story.slug]), data)


def test_the_team_adds_images_with_alt_text_shown_in_order(client):
    story = make_story(publish=True)
    client.force_login(story.author)
    assert (
        _post(client, story, image=_png(), alt="Teamet ved tavla", caption="Første workshop").status_code
        == 302
    )
    assert _post(client, story, image=_png(colour="blue"), alt="Prototypen i papp").status_code == 302
    images = list(story.images.all())
    assert [(i.alt, i.caption, i.position) for i in images] == [
        ("Teamet ved tavla", "Første workshop", 0),
        ("Prototypen i papp", "", 1),
    ]
    for image in images:
        name = image.image.name.rsplit("/", 1)[-1]
        assert "Kari" not in name and name.endswith(".jpg") and len(name) == 32 + 4  # random, re-encoded
        with Image.open(image.image.path) as saved:
            assert saved.format == "JPEG" and "comment" not in saved.info
    page = client.get(story.get_absolute_url()).content.decode()
    first, second = page.index('alt="Teamet ved tavla"'), page.index('alt="Prototypen i papp"')
    assert first < second and "<figcaption>Første workshop</figcaption>" in page
    client.logout()
    assert 'alt="Prototypen i papp"' in client.get(story.get_absolute_url()).content.decode()  # public story


def test_an_image_needs_its_text_and_must_be_an_image(client):
    story = make_story()
    client.force_login(story.author)
    response = _post(client, story, image=_png(), alt="  ")
    assert response.status_code == 400 and "Beskriv bildet" in response.content.decode()
    fake = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")
    assert _post(client, story, image=fake, alt="Noe").status_code == 400
    assert not StoryImage.objects.exists()


def test_only_the_team_changes_images(client, make_user):
    story = make_story(publish=True)
    picture = services.image_add(actor=story.author, story=story, image=_png(), alt="Bilde")
    for role in (Role.CITIZEN, Role.EMPLOYEE):
        client.force_login(make_user(role))
        assert _post(client, story, image=_png(), alt="Ikke mitt").status_code == 403
        assert client.post(reverse("stories:image_remove", args=[picture.pk])).status_code == 403
    client.logout()
    response = _post(client, story, image=_png(), alt="Anonym")
    assert response.status_code in (302, 403) and StoryImage.objects.count() == 1
    client.force_login(make_user(Role.ADVISOR))
    assert client.post(reverse("stories:image_remove", args=[picture.pk])).status_code == 302
    assert not StoryImage.objects.exists()
    assert client.post(reverse("stories:image_remove", args=[picture.pk])).status_code == 404


def test_a_story_holds_at_most_twelve_more_images(client):
    story = make_story()
    for number in range(services.MAX_IMAGES):
        services.image_add(
            actor=story.author, story=story, image=_png(f"{number}.png"), alt=f"Bilde {number}"
        )
    client.force_login(story.author)
    response = _post(client, story, image=_png(), alt="Ett for mye")
    assert response.status_code == 400 and story.images.count() == services.MAX_IMAGES
