import multiprocessing
import re
import resource
import tracemalloc
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ideverkstedet.core.images import MAX_PIXELS, ImageUploadField, reencode_image
from ideverkstedet.core.tests.pixels import huge_png


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
    assert result.name.endswith(".jpg")


def test_transparent_png_stays_png():
    result = reencode_image(SimpleUploadedFile("logo.png", _image("PNG", (200, 100), "RGBA")))
    assert result.name.endswith(".png")


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


_huge_png = huge_png


def _peak_memory_of(function, queue):  # type: ignore[no-untyped-def]
    # Pillow decodes in C with malloc, which tracemalloc does not see: the RSS high-water mark does.
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        function()
        outcome = "accepted"
    except ValidationError as error:
        outcome = " ".join(error.messages)
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    queue.put((outcome, python_peak, rss_growth_kb))


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    return _huge_png()


def test_image_with_too_many_pixels_is_refused_from_its_header_with_bounded_memory(huge_png):
    assert len(huge_png) < 400_000
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    upload = SimpleUploadedFile("bombe.png", huge_png)
    child = context.Process(target=_peak_memory_of, args=(lambda: reencode_image(upload), queue))
    child.start()
    outcome, python_peak, rss_growth_kb = queue.get(timeout=60)
    child.join()
    assert "for mange piksler" in outcome
    assert python_peak < 5 * 1024 * 1024
    # Decoding would need 81 MB for the bitmap alone (and 243 MB more for the RGB copy).
    assert rss_growth_kb < 20 * 1024


def test_form_field_refuses_the_pixel_bomb_before_pillow_verifies_it(huge_png):
    field = ImageUploadField(required=False)
    with pytest.raises(ValidationError, match="for mange piksler"):
        field.clean(SimpleUploadedFile("bombe.png", huge_png))


def test_pillow_guard_is_set_to_our_limit():
    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS == 40_000_000


def test_stored_name_is_random_and_never_the_uploaders_file_name():
    first = reencode_image(SimpleUploadedFile("Ingrid_Innbygger_selfie.jpg", _image(size=(40, 30))))
    second = reencode_image(SimpleUploadedFile("Ingrid_Innbygger_selfie.jpg", _image(size=(40, 30))))
    assert "Ingrid" not in first.name and "selfie" not in first.name
    assert first.name != second.name
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", first.name)
