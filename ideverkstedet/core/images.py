"""Uploaded images are checked by their content, limited in size, and re-encoded.

Re-encoding drops whatever else the file carried (EXIF with location, embedded scripts in odd formats) and
normalises the format, so what we serve is a plain JPEG or PNG that we made.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 2400  # pixels; larger images are scaled down
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def reencode_image(upload: UploadedFile) -> ContentFile:
    """Return a re-encoded copy of an uploaded image, or raise ValidationError with a clear message."""
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError(_("Bildet er for stort. Det kan være høyst 8 MB."))
    try:
        with Image.open(upload) as probe:
            probe.verify()  # reads the whole file: catches truncated and fake images
        upload.seek(0)
        with Image.open(upload) as opened:
            if opened.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Bildet må være JPEG, PNG, WebP eller GIF."))
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
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Filen er ikke et bilde vi kan lese.")) from error
    stem = (upload.name or "bilde").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "bilde"
    return ContentFile(out.getvalue(), name=f"{stem}.{extension}")
