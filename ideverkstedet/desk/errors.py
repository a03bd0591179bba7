"""The desk's errors, in the Problem shape the pages and the API show (until core.errors lands)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """What went wrong: a stable code for the API, a message for people, the form field it is about."""

    code: str
    message: str
    field: str | None = None


class DeskError(Exception):
    """A request the desk cannot carry out. The API answers `status` with the problems; forms show them."""

    status = 422

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.problems = [Problem(code, message, field)]

    @property
    def problem(self) -> Problem:
        return self.problems[0]


class NotAllowed(DeskError):
    status = 403


class Conflict(DeskError):
    status = 409
