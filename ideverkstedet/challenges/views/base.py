"""What the challenge pages share: posted data, permission checks, service errors on forms."""

from typing import Any

from django.http import HttpRequest

from ideverkstedet.core.errors import ServiceError
from ideverkstedet.core.uploads import too_many_uploads, uploads_allowed

PAGE_SIZE = 50


def _posted(request: HttpRequest) -> Any:
    """The form data on POST (even when empty, so the form says what is missing), None on GET."""
    return request.POST if request.method == "POST" else None


def _files_after_checks(request: HttpRequest, refusal: str | None = None) -> tuple[Any, str | None]:
    """The uploaded files once permission (and the posting limit, `refusal`) allow, and within the upload limit.

    Returns (files to bind the form to, or None; why they were refused, or None). Call after the permission
    checks: nothing here reads a file, and a refused request binds its form without them (core/uploads.py).
    """
    if request.method != "POST":
        return None, None
    if refusal is None and not uploads_allowed(request):
        refusal = too_many_uploads()
    return (None, refusal) if refusal else (request.FILES, None)


def _form_error(form: Any, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)
