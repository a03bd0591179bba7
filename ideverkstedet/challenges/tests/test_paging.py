"""A challenge's ideas and conversation, 20 at a time: a plain "Vis flere" link, and htmx fetching just the items."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges.models import Comment, Idea
from ideverkstedet.challenges.tests.factories import make_challenge

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def add_ideas(challenge, author, n: int, **extra) -> list[Idea]:
    """n ideas, the first oldest, a minute apart (so "newest first" is well defined)."""
    start = timezone.now() - timedelta(days=1)
    return [
        Idea.objects.create(
            challenge=challenge,
            author=author,
            title=f"Idé nummer {i:02d}",
            description="x",
            created_at=start + timedelta(minutes=i),
            **extra,
        )
        for i in range(n)
    ]


def add_threads(challenge, author, n: int) -> list[Comment]:
    start = timezone.now() - timedelta(days=1)
    return [
        Comment.objects.create(
            challenge=challenge,
            author=author,
            body=f"Tråd nummer {i:02d}",
            created_at=start + timedelta(minutes=i),
        )
        for i in range(n)
    ]


def idea_titles(html: str) -> list[str]:
    return re.findall(r"Idé nummer (\d\d)</a>", html)


def thread_numbers(html: str) -> list[str]:
    return re.findall(r"Tråd nummer (\d\d)", html)


@pytest.fixture
def challenge():
    return make_challenge(visibility="public", open_for="everyone")


def test_45_ideas_come_20_at_a_time_newest_first_with_a_plain_link(challenge):
    add_ideas(challenge, user_with_role(Role.CITIZEN), 45)
    first = client_for().get(challenge.get_absolute_url())
    assert first.status_code == 200
    assert idea_titles(first.text) == [f"{i:02d}" for i in range(44, 24, -1)]
    assert first.text.count('class="card idea-card"') == 20
    assert 'href="?ideer=2#ideas-title"' in first.text  # works without JavaScript, and can be shared
    assert 'data-hx-get="?ideer=2&amp;del=ideer"' in first.text
    second = client_for().get(challenge.get_absolute_url() + "?ideer=2")
    assert idea_titles(second.text) == [f"{i:02d}" for i in range(24, 4, -1)]
    third = client_for().get(challenge.get_absolute_url() + "?ideer=3")
    assert idea_titles(third.text) == ["04", "03", "02", "01", "00"]
    assert "Vis flere ideer" not in third.text and "?ideer=4" not in third.text
    assert 'href="?#ideas-title"' in third.text  # back to the start


def test_the_sort_order_is_kept_from_page_to_page(challenge):
    ideas = add_ideas(challenge, user_with_role(Role.CITIZEN), 25)
    Idea.objects.filter(pk=ideas[3].pk).update(cheer_count=9)
    page = client_for().get(challenge.get_absolute_url() + "?sorter=popular")
    assert idea_titles(page.text)[0] == "03"
    assert 'href="?sorter=popular&amp;ideer=2#ideas-title"' in page.text
    second = client_for().get(challenge.get_absolute_url() + "?sorter=popular&ideer=2")
    assert "03" not in idea_titles(second.text) and len(idea_titles(second.text)) == 5


def test_the_htmx_fragment_is_just_the_items_and_the_next_link(challenge):
    add_ideas(challenge, user_with_role(Role.CITIZEN), 45)
    url = challenge.get_absolute_url()
    fragment = client_for().get(url + "?ideer=2&del=ideer", **HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<h1" not in fragment.text and "Samtale" not in fragment.text
    assert idea_titles(fragment.text) == [f"{i:02d}" for i in range(24, 4, -1)]
    assert 'id="ideer-more" data-hx-swap-oob="true"' in fragment.text
    assert 'data-hx-get="?ideer=3&amp;del=ideer"' in fragment.text
    assert "HX-Request" in fragment["Vary"]
    last = client_for().get(url + "?ideer=3&del=ideer", **HTMX)
    assert idea_titles(last.text) == ["04", "03", "02", "01", "00"]
    assert 'id="ideer-more" data-hx-swap-oob="true"' in last.text and "Vis flere" not in last.text
    # The same address without htmx is the whole page (a shared link, a crawler).
    whole = client_for().get(url + "?ideer=2&del=ideer")
    assert "<html" in whole.text and "HX-Request" in whole["Vary"]


def test_hidden_ideas_stay_hidden_on_every_page_and_in_fragments(challenge):
    author = user_with_role(Role.CITIZEN)
    add_ideas(challenge, author, 20)
    hidden = add_ideas(challenge, author, 1, hidden_at=timezone.now(), hidden_reason="Personopplysninger")[0]
    hidden.title = "Skjult idé her"
    hidden.save()
    url = challenge.get_absolute_url()
    visitor = client_for().get(url)
    assert "Skjult idé her" not in visitor.text and "Vis flere ideer" not in visitor.text
    assert (
        "Skjult idé her"
        not in client_for(user_with_role(Role.CITIZEN)).get(url + "?ideer=2&del=ideer", **HTMX).text
    )
    adviser = client_for(user_with_role(Role.ADVISOR))
    assert "Skjult idé her" in adviser.get(url).text  # the newest, on page 1
    assert "Vis flere ideer" in adviser.get(url).text  # 21 ideas for the adviser
    assert "Skjult idé her" in client_for(author).get(url).text  # the author sees their own


def test_anonymous_ideas_stay_anonymous_in_fragments(challenge):
    author = user_with_role(Role.CITIZEN, full_name="Hemmelig Forfatter")
    add_ideas(challenge, author, 25, is_anonymous=True)
    for page in (
        client_for().get(challenge.get_absolute_url()),
        client_for().get(challenge.get_absolute_url() + "?ideer=2&del=ideer", **HTMX),
    ):
        assert "Hemmelig" not in page.text and "Forfatter" not in page.text
        assert "Anonym" in page.text


def test_threads_come_20_at_a_time_oldest_first_and_a_comment_link_opens_its_page(challenge):
    author = user_with_role(Role.CITIZEN)
    threads = add_threads(challenge, author, 45)
    Comment.objects.create(
        challenge=challenge, author=author, parent=threads[44], body="Et svar helt til slutt"
    )
    url = challenge.get_absolute_url()
    first = client_for().get(url)
    assert thread_numbers(first.text) == [f"{i:02d}" for i in range(20)]
    assert 'href="?samtale=2#comments-title"' in first.text
    third = client_for().get(url + "?samtale=3")
    assert thread_numbers(third.text) == [f"{i:02d}" for i in range(40, 45)]
    assert "Et svar helt til slutt" in third.text and "Vis flere kommentarer" not in third.text
    fragment = client_for().get(url + "?samtale=2&del=samtale", **HTMX)
    assert thread_numbers(fragment.text) == [f"{i:02d}" for i in range(20, 40)]
    assert "<html" not in fragment.text and 'data-hx-get="?samtale=3&amp;del=samtale"' in fragment.text
    # A link to a comment (a notice, "my posts", after posting) opens the page that holds its thread.
    reply = Comment.objects.get(body="Et svar helt til slutt")
    assert reply.get_absolute_url() == f"{url}?kommentar={reply.pk}#kommentar-{reply.pk}"
    linked = client_for().get(reply.get_absolute_url().split("#")[0])
    assert f'id="kommentar-{reply.pk}"' in linked.text and "Tråd nummer 44" in linked.text
    assert f'id="kommentar-{threads[30].pk}"' in client_for().get(f"{url}?kommentar={threads[30].pk}").text


def test_a_new_comment_lands_where_its_page_shows_it(challenge):
    add_threads(challenge, user_with_role(Role.CITIZEN), 30)
    citizen = user_with_role(Role.CITIZEN)
    client = client_for(citizen)
    response = client.post(
        reverse("challenges:comment", args=[challenge.slug]), {"body": "Helt ny kommentar"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"].split("#")[0])
    assert "Helt ny kommentar" in page.text


def test_hidden_comments_stay_hidden_on_every_page(challenge):
    author = user_with_role(Role.CITIZEN)
    threads = add_threads(challenge, author, 25)
    adviser = user_with_role(Role.ADVISOR)
    Comment.objects.filter(pk=threads[22].pk).update(
        hidden_at=timezone.now(), hidden_reason="Personopplysninger"
    )
    url = challenge.get_absolute_url()
    fragment = client_for().get(url + "?samtale=2&del=samtale", **HTMX).text
    assert "Tråd nummer 22" not in fragment and len(thread_numbers(fragment)) == 4
    # Someone else's link to the hidden comment opens page 1 for a visitor, and never shows it.
    linked = client_for().get(f"{url}?kommentar={threads[22].pk}").text
    assert "Tråd nummer 22" not in linked and "Tråd nummer 00" in linked
    assert "Tråd nummer 22" in client_for(adviser).get(url + "?samtale=2").text
    assert "Tråd nummer 22" in client_for(author).get(url + "?samtale=2").text


@pytest.mark.parametrize(
    "query",
    [
        "?ideer=abc",
        "?ideer=-1",
        "?ideer=0",
        "?ideer=99999999999999999999999",
        "?ideer=9",
        "?samtale=%00",
        "?samtale=9999",
        "?kommentar=abc",
        "?kommentar=999999999",
        "?kommentar=99999999999999999999999",
        "?del=ideer&ideer=x",
        "?del=noe-annet",
        "?sorter=<script>",
    ],
)
def test_bad_page_queries_never_fail(challenge, query):
    add_ideas(challenge, user_with_role(Role.CITIZEN), 3)
    url = challenge.get_absolute_url()
    assert client_for().get(url + query).status_code == 200
    assert client_for().get(url + query, **HTMX).status_code == 200


def test_beyond_the_last_page_says_so_and_links_back(challenge):
    add_ideas(challenge, user_with_role(Role.CITIZEN), 3)
    page = client_for().get(challenge.get_absolute_url() + "?ideer=5")
    assert "Ingen flere ideer." in page.text and 'href="?#ideas-title"' in page.text


def test_fragments_have_a_constant_number_of_queries(challenge, django_assert_num_queries):
    citizen = user_with_role(Role.CITIZEN)
    add_ideas(challenge, citizen, 21)
    add_threads(challenge, citizen, 21)
    client = client_for(citizen)
    url = challenge.get_absolute_url()
    counts = []
    for extra in (0, 60):
        add_ideas(challenge, citizen, extra)
        for thread in add_threads(challenge, citizen, extra):
            Comment.objects.create(challenge=challenge, author=citizen, parent=thread, body="svar")
        with django_assert_num_queries(FRAGMENT_QUERIES["ideer"]):
            assert len(idea_titles(client.get(url + "?ideer=2&del=ideer", **HTMX).text)) >= 1
        with django_assert_num_queries(FRAGMENT_QUERIES["samtale"]):
            assert len(thread_numbers(client.get(url + "?samtale=2&del=samtale", **HTMX).text)) >= 1
        counts.append(extra)
    assert counts == [0, 60]


# Pinned: session, user, unread notices, the challenge, then the ideas (with "cheered") in one query, or the
# threads and their replies in two and whether the person may post (their posting block, for the reply forms).
FRAGMENT_QUERIES = {"ideer": 5, "samtale": 7}
