"""The API against its own OpenAPI schema, fuzzed by Schemathesis on a live server.

Three callers: anonymous, a resident with a token and an adviser with a token. For every operation,
Schemathesis makes requests from the schema (valid and invalid ones) and checks that none answers with a server
error and that every answer fits the schema (`not_a_server_error`, `response_schema_conformance`). A few
examples per operation and a fixed seed keep it bounded.

Part of the suite on both databases (about a minute of one worker per caller, so it has a longer timeout than
the suite's five minutes). An earlier, busier run once saw a flaky first call on POST /api/v1/bookings
(anonymous) that Hypothesis could not reproduce; it has not come back.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.challenges.tests.factories import ensure_phases, make_challenge
from ideverkstedet.rooms.tests.factories import RoomFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(900),
]

EXAMPLES = 4
CHECKS = [not_a_server_error, response_schema_conformance]


def _fuzz(schema: schemathesis.BaseSchema, base_url: str, headers: dict[str, str]) -> list[str]:
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = operation.as_strategy()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as error:  # a failed check: collect them all, then report
            failures.append(f"{operation.label}: {str(error)[:600]}")
    return failures


@pytest.fixture
def api(live_server, make_user):
    RoomFactory()
    ensure_phases()  # a transactional test flushes the phases the data migration made
    make_challenge(visibility="public", open_for="everyone")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    return schema, f"{live_server.url}/api/v1"


def _token(user) -> dict[str, str]:
    _row, key = api_token_create(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize("who", ["anonymous", Role.CITIZEN, Role.ADVISOR])
def test_the_api_keeps_its_schema_and_never_fails(api, make_user, who):
    schema, base_url = api
    headers = {} if who == "anonymous" else _token(make_user(who))
    failures = _fuzz(schema, base_url, headers)
    assert not failures, "\n\n".join(failures)
