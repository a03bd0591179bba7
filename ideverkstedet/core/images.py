"""Uploaded images are checked by their content, limited in size, and re-encoded.

Re-encoding drops whatever else the file carried (EXIF with location, embedded scripts in odd formats) and
normalises the format, so what we serve is a plain JPEG or PNG that we made, under a random name: the
uploader's file name (often their own name) is never kept.

A small file can decode into a huge bitmap (a 315 KB PNG of 9000 x 9000 pixels needs about 1 GB), so the pixel
count is read from the header and refused above MAX_PIXELS before anything is decoded. Pillow's own guard
(Image.MAX_IMAGE_PIXELS) is set to the same figure for every other place that opens an image.
"""

import uuid
import warnings
from io import BytesIO
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is larger than what phones and most cameras take
MAX_SIDE = 2400  # pixels; larger images are scaled down
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}

# Pillow warns between MAX_IMAGE_PIXELS and twice that and refuses above; our own check below refuses first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _too_many_pixels() -> str:
    return _("Bildet har for mange piksler. Det kan være høyst 40 megapiksler.")


def random_image_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def _refuse_too_many_pixels(upload: UploadedFile) -> None:
    """Read only the header: Image.open does not decode the pixels, `size` comes from the header."""
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(upload) as header:
            width, height = header.size
    if width * height > MAX_PIXELS:
        raise ValidationError(_too_many_pixels(), code="too_many_pixels")
    upload.seek(0)


class ImageUploadField(forms.ImageField):
    """Django's ImageField, but the byte size and the header's pixel count are checked before Pillow verifies."""

    def to_python(self, data: Any) -> Any:
        if data and getattr(data, "size", 0) and data.size > MAX_BYTES:
            raise ValidationError(_("Bildet er for stort. Det kan være høyst 8 MB."), code="too_large")
        if data:
            try:
                _refuse_too_many_pixels(data)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise ValidationError(_too_many_pixels(), code="too_many_pixels") from None
            except (UnidentifiedImageError, OSError):
                raise ValidationError(
                    _("Filen er ikke et bilde vi kan lese."), code="invalid_image"
                ) from None
        return super().to_python(data)


def reencode_image(upload: UploadedFile) -> ContentFile:
    """Return a re-encoded copy of an uploaded image, or raise ValidationError with a clear message."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("Bildet er for stort. Det kan være høyst 8 MB."))
    try:
        _refuse_too_many_pixels(upload)
        with Image.open(upload) as probe:
            probe.verify()  # reads the whole file: catches truncated and fake images
        upload.seek(0)
        with Image.open(upload) as opened:
            if opened.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Bildet må være JPEG, PNG, WebP eller GIF."))
            # draft() lets JPEG decode at a reduced scale straight away, so big photos never decode in full.
            opened.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = image.mode in {"RGBA", "LA"} or "transparency" in image.info
            out = BytesIO()
            if has_alpha:
                image.convert("RGBA").save(out, "PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
                extension = "jpg"
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        if isinstance(error, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
            raise ValidationError(_too_many_pixels(), code="too_many_pixels") from error
        raise ValidationError(_("Filen er ikke et bilde vi kan lese.")) from error
    return ContentFile(out.getvalue(), name=random_image_name(extension))
