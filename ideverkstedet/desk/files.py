"""Attachments are checked by their content: images are re-encoded (core.images), PDFs must be PDFs.

Anything else is refused. Every file is stored under a random name, and nothing of the name it had on the
uploader's machine is kept (it may hold a person's name, a case number or a diagnosis): people see
"Vedlegg 1 (PDF, 120 kB)" and download `vedlegg-1.pdf`.
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
    extension: str
    content_type: str
    token: str


def neutral_name(number: int, extension: str) -> str:
    """The name an attachment is downloaded under: its place in the request, never the uploader's name."""
    return f"vedlegg-{number}.{extension}"


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
        return CheckedFile(ContentFile(data, name=f"{token}.pdf"), "pdf", "application/pdf", token)
    try:
        image = reencode_image(upload)
    except ValidationError as error:
        raise ValidationError(_("Vedlegg må være PDF eller et bilde (JPEG, PNG, WebP eller GIF).")) from error
    extension = (image.name or "bilde.jpg").rsplit(".", 1)[-1]
    image.name = f"{token}.{extension}"
    return CheckedFile(image, extension, IMAGE_TYPES.get(extension, "image/jpeg"), token)
