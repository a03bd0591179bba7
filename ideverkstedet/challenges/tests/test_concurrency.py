"""A cheer cannot be doubled by fast clicks or concurrent requests: real threads, on both databases."""

import threading
from collections import Counter

import pytest
from django.db import connection

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Cheer, Idea
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.core.tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16
ROUNDS = 5


def test_one_person_clicking_cheer_many_times_at_once_gives_one_cheer():
    challenge = make_challenge(visibility="public", open_for="everyone")
    fan = user_with_role(Role.CITIZEN)
    for round_no in range(ROUNDS):
        idea = make_idea(challenge, title=f"Idé {round_no}")

        def click(_index: int, idea: Idea = idea) -> str:
            return "new" if services.cheer_add(user=fan, idea=idea).changed else "already"

        outcomes = race(click, THREADS)
        assert outcomes == Counter({"new": 1, "already": THREADS - 1}), outcomes
        idea.refresh_from_db()
        assert Cheer.objects.filter(idea=idea).count() == 1 == idea.cheer_count


def test_many_people_cheering_at_once_are_all_counted():
    challenge = make_challenge(visibility="public", open_for="everyone")
    idea = make_idea(challenge)
    fans = [user_with_role(Role.CITIZEN) for _ in range(THREADS)]
    outcomes = race(
        lambda i: "new" if services.cheer_add(user=fans[i], idea=idea).changed else "already", THREADS
    )
    assert outcomes == Counter({"new": THREADS}), outcomes
    idea.refresh_from_db()
    assert idea.cheer_count == THREADS == Cheer.objects.filter(idea=idea).count()


def test_without_a_unique_constraint_fast_clicks_would_double():
    """Canary: the same check-then-insert on a table without the guard lets concurrent clicks through."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE canary_cheer (idea_id integer NOT NULL, user_id integer NOT NULL)")
    barrier = threading.Barrier(THREADS)

    def naive(_index: int) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM canary_cheer WHERE idea_id = 1 AND user_id = 1")
            exists = cursor.fetchone()[0] > 0
            barrier.wait(timeout=30)  # everyone has looked before anyone writes, as with fast clicks
            if exists:
                return "already"
            cursor.execute("INSERT INTO canary_cheer (idea_id, user_id) VALUES (1, 1)")
            return "new"

    try:
        outcomes = race(naive, THREADS)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM canary_cheer")
            rows = cursor.fetchone()[0]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE canary_cheer")
    assert outcomes["new"] > 1, outcomes
    assert rows > 1
