from __future__ import annotations

import io
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from media_samples import encode, jpeg, jpeg_claiming_size, png16, png_with_header, quadrants
from PIL import Image

from media.errors import MediaErrorCode, MediaRejected
from media.pipeline import process_image
from media.validate import (
    DEFAULT_MAX_BYTES,
    Limits,
    heif_supported,
    inspect_image,
    sniff_format,
    validate_image,
)


def rejected_code(data: bytes, limits: Limits | None = None) -> MediaErrorCode:
    with pytest.raises(MediaRejected) as caught:
        validate_image(data, limits or Limits())
    # The pipeline refuses the same upload for the same reason.
    with pytest.raises(MediaRejected) as caught_by_pipeline:
        process_image(data, limits=limits or Limits())
    assert caught_by_pipeline.value.code == caught.value.code
    assert caught.value.message
    return caught.value.code


@pytest.fixture(scope="module")
def picture() -> Image.Image:
    return quadrants(64, 48)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("JPEG", "JPEG"), ("PNG", "PNG"), ("WEBP", "WEBP")],
)
def test_accepted_formats_are_identified_by_content(
    picture: Image.Image, fmt: str, expected: str
) -> None:
    data = encode(picture, fmt)
    info = validate_image(data)
    assert info.format == expected
    assert (info.width, info.height) == (64, 48)
    assert info.mime == {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    assert inspect_image(data) == info


def test_empty_file_is_refused() -> None:
    assert rejected_code(b"") == MediaErrorCode.EMPTY


def test_text_renamed_jpg_is_not_an_image() -> None:
    text = b"Hello, this is my outfit description, saved as outfit.jpg\n" * 20
    assert sniff_format(text) is None
    assert rejected_code(text) == MediaErrorCode.NOT_AN_IMAGE


def test_oversize_upload_is_refused_before_anything_else(picture: Image.Image) -> None:
    data = jpeg(picture)
    assert rejected_code(data, Limits(max_bytes=len(data) - 1)) == MediaErrorCode.TOO_LARGE
    padded = b"\xff\xd8\xff" + b"\x00" * DEFAULT_MAX_BYTES
    with pytest.raises(MediaRejected) as caught:
        inspect_image(padded)
    assert caught.value.code == MediaErrorCode.TOO_LARGE
    assert "20 MB" in caught.value.message


def test_truncated_jpeg_is_refused(small_photo: Image.Image) -> None:
    data = jpeg(small_photo)
    assert rejected_code(data[: len(data) // 2]) == MediaErrorCode.TRUNCATED
    assert rejected_code(data[:-2]) == MediaErrorCode.TRUNCATED  # only the end marker lost
    assert rejected_code(data[:200]) == MediaErrorCode.TRUNCATED  # cut inside the header


def test_truncated_png_is_refused(small_photo: Image.Image) -> None:
    data = encode(small_photo, "PNG")
    assert rejected_code(data[: len(data) // 2]) == MediaErrorCode.TRUNCATED
    # Every pixel is there, only the IEND chunk is missing: still an incomplete upload.
    assert rejected_code(data[:-12]) == MediaErrorCode.TRUNCATED


def test_truncated_webp_is_refused(small_photo: Image.Image) -> None:
    data = encode(small_photo, "WEBP")
    assert rejected_code(data[: len(data) - 100]) == MediaErrorCode.TRUNCATED


def test_png_claiming_50000_by_50000_is_refused_without_allocating() -> None:
    data = png_with_header(50_000, 50_000)
    assert len(data) < 200
    started = time.perf_counter()
    assert rejected_code(data) == MediaErrorCode.TOO_MANY_PIXELS
    # Allocating 2.5 G pixels would take seconds and gigabytes; the header check takes neither.
    assert time.perf_counter() - started < 0.5


def test_pixel_ceiling_is_checked_from_the_header() -> None:
    # 45 MP: under Pillow's own bomb threshold, over ours.
    data = png_with_header(9000, 5000)
    with pytest.raises(MediaRejected) as caught:
        inspect_image(data)
    assert caught.value.code == MediaErrorCode.TOO_MANY_PIXELS
    assert "9,000 x 5,000" in caught.value.message
    assert "40 megapixels" in caught.value.message


def test_pixel_ceiling_is_a_parameter(small_photo: Image.Image) -> None:
    data = jpeg(small_photo)
    assert validate_image(data).pixels == 800 * 600
    limits = Limits(max_pixels=800 * 600 - 1)
    assert rejected_code(data, limits) == MediaErrorCode.TOO_MANY_PIXELS


def test_jpeg_header_claiming_huge_dimensions_is_refused(picture: Image.Image) -> None:
    data = jpeg(picture)
    assert rejected_code(jpeg_claiming_size(data, 60_000, 60_000)) == (
        MediaErrorCode.TOO_MANY_PIXELS
    )
    assert rejected_code(jpeg_claiming_size(data, 7000, 7000)) == MediaErrorCode.TOO_MANY_PIXELS


def test_animated_webp_and_png_are_refused(picture: Image.Image) -> None:
    frames = [picture, picture.rotate(180)]
    for fmt in ("WEBP", "PNG"):
        data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)
        assert getattr(Image.open(io.BytesIO(data)), "n_frames", 1) == 2
        assert rejected_code(data) == MediaErrorCode.ANIMATED


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "ICO", "AVIF"])
def test_other_image_formats_are_unsupported(picture: Image.Image, fmt: str) -> None:
    data = encode(picture, fmt)
    assert sniff_format(data) == fmt
    assert rejected_code(data) == MediaErrorCode.UNSUPPORTED_FORMAT


def test_animated_gif_is_unsupported(picture: Image.Image) -> None:
    data = encode(picture, "GIF", save_all=True, append_images=[picture.rotate(90)])
    assert rejected_code(data) == MediaErrorCode.UNSUPPORTED_FORMAT


@pytest.mark.skipif(heif_supported(), reason="pillow-heif is installed: HEIC is accepted")
def test_heic_without_pillow_heif_is_unsupported() -> None:
    box = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
    data = box + b"\x00" * 200
    assert sniff_format(data) == "HEIF"
    with pytest.raises(MediaRejected) as caught:
        inspect_image(data)
    assert caught.value.code == MediaErrorCode.UNSUPPORTED_FORMAT
    assert "HEIC" in caught.value.message


def test_damaged_png_is_corrupt() -> None:
    garbage = b"\x89PNG\r\n\x1a\n" + b"\x13\x37" * 200 + b"IEND"
    assert rejected_code(garbage) == MediaErrorCode.CORRUPT


def test_png_with_a_bad_crc_is_corrupt(picture: Image.Image) -> None:
    data = bytearray(encode(picture, "PNG"))
    position = data.index(b"IDAT") + 8
    data[position] ^= 0xFF
    assert rejected_code(bytes(data)) == MediaErrorCode.CORRUPT


def test_multi_picture_jpeg_is_accepted_as_its_primary_picture(picture: Image.Image) -> None:
    data = encode(picture, "MPO", save_all=True, append_images=[picture.rotate(180)])
    info = validate_image(data)
    assert info.format == "JPEG"
    result = process_image(data)
    assert (result.width, result.height) == (64, 48)


def test_cmyk_and_sixteen_bit_are_accepted(picture: Image.Image) -> None:
    assert validate_image(jpeg(picture.convert("CMYK"))).mode == "CMYK"
    grey16 = np.full((10, 12), 40_000, dtype=np.uint16)
    assert validate_image(png16(grey16)).mode.startswith("I")


def test_rejection_message_is_readable() -> None:
    error = MediaRejected(MediaErrorCode.EMPTY, "The file is empty.")
    assert str(error) == "EMPTY: The file is empty."
    assert error.code == "EMPTY"


@st.composite
def damaged_uploads(draw: st.DrawFn) -> bytes:
    fmt = draw(st.sampled_from(["JPEG", "PNG", "WEBP"]))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    image = Image.fromarray(rng.integers(0, 256, (24, 32, 3), dtype=np.uint8))
    data = bytearray(encode(image, fmt))
    for _ in range(draw(st.integers(0, 8))):
        # Mostly past the magic bytes, so the decoders, not the sniffer, meet the damage.
        position = draw(st.integers(16, len(data) - 1) | st.integers(0, 15))
        data[position] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        del data[draw(st.integers(1, len(data))) :]
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_uploads())
def test_damaged_uploads_are_processed_or_refused_never_crash(data: bytes) -> None:
    try:
        result = process_image(data)
    except MediaRejected as error:
        assert error.code in set(MediaErrorCode)
    else:
        assert set(result.variants) == {"full", "feed", "thumb"}


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes_are_refused_cleanly(data: bytes) -> None:
    with pytest.raises(MediaRejected):
        validate_image(data)
