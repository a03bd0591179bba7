from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ideverkstedet.core.images import reencode_image


def _image(fmt: str = "JPEG", size=(3000, 2000), mode="RGB") -> bytes:
    out = BytesIO()
    image = Image.new(mode, size, "teal")
    exif = Image.Exif()
    exif[0x010E] = "Hemmelig sted"  # ImageDescription
    image.save(out, fmt, exif=exif) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def test_image_is_reencoded_scaled_down_and_stripped_of_metadata():
    result = reencode_image(SimpleUploadedFile("rom.jpeg", _image()))
    with Image.open(result) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 2400
        assert "Hemmelig sted" not in str(image.getexif())
    assert result.name == "rom.jpg"


def test_transparent_png_stays_png():
    result = reencode_image(SimpleUploadedFile("logo.png", _image("PNG", (200, 100), "RGBA")))
    assert result.name == "logo.png"


@pytest.mark.parametrize(
    "content",
    [b"<svg onload=alert(1)>", b"GIF89a" + b"\x00" * 20, b"%PDF-1.4 fake", _image()[:500]],
)
def test_what_is_not_a_readable_image_is_refused_with_a_message(content):
    with pytest.raises(ValidationError, match="ikke et bilde"):
        reencode_image(SimpleUploadedFile("x.jpg", content))


def test_too_large_file_is_refused():
    upload = SimpleUploadedFile("stor.jpg", b"0" * (8 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="8 MB"):
        reencode_image(upload)
