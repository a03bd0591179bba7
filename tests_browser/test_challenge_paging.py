"""A long challenge page in the browser: 20 ideas and 20 threads at a time. With JavaScript, «Vis flere» fetches
the next items onto the list (htmx) and moves the focus to the first new one; without it, the same link opens the
next page. axe-core after each swap."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.models import Comment, Idea, Visibility
from ideverkstedet.challenges.tests.factories import ensure_phases, make_challenge
from tests_browser.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def long_challenge(transactional_db, make_user):
    ensure_phases()
    owner = make_user(Role.EMPLOYEE, full_name="Ola Eiersen", email="ola.eiersen@example.no")
    author = make_user(Role.CITIZEN, full_name="Sigrid Innbyggersen", email="sigrid@example.no")
    challenge = make_challenge(
        owner, title="En lang utfordring", visibility=Visibility.PUBLIC, open_for="everyone"
    )
    start = timezone.now() - timedelta(days=1)
    for i in range(45):
        Idea.objects.create(
            challenge=challenge,
            author=author,
            title=f"Idé nummer {i:02d}",
            description="x",
            created_at=start + timedelta(minutes=i),
        )
    for i in range(25):
        Comment.objects.create(
            challenge=challenge,
            author=author,
            body=f"Tråd nummer {i:02d}",
            created_at=start + timedelta(minutes=i),
        )
    return challenge


def test_more_ideas_and_comments_come_in_place_with_the_focus_on_the_first_new_one(page, long_challenge):
    page.goto(long_challenge.get_absolute_url())
    cards = page.locator("#idea-list .idea-card")
    expect(cards).to_have_count(20)
    page.get_by_role("link", name="Vis flere ideer").click()
    expect(cards).to_have_count(40)
    expect(cards.nth(20)).to_be_focused()
    expect(cards.nth(20)).to_contain_text("Idé nummer 24")
    assert page.url.endswith(long_challenge.get_absolute_url())  # the page stayed; no reload
    assert_no_axe_violations(page, "a challenge page after «Vis flere ideer»")
    page.get_by_role("link", name="Vis flere ideer").click()
    expect(cards).to_have_count(45)
    expect(page.get_by_role("link", name="Vis flere ideer")).to_have_count(0)
    threads = page.locator("#comment-list > .comment")
    expect(threads).to_have_count(20)
    page.get_by_role("link", name="Vis flere kommentarer").click()
    expect(threads).to_have_count(25)
    expect(threads.nth(20)).to_be_focused()
    expect(page.get_by_role("link", name="Vis flere kommentarer")).to_have_count(0)
    assert_no_axe_violations(page, "a challenge page after «Vis flere kommentarer»")


def test_without_javascript_the_link_opens_the_next_page(new_page, long_challenge):
    page = new_page(java_script_enabled=False)
    page.goto(long_challenge.get_absolute_url())
    page.get_by_role("link", name="Vis flere ideer").click()
    assert "ideer=2" in page.url
    cards = page.locator("#idea-list .idea-card")
    expect(cards).to_have_count(20)
    expect(cards.first).to_contain_text("Idé nummer 24")
    page.get_by_role("link", name="Vis flere ideer").click()
    expect(cards).to_have_count(5)
    expect(page.get_by_role("link", name="Tilbake til starten").first).to_be_visible()
