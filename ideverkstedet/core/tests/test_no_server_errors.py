"""No 500 for bad input: every URL pattern, with out-of-range numbers and dates in the path, the query string
and the body, as a visitor and as an adviser; and every form's integer and date fields with values far out of
range. Each must answer 4xx (or a page with a clear message), never a server error.
"""

import importlib
import inspect
import pkgutil
import re
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

import ideverkstedet
from ideverkstedet.accounts.models import Role
from ideverkstedet.core.bounds import MAX_ID, bounded_int, page_number

HUGE = "9" * 20
HOSTILE_IDS = [HUGE, "0", str(MAX_ID + 1)]
HOSTILE_DATES = ["9999-12-25", "0001-01-01", "99999-01-01"]
# Query-string names read by our views (pages, weeks, ranges) and the API's filters.
HOSTILE_QUERY = {
    "side": HUGE,
    "uke": "9999-W52",
    "from": "9999-12-25",
    "to": "0001-01-01",
    "limit": HUGE,
    "offset": HUGE,
    "q": "barnehage",
    "sorter": HUGE,
}
SKIP = {"konto/logg-ut/"}  # would end the session the rest of the walk needs


def _walk(patterns: list, prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue  # Django's own admin, staff only; not our input handling
            routes += _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.append(prefix + str(pattern.pattern))
    return sorted(set(routes))


def _project_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(ideverkstedet.__path__, "ideverkstedet."):
        # Admin forms are Django's ModelForms, whose model validators bound integers before saving.
        if not re.search(r"\.(forms|views)$", module_info.name):
            continue
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__.startswith("ideverkstedet."):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


def _hostile_body() -> dict[str, Any]:
    """Every field name of every form, with a value far out of range for its type."""
    body: dict[str, Any] = {"blokk": ["9" * 5000, HUGE], "retning": HUGE, "neste": HUGE, "svar": HUGE}
    for form_class in _project_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                body[name] = HOSTILE_DATES[0]
            elif isinstance(field, forms.TimeField):
                body[name] = "99:99"
            elif isinstance(field, (forms.IntegerField, forms.ModelChoiceField, forms.TypedChoiceField)):
                body[name] = HUGE
            elif isinstance(field, forms.MultipleChoiceField):
                body[name] = [HUGE]
            else:
                body.setdefault(name, HUGE)
    return body


HOSTILE_JSON = {
    "room": HUGE,
    "start": "9999-12-31T10:00:00+01:00",
    "end": "0001-01-01T11:00:00+01:00",
    "purpose_kind": int(HUGE),
    "group_type": "team",
    "expected_participants": int(HUGE),
    "places": int(HUGE),
    "idea": int(HUGE),
    "parent": int(HUGE),
    "status": "testes",
    "title": "x",
    "description": "x",
    "body": "x",
}


@pytest.fixture
def world(make_user):  # type: ignore[no-untyped-def]
    """One of each thing, so that URLs with real ids reach the code that reads the query string and body."""
    from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
    from ideverkstedet.events.tests.factories import EventFactory, add_session
    from ideverkstedet.methods.tests.factories import MethodFactory, PlanFactory, add_blocks
    from ideverkstedet.notifications.services import notify
    from ideverkstedet.rooms.tests.factories import RoomFactory, make_booking

    advisor = make_user(Role.ADVISOR)
    employee = make_user(Role.EMPLOYEE)
    room = RoomFactory()
    booking = make_booking(room, employee, timezone.now() + timedelta(days=3))
    event = EventFactory()
    add_session(event)
    challenge = make_challenge(employee, visibility="public", open_for="everyone")
    idea = make_idea(challenge)
    method = MethodFactory()
    plan = PlanFactory(owner=advisor)
    (block,) = add_blocks(plan, ("Velkommen", 10))
    notification = notify(user=advisor, title="Hei")
    slugs = [("rom/", room.slug), ("arrangementer/", event.slug), ("metoder/", method.slug)]
    slugs += [
        ("utfordringer/", challenge.slug),
        ("api/v1/events/", event.slug),
        ("api/v1/methods/", method.slug),
    ]
    slugs += [("api/v1/challenges/", challenge.slug)]
    ids = [
        ("booking/", booking.pk),
        ("opplegg/punkt/", block.pk),
        ("opplegg/", plan.pk),
        ("varsler/", notification.pk),
    ]
    ids += [("ideer/", idea.pk), ("room_id", room.pk), ("booking_id", booking.pk), ("plan_id", plan.pk)]
    ids += [("idea_id", idea.pk)]
    return {"advisor": advisor, "slugs": slugs, "ids": ids}


def _fill(route: str, world: dict, hostile: str | None) -> str:
    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "", match.group(2)
        if name in {"uidb64", "token"}:
            return "MTI" if name == "uidb64" else "x-" + HUGE
        if name == "kind":
            return "idea"
        if converter in {"id", "int"} or name.endswith("_id") or name == "pk":
            if hostile is not None:
                return hostile
            head = route[: match.start()]
            for marker, pk in world["ids"]:
                if marker == name or head.endswith(marker) or marker in head:
                    return str(pk)
            return "1"
        if hostile is not None:
            return "x" * 300
        head = route[: match.start()]
        for marker, slug in world["slugs"]:
            if head.endswith(marker):
                return slug
        return "x"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


@pytest.mark.parametrize("role", ["visitor", "advisor"])
def test_every_url_answers_hostile_numbers_and_dates_without_a_server_error(client, world, role):
    if role == "advisor":
        client.force_login(world["advisor"])
    body = _hostile_body()
    errors = []
    for route in _walk(get_resolver().url_patterns):
        if route in SKIP:
            continue
        # Real ids reach the code that reads the query string and body; one huge value tries the converters
        # (0 and MAX_ID + 1 are tried on the converter itself below, to keep the walk short).
        variants = [None] + ([HUGE] if "<" in route else [])
        for hostile in variants:
            url = _fill(route, world, hostile)
            requests = [("GET", lambda u=url: client.get(u, HOSTILE_QUERY))]
            if route.startswith("api/"):
                requests.append(
                    ("POST", lambda u=url: client.post(u, HOSTILE_JSON, content_type="application/json"))
                )
            else:
                requests.append(("POST", lambda u=url: client.post(u + "?side=" + HUGE, body)))
            for method, send in requests:
                if role == "visitor" and method == "POST" and hostile is None:
                    continue  # a visitor's POSTs end at the login page or the CSRF-free public forms
                try:
                    status = send().status_code
                except Exception as error:  # the test client re-raises what would be a 500
                    errors.append(f"{method} {url}: {type(error).__name__}: {error}"[:300])
                    continue
                if status >= 500:
                    errors.append(f"{method} {url}: {status}")
    assert not errors, "\n".join(errors)


@pytest.mark.django_db
def test_every_forms_integer_and_date_fields_refuse_out_of_range_values_with_a_message():
    problems = []
    for form_class in _project_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.IntegerField):
                values = [HUGE, "-" + HUGE]
                if (field.max_value is None or field.min_value is None) and not issubclass(
                    form_class, forms.BaseModelForm
                ):
                    problems.append(
                        f"{form_class.__qualname__}.{name}: integer without min_value and max_value"
                    )
            elif isinstance(field, forms.DateTimeField | forms.DateField):
                values = HOSTILE_DATES
            elif isinstance(field, forms.ModelMultipleChoiceField):
                values = [[HUGE]]
                if field.queryset is None:  # set per form instance (the stories form uses the bounded field)
                    continue
            elif isinstance(field, forms.ModelChoiceField):
                values = [HUGE]
            else:
                continue
            for value in values:
                try:
                    field.clean(value)
                except forms.ValidationError:
                    continue
                except Exception as error:
                    problems.append(
                        f"{form_class.__qualname__}.{name}={str(value)[:20]}: {type(error).__name__}"
                    )
                    continue
                problems.append(f"{form_class.__qualname__}.{name} accepted {str(value)[:20]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_id_converter_refuses_what_the_database_cannot_hold(value):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(f"/booking/{value}/")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        ("²", None),
        ("0", None),
        (HUGE, None),
        ("9" * 5000, None),
        ("-3", None),
        ("x", None),
        (None, None),
    ],
)
def test_bounded_int(raw, expected):
    assert bounded_int(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("3", 3), ("", 1), ("x", 1), ("0", 1), (HUGE, 100_000)])
def test_page_number(raw, expected):
    assert page_number(raw) == expected
