"""Capacity is never exceeded and the waitlist stays fair, under real concurrent requests (both databases)."""

from collections import Counter

import pytest

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.core.tests.concurrency import race
from ideverkstedet.events.models import Registration
from ideverkstedet.events.services import RegistrationError, registration_cancel, registration_create
from ideverkstedet.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

K = 8  # places


def _race(work, count: int) -> Counter:
    """Start `count` workers at the same instant; count their outcomes (the status, a problem code or the error)."""
    return race(
        work,
        count,
        expected=lambda error: error.problems[0].code if isinstance(error, RegistrationError) else None,
    )


def _positions(event) -> list[int]:
    return sorted(
        Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).values_list(
            "waitlist_position", flat=True
        )
    )


def test_3k_people_racing_for_k_places_k_get_in_and_2k_queue_in_order():
    event = EventFactory(capacity=K)
    people = [user_with_role(Role.EMPLOYEE) for _ in range(3 * K)]
    outcomes = _race(lambda i: registration_create(person=people[i], event=event).status, 3 * K)
    assert outcomes == Counter({"confirmed": K, "waitlisted": 2 * K}), outcomes
    assert Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count() == K
    assert _positions(event) == list(range(1, 2 * K + 1))


def test_the_same_person_clicking_many_times_gets_one_registration():
    event = EventFactory(capacity=K)
    person = user_with_role(Role.EMPLOYEE)
    outcomes = _race(lambda i: registration_create(person=person, event=event).status, 12)
    assert outcomes == Counter({"confirmed": 1, "already": 11}), outcomes
    assert Registration.objects.filter(event=event, person=person).count() == 1


def test_c_concurrent_cancellations_promote_exactly_c_people():
    c = 6
    event = EventFactory(capacity=K)
    people = [user_with_role(Role.EMPLOYEE) for _ in range(K + 2 * c)]
    registrations = [registration_create(person=p, event=event) for p in people]
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    assert len(confirmed) == K
    outcomes = _race(lambda i: registration_cancel(actor=people[i], registration=confirmed[i]).status, c)
    assert outcomes == Counter({"cancelled": c}), outcomes
    offered = Registration.objects.filter(event=event, status=Registration.Status.OFFERED)
    assert offered.count() == c
    # The first c in line got the offers, and the rest moved up without gaps.
    assert sorted(r.person_id for r in offered) == sorted(p.pk for p in people[K : K + c])
    assert _positions(event) == list(range(1, c + 1))
    held = sum(r.places for r in Registration.objects.filter(event=event, status__in=Registration.HOLDING))
    assert held == K
