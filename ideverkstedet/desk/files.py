"""Attachments are checked by their content: images are re-encoded (core.images), PDFs must be PDFs.

Anything else is refused. Every file gets a random name; the name a person gave it is kept only for display,
shortened and stripped of paths.
"""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ideverkstedet.core.images import reencode_image

MAX_BYTES = 8 * 1024 * 1024
MAX_FILES = 5
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class CheckedFile:
    content: ContentFile
    name: str
    content_type: str
    token: str


def _display_name(upload: UploadedFile, extension: str) -> str:
    stem = (upload.name or "vedlegg").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = "".join(c for c in stem if c.isalnum() or c in " -_")[:60].strip() or "vedlegg"
    return f"{stem}.{extension}"


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """A safe copy of an uploaded file, or ValidationError with a message for people."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(_("Filen er for stor. Et vedlegg kan være høyst 8 MB."))
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    token = secrets.token_hex(16)
    if head == b"%PDF-":
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValidationError(_("Filen er for stor. Et vedlegg kan være høyst 8 MB."))
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(_("PDF-filen ser ut til å være ødelagt."))
        return CheckedFile(
            ContentFile(data, name=f"{token}.pdf"), _display_name(upload, "pdf"), "application/pdf", token
        )
    try:
        image = reencode_image(upload)
    except ValidationError as error:
        raise ValidationError(_("Vedlegg må være PDF eller et bilde (JPEG, PNG, WebP eller GIF).")) from error
    extension = (image.name or "bilde.jpg").rsplit(".", 1)[-1]
    image.name = f"{token}.{extension}"
    return CheckedFile(
        image, _display_name(upload, extension), IMAGE_TYPES.get(extension, "image/jpeg"), token
    )
