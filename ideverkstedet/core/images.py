"""Uploaded images are checked by their content, limited in size, and re-encoded.

Re-encoding drops whatever else the file carried (EXIF with location, embedded scripts in odd formats) and
normalises the format, so what we serve is a plain JPEG or PNG that we made, under a random name: the
uploader's file name (often their own name) is never kept.

A small file can decode into a huge bitmap (a 315 KB PNG of 9000 x 9000 pixels needs about 1 GB), so the pixel
count is read from the header and refused above MAX_PIXELS before anything is decoded. Pillow's own guard
(Image.MAX_IMAGE_PIXELS) is set to the same figure for every other place that opens an image.
"""

import logging
import uuid
import warnings
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is larger than what phones and most cameras take
MAX_SIDE = 2400  # pixels; larger images are scaled down
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}

logger = logging.getLogger(__name__)

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


# Renditions -------------------------------------------------------------------------------------------------
# Smaller copies of a stored image for `srcset`, made once when the image is stored (PictureField) and never on a
# page view. Named after the image ("abc.jpg" → "abc-480w.jpg"), so a page needs no query to find them.
RENDITION_WIDTHS = (480, 960)


def rendition_name(name: str, width: int) -> str:
    stem, dot, extension = name.rpartition(".")
    return f"{stem}-{width}w.{extension}" if dot else f"{name}-{width}w"


def make_renditions(storage: Any, name: str) -> list[str]:
    """Write the renditions of a stored image that are missing (safe to run again). Never larger than the image:
    a small image's "960w" is the image at its own size. Returns the names written."""
    missing = [
        (w, rendition_name(name, w)) for w in RENDITION_WIDTHS if not storage.exists(rendition_name(name, w))
    ]
    if not missing:
        return []
    with storage.open(name, "rb") as stored, Image.open(stored) as opened:
        opened.load()
        is_png = (opened.format or "").upper() == "PNG"
        written = []
        for width, target in missing:
            copy = opened.copy()
            copy.thumbnail((width, width * 4))
            out = BytesIO()
            if is_png:
                copy.save(out, "PNG", optimize=True)
            else:
                copy.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
            written.append(storage.save(target, ContentFile(out.getvalue())))
    _with_renditions.discard(name)
    return written


def delete_renditions(storage: Any, name: str) -> None:
    for width in RENDITION_WIDTHS:
        storage.delete(rendition_name(name, width))
    _with_renditions.discard(name)


# Names known to have renditions (names are random and never reused, so a positive answer stays true). Images
# stored before renditions existed have none until `manage.py make_renditions`: they get a plain src meanwhile.
_with_renditions: set[str] = set()


def _has_renditions(storage: Any, name: str) -> bool:
    if name in _with_renditions:
        return True
    if all(storage.exists(rendition_name(name, w)) for w in RENDITION_WIDTHS):
        _with_renditions.add(name)
        return True
    return False


@dataclass(frozen=True)
class Picture:
    src: str
    srcset: str
    alt: str


def picture(name: str, alt: str) -> Picture | None:
    """What a list needs to show a stored image responsively, or None when there is no image (a placeholder)."""
    if not name:
        return None
    from django.core.files.storage import default_storage

    srcset = ""
    if _has_renditions(default_storage, name):
        srcset = ", ".join(f"{default_storage.url(rendition_name(name, w))} {w}w" for w in RENDITION_WIDTHS)
    return Picture(src=default_storage.url(name), srcset=srcset, alt=alt)


class PictureFieldFile(ImageFieldFile):
    def save(self, name: str, content: Any, save: bool = True) -> None:
        super().save(name, content, save)
        try:
            make_renditions(self.storage, self.name or "")
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
            # Not an image we can scale (images arrive re-encoded, so this is rare): the page shows it as it is.
            logger.warning("no renditions for %s", self.name)

    def delete(self, save: bool = True) -> None:
        if self.name:
            delete_renditions(self.storage, self.name)
        super().delete(save)


class PictureField(models.ImageField):
    """An ImageField whose image gets its renditions (for `srcset`) when it is stored, however it is stored:
    a form, a service, the admin or the demo data. Migrations see a plain ImageField."""

    attr_class = PictureFieldFile

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


def demo_picture(rng: Any, size: tuple[int, int] = (1600, 900)) -> ContentFile:
    """A calm drawn picture for demo data: sticky notes and marker strokes on a light wall (no image files)."""
    from PIL import ImageDraw

    palette = [(13, 79, 87), (244, 198, 93), (214, 120, 90), (126, 110, 180), (90, 160, 150)]
    wall = (243, 239, 228)
    image = Image.new("RGB", size, wall)
    draw = ImageDraw.Draw(image)
    width, height = size
    for _note in range(rng.randint(9, 16)):
        x, y = rng.randint(0, width - 220), rng.randint(0, height - 220)
        side = rng.randint(120, 220)
        note = rng.choice(palette[1:])
        draw.rectangle([x, y, x + side, y + side], fill=tuple(min(255, c + 60) for c in note))
        for line in range(3):
            ly = y + 30 + line * 35
            if ly < y + side - 20:
                draw.line([x + 20, ly, x + side - rng.randint(30, 80), ly], fill=palette[0], width=6)
    for _stroke in range(3):
        points = [(rng.randint(0, width), rng.randint(0, height)) for _point in range(4)]
        draw.line(points, fill=rng.choice(palette), width=10, joint="curve")
    out = BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name=random_image_name("jpg"))
