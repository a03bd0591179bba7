"""The desk's errors: subclasses of core's ServiceError, so pages show them on forms and the API answers them
through its one handler and error shape."""

from ideverkstedet.core.errors import Problem, ServiceError

__all__ = ["Conflict", "DeskError", "NotAllowed", "Problem"]


class DeskError(ServiceError):
    """A request the desk cannot carry out (422 unless a subclass says otherwise)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message, code=code, field=field)

    @property
    def problem(self) -> Problem:
        return self.problems[0]


class NotAllowed(DeskError):
    status = 403


class Conflict(DeskError):
    status = 409
