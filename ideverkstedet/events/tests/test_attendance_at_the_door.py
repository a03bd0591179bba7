"""Attendance at the door on a phone: ticking a person swaps their row (htmx) and the running count; without
JavaScript the plain POST comes back to the same row."""

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.events import services
from ideverkstedet.events.tests.factories import EventFactory, add_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_with_twenty(make_user):
    course = EventFactory(capacity=30)
    add_session(course)
    people = [services.registration_create(person=make_user(Role.EMPLOYEE), event=course) for _ in range(20)]
    return course, people


def test_ticking_swaps_the_row_and_the_count(
    client, make_user, course_with_twenty, django_assert_max_num_queries
):
    course, people = course_with_twenty
    client.force_login(make_user(Role.ADVISOR))
    page = client.get(reverse("events:participants", args=[course.slug])).text
    assert "0 av 20 møtt" in page and 'id="name-filter"' in page
    url = reverse("events:attendance", args=[course.slug, people[7].pk])
    with django_assert_max_num_queries(14):
        swapped = client.post(url, {"attended": "yes"}, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200
    assert f'id="attendee-{people[7].pk}"' in swapped.text and 'aria-pressed="true"' in swapped.text
    assert 'hx-swap-oob="true"' in swapped.text and "1 av 20 møtt" in swapped.text
    assert "<html" not in swapped.text  # only the row and the count


def test_without_javascript_the_post_comes_back_to_the_row(client, make_user, course_with_twenty):
    course, people = course_with_twenty
    client.force_login(make_user(Role.ADVISOR))
    response = client.post(
        reverse("events:attendance", args=[course.slug, people[3].pk]), {"attended": "yes"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#attendee-{people[3].pk}")
