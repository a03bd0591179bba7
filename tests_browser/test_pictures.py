"""Pictures on the cards of the challenge, event and room lists and the front page, at 1280 px and 390 px: the
browser loads a rendition from `srcset` (not the full image), cards without a picture show the placeholder, the
page passes axe and nothing scrolls sideways."""

import random

import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.tests.factories import ensure_phases, make_challenge
from ideverkstedet.core.images import demo_picture
from ideverkstedet.events.tests.factories import EventFactory, add_session
from ideverkstedet.rooms.tests.factories import RoomFactory
from tests_browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
ALT = "Post-it-lapper på en skrivevegg"


def _picture(obj, seed):
    content = demo_picture(random.Random(seed))
    obj.image.save(content.name, content, save=False)
    obj.image_alt = ALT
    obj.save(update_fields=["image", "image_alt"])


@pytest.fixture
def cards(transactional_db, make_user):
    ensure_phases()  # the transactional database starts without the phases' data migration
    owner = make_user(Role.EMPLOYEE)
    _picture(make_challenge(owner, title="Bedre kildesortering", visibility="public", open_for="everyone"), 1)
    make_challenge(owner, title="Kortere ventelister", visibility="public", open_for="everyone")
    event = EventFactory(title="Kurs i tjenestedesign")
    _picture(event, 2)
    add_session(event)
    add_session(EventFactory(title="Åpen dag"))
    _picture(RoomFactory(name="Verkstedet", slug="verkstedet"), 3)
    RoomFactory(name="Prototypekassen", slug="prototypekassen")


@pytest.mark.parametrize("viewport", ["desktop", PHONE_390], ids=["1280", "390"])
@pytest.mark.parametrize("path", ["/utfordringer/", "/arrangementer/", "/rom/", "/"])
def test_cards_show_a_rendition_or_a_placeholder(new_page, cards, viewport, path):
    page = new_page(viewport)
    page.goto(path)
    pictures = page.locator("img.card-picture")
    assert pictures.count() >= 1
    for index in range(pictures.count()):
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
        assert picture.get_attribute("loading") == "lazy"
        assert picture.get_attribute("alt") == ALT
        current = picture.evaluate("img => img.currentSrc")
        assert "-480w." in current or "-960w." in current, current  # a rendition, not the 1600 px original
    assert page.locator(".card-picture.placeholder[aria-hidden=true]").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page, f"{path} with pictures")
