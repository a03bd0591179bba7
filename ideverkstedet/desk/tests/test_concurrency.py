"""Reference numbers are gap-free per year under real concurrency, on SQLite and PostgreSQL."""

import threading
from collections import Counter

import pytest
from django.db import connection

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.core.tests.concurrency import race
from ideverkstedet.desk.models import ReferenceCounter, Request
from ideverkstedet.desk.tests.factories import kind, make_request

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16
ROUNDS = 3


def test_concurrent_requests_get_consecutive_numbers_without_gaps_or_doubles():
    people = [user_with_role(Role.EMPLOYEE) for _ in range(THREADS)]
    method_support = kind()
    for round_no in range(ROUNDS):
        outcomes = race(lambda i: make_request(people[i], kind=method_support).number, THREADS)
        assert sum(outcomes.values()) == THREADS and all(count == 1 for count in outcomes.values()), outcomes
        numbers = sorted(int(n) for n in outcomes)
        assert numbers == list(range(round_no * THREADS + 1, (round_no + 1) * THREADS + 1)), numbers
    year = Request.objects.first().year
    assert ReferenceCounter.objects.get(year=year).last == THREADS * ROUNDS == Request.objects.count()
    assert sorted(Request.objects.values_list("number", flat=True)) == list(range(1, THREADS * ROUNDS + 1))


def test_without_the_lock_concurrent_numbering_would_double():
    """Canary: reading max(number)+1 without a lock lets concurrent requests take the same number."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE canary_ref (number integer NOT NULL)")
    barrier = threading.Barrier(THREADS)

    def naive(_index: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(number), 0) FROM canary_ref")
            number = cursor.fetchone()[0] + 1
            barrier.wait(timeout=30)  # everyone has read before anyone writes
            cursor.execute("INSERT INTO canary_ref (number) VALUES (%s)", [number])
            return number

    try:
        outcomes = race(naive, THREADS)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE canary_ref")
    assert max(Counter(outcomes).values()) > 1, outcomes
