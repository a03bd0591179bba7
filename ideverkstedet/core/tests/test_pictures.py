"""Pictures in lists: renditions made once when an image is stored, `srcset` + lazy loading + alt text on the
cards of challenges, events and rooms (lists and the front page), a placeholder without a picture, and list
query counts that do not grow with the number of pictures."""

import random
import re
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.models import Challenge
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.core import images
from ideverkstedet.core.images import RENDITION_WIDTHS, demo_picture, rendition_name
from ideverkstedet.events.models import Event
from ideverkstedet.events.tests.factories import EventFactory, add_session
from ideverkstedet.rooms.models import Room
from ideverkstedet.rooms.tests.factories import RoomFactory

ALT = "Post-it-lapper på en skrivevegg"


@pytest.fixture(autouse=True)
def _forget_known_renditions():
    images._with_renditions.clear()
    yield
    images._with_renditions.clear()


def _jpeg(width: int, height: int) -> ContentFile:
    out = BytesIO()
    Image.new("RGB", (width, height), (200, 180, 120)).save(out, "JPEG")
    return ContentFile(out.getvalue(), name="bilde.jpg")


def _give_picture(obj, content=None):
    content = content or demo_picture(random.Random(1))
    obj.image.save(content.name, content, save=False)
    obj.image_alt = ALT
    obj.save(update_fields=["image", "image_alt"])
    return obj


def _width(name: str) -> int:
    with default_storage.open(name) as f, Image.open(f) as opened:
        return opened.size[0]


def test_storing_an_image_makes_its_renditions_once(db):
    room = _give_picture(RoomFactory())
    for width in RENDITION_WIDTHS:
        assert _width(rendition_name(room.image.name, width)) == width
    assert _width(room.image.name) == 1600  # the image itself is kept as it was stored


def test_a_small_image_is_never_scaled_up(db):
    room = _give_picture(RoomFactory(), _jpeg(300, 200))
    assert all(_width(rendition_name(room.image.name, w)) == 300 for w in RENDITION_WIDTHS)


def test_deleting_the_image_deletes_its_renditions(db):
    room = _give_picture(RoomFactory())
    names = [rendition_name(room.image.name, w) for w in RENDITION_WIDTHS]
    room.image.delete(save=True)
    assert not any(default_storage.exists(name) for name in names)


def test_a_file_that_is_not_an_image_is_stored_without_renditions_and_without_an_error(db):
    room = RoomFactory()
    room.image.save("x.jpg", ContentFile(b"not an image"), save=True)
    assert not default_storage.exists(rendition_name(room.image.name, 480))


def _img_tags(html: str) -> list[str]:
    return re.findall(r'<img class="card-picture"[^>]*>', html)


def _assert_responsive(tag: str, name: str) -> None:
    for width in RENDITION_WIDTHS:
        assert f"{default_storage.url(rendition_name(name, width))} {width}w" in tag
    assert 'loading="lazy"' in tag and f'alt="{ALT}"' in tag and "sizes=" in tag


def test_challenge_list_shows_pictures_with_srcset_and_a_placeholder_without(client, make_user):
    owner = make_user(Role.EMPLOYEE)
    with_picture = _give_picture(make_challenge(owner, title="Med bilde", visibility="public"))
    make_challenge(owner, title="Uten bilde", visibility="public")
    html = client.get(reverse("challenges:list")).content.decode()
    (tag,) = _img_tags(html)
    _assert_responsive(tag, with_picture.image.name)
    assert html.count('class="card-picture placeholder tenke" aria-hidden="true"') == 1


def test_event_list_room_list_and_front_page_show_pictures(client, make_user):
    event = _give_picture(EventFactory(title="Kurs med bilde"))
    add_session(event)
    add_session(EventFactory(title="Kurs uten bilde"))
    room = _give_picture(RoomFactory(name="Verkstedet"))
    RoomFactory(name="Lite rom")
    owner = make_user(Role.EMPLOYEE)
    challenge = _give_picture(
        make_challenge(owner, title="Åpen med bilde", visibility="public", open_for="everyone")
    )

    events_html = client.get(reverse("events:event_list")).content.decode()
    (tag,) = _img_tags(events_html)
    _assert_responsive(tag, event.image.name)
    assert 'placeholder mote"' in events_html

    rooms_html = client.get(reverse("rooms:room_list")).content.decode()
    (tag,) = _img_tags(rooms_html)
    _assert_responsive(tag, room.image.name)
    assert 'placeholder mote"' in rooms_html

    home = client.get(reverse("core:home")).content.decode()
    tags = _img_tags(home)
    assert len(tags) == 2
    _assert_responsive(next(t for t in tags if "/events/" in t), event.image.name)
    _assert_responsive(next(t for t in tags if "/challenges/" in t), challenge.image.name)


def test_an_image_stored_before_renditions_shows_plainly_until_they_are_made(client, db):
    name = default_storage.save("rooms/gammel.jpg", _jpeg(1200, 600))
    room = RoomFactory(name="Gammelt rom")
    Room.objects.filter(pk=room.pk).update(image=name, image_alt=ALT)
    (tag,) = _img_tags(client.get(reverse("rooms:room_list")).content.decode())
    assert "srcset" not in tag and default_storage.url(name) in tag  # no broken candidates
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "renditions made: 2" in out.getvalue()
    (tag,) = _img_tags(client.get(reverse("rooms:room_list")).content.decode())
    _assert_responsive(tag, name)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_list_query_counts_do_not_grow_with_pictures(client, make_user):
    owner = make_user(Role.EMPLOYEE)
    client.force_login(owner)

    def add(n: int) -> None:
        for i in range(n):
            _give_picture(
                make_challenge(
                    owner, title=f"Utfordring {Challenge.objects.count()} {i}", visibility="public"
                )
            )
            event = _give_picture(EventFactory())
            add_session(event)
            _give_picture(RoomFactory())

    add(2)
    urls = [reverse(n) for n in ("challenges:list", "events:event_list", "rooms:room_list", "core:home")]
    few = {url: _count(client, url) for url in urls}
    add(6)
    many = {url: _count(client, url) for url in urls}
    assert many == few
    assert Event.objects.exclude(image="").count() == 8
