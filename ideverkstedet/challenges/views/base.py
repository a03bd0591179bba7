"""What the challenge pages share: posted data, permission checks, service errors on forms."""

from typing import Any

from django.http import HttpRequest

from ideverkstedet.core.errors import ServiceError

PAGE_SIZE = 50


def _posted(request: HttpRequest) -> Any:
    """The form data on POST (even when empty, so the form says what is missing), None on GET."""
    return request.POST if request.method == "POST" else None


def _form_error(form: Any, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)
