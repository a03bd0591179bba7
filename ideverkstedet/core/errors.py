"""The one error hierarchy of the services: what went wrong, said so that forms, pages and the API can show it.

A service that refuses an action raises a `ServiceError` (or a subclass) carrying one or more `Problem`s: a
stable `code` for programs, a `message` for people (translated, in the request's language) and the form
`field` it is about, if any. Pages put the problems on the form or in a message; the API answers every
`ServiceError` through one exception handler (`ideverkstedet.api.errors`) with the HTTP status the class
names and one documented error shape. Losing a race (a slot taken, a double click) is a `Conflict`, never a
server error.

Each app subclasses these for its own errors (`ChallengeError`, `PlanError`, `BookingError`,
`RegistrationError`), so `except ServiceError` catches them all and `except BookingError` only the rooms'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One rule an action breaks: a stable code for the API, a message for people, the form field it is about."""

    code: str
    message: str
    field: str | None = None


class ServiceError(Exception):
    """An action a service refused. `problems` is never empty; `code`, `message` and `field` are the first's.

    `status` is the HTTP status the API answers with: 422 (the request breaks a rule) unless a subclass says.
    """

    status: int = 422
    default_code: str = "invalid"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        field: str | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        self.problems: list[Problem] = list(problems) or [Problem(code or self.default_code, message, field)]
        first = self.problems[0]
        self.code, self.message, self.field = first.code, first.message, first.field
        super().__init__("; ".join(p.message for p in self.problems))


class NotAllowed(ServiceError):
    """The person may not do this (403)."""

    status = 403
    default_code = "forbidden"


class NotFound(ServiceError):
    """There is nothing here the person may know about (404)."""

    status = 404
    default_code = "not_found"


class Conflict(ServiceError):
    """The request is fine, but the current state stands in the way: taken, already done, closed (409)."""

    status = 409
    default_code = "conflict"


class TooMany(ServiceError):
    """Too many actions in a short time; try again later (429)."""

    status = 429
    default_code = "rate_limited"
