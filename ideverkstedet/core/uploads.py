"""The order every upload follows: authorise, then the upload limit, then the image header, then decoding.

Views check permission (and, where there is one, the posting limit) before they bind a form to the uploaded
files, then `uploads_allowed`: a person may send at most UPLOADS_PER_HOUR requests with files an hour, so
nobody can make the server decode image after image (each failed form would otherwise cost a decode and count
nowhere). Only then does the form read the file: `images.ImageUploadField` refuses by the header's size and
pixel count, and `images.reencode_image` decodes and re-encodes under a random name.

The admin follows the same order (`ImageModelAdmin`): Django checks the staff member's permission before the
form, it counts the upload, and every image field is header-checked and re-encoded, so no uploader's file
name or metadata is kept there either.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from ideverkstedet.core import ratelimit
from ideverkstedet.core.images import ImageUploadField, reencode_image

UPLOADS_PER_HOUR = 30
UPLOAD_WINDOW = timedelta(hours=1)


def has_files(request: HttpRequest) -> bool:
    """Whether the request carries a file (a form's empty file input sends none)."""
    return request.method == "POST" and any(request.FILES.values())


def uploads_allowed(request: HttpRequest) -> bool:
    """Count this request's upload for the person and say whether it is within the limit (True without files).

    Call after the permission checks and before a form is bound to request.FILES.
    """
    if not has_files(request):
        return True
    user = request.user
    who = f"user:{user.pk}" if user.is_authenticated else ratelimit.client_key(request, "upload")
    return ratelimit.allow(ratelimit.value_key("upload", who), limit=UPLOADS_PER_HOUR, per=UPLOAD_WINDOW)


def too_many_uploads() -> str:
    return _("Du har lastet opp mange filer den siste timen. Prøv igjen litt senere.")


def files_after_checks(request: HttpRequest, refusal: str | None = None) -> tuple[Any, str | None]:
    """The uploaded files once permission (and a posting limit, `refusal`) allow, and within the upload limit.

    Returns (files to bind the form to, or None; why they were refused, or None). Call after the permission
    checks: nothing here reads a file, and a refused request binds its form without them.
    """
    if request.method != "POST":
        return None, None
    if refusal is None and not uploads_allowed(request):
        refusal = too_many_uploads()
    return (None, refusal) if refusal else (request.FILES or None, None)


def show_refusal(form: forms.BaseForm, refusal: str) -> None:
    """A refused upload: the form shows what was typed and why (its file was never read)."""
    form.is_valid()
    form.add_error(None, refusal)


class ReencodedImagesForm(forms.ModelForm):
    """A ModelForm (the admin's) whose uploaded images are re-encoded under a random name before they are saved."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, field in self.fields.items():
            value = data.get(name)
            if isinstance(field, forms.ImageField) and isinstance(value, UploadedFile):
                try:
                    data[name] = reencode_image(value)
                except ValidationError as error:
                    self.add_error(name, error)
        return data


class ImageModelAdmin(admin.ModelAdmin):
    """The admin of a model with images: permission, then the upload limit, the header check, re-encoding."""

    form = ReencodedImagesForm
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}

    def _may_save(self, request: HttpRequest, object_id: str | None) -> bool:
        if object_id is None:
            return self.has_add_permission(request)
        obj = self.get_object(request, unquote(object_id))
        return obj is not None and self.has_change_permission(request, obj)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Django checks the permission inside, before the form: without it, let Django answer (403) and count
        # nothing; with it, an upload over the limit is refused before any form is bound to the file.
        if has_files(request) and self._may_save(request, object_id) and not uploads_allowed(request):
            messages.error(request, too_many_uploads())
            return HttpResponseRedirect(request.get_full_path())
        return super().changeform_view(request, object_id, form_url, extra_context)
