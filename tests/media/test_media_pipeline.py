from __future__ import annotations

import io
import json
import math

import blurhash
import numpy as np
import pytest
from media_samples import (
    GPS_IFD,
    encode,
    exif_with_gps,
    jpeg,
    p3_to_srgb,
    png16,
    quadrants,
    riff_chunks,
    wide_gamut_icc,
)
from media_samples import decode as decode_image
from PIL import Image, ImageCms, ImageOps

from media.phash import hamming
from media.pipeline import (
    VARIANT_SPECS,
    ProcessedImage,
    VariantSpec,
    naive_process_image,
    process_image,
)
from media.storage import content_hash


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(decode_image(data).convert("RGB"), dtype=np.int16)


def colour_at(data: bytes, x: int, y: int) -> tuple[int, ...]:
    return tuple(int(v) for v in pixels(data)[y, x])


def close_to(colour: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def assert_no_metadata(data: bytes) -> None:
    # A simple-format WebP is one VP8 bitstream chunk: no room for EXIF, XMP or ICC.
    assert riff_chunks(data) == [b"VP8 "]
    image = decode_image(data)
    assert image.format == "WEBP"
    assert image.mode == "RGB"
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(GPS_IFD)
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile"):
        assert key not in image.info


@pytest.fixture(scope="module")
def rotated_result(jpeg_12mp_rotated: bytes) -> ProcessedImage:
    return process_image(jpeg_12mp_rotated)


def test_source_fixture_really_carries_metadata(jpeg_12mp_rotated: bytes) -> None:
    source = decode_image(jpeg_12mp_rotated)
    assert source.size == (4000, 3000)
    assert source.getexif()[0x0112] == 6
    assert source.getexif().get_ifd(GPS_IFD)[2] == (48.0, 51.0, 29.6)
    assert "xmp" in source.info and "icc_profile" in source.info


def test_orientation_six_turns_a_landscape_upload_portrait(rotated_result: ProcessedImage) -> None:
    assert (rotated_result.width, rotated_result.height) == (3000, 4000)
    for variant in rotated_result.variants.values():
        assert variant.height > variant.width
        assert decode_image(variant.data).size == (variant.width, variant.height)
    # Orientation 6 means "rotate 90 degrees clockwise to view": the stored top-left marker
    # ends up top-right.
    thumb = rotated_result.variants["thumb"]
    assert close_to(colour_at(thumb.data, thumb.width - 12, 12), (255, 0, 0), 40)
    assert not close_to(colour_at(thumb.data, 12, 12), (255, 0, 0), 40)


def test_variant_sizes_for_a_12mp_photo(rotated_result: ProcessedImage) -> None:
    sizes = {name: (v.width, v.height) for name, v in rotated_result.variants.items()}
    # 1/2-scale JPEG decode gives 2000 px, within the default 5% draft tolerance of 2048.
    assert sizes == {"full": (1500, 2000), "feed": (810, 1080), "thumb": (240, 320)}
    assert all(v.mime == "image/webp" for v in rotated_result.variants.values())


def test_exact_sizes_without_draft_tolerance(jpeg_12mp_rotated: bytes) -> None:
    result = process_image(jpeg_12mp_rotated, draft_tolerance=1.0)
    assert (result.variants["full"].width, result.variants["full"].height) == (1536, 2048)


def test_all_metadata_is_stripped(rotated_result: ProcessedImage) -> None:
    for variant in rotated_result.variants.values():
        assert_no_metadata(variant.data)
        assert b"GPS" not in variant.data and b"TestCam" not in variant.data


def test_descriptors_are_well_formed(rotated_result: ProcessedImage) -> None:
    assert blurhash.is_valid_blurhash(rotated_result.blurhash)
    # 3 x 4 components for a portrait picture: size flag = (x - 1) + (y - 1) * 9.
    assert rotated_result.blurhash[0] == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[2 + 3 * 9]
    assert 1 <= len(rotated_result.palette) <= 5
    assert math.isclose(sum(c.share for c in rotated_result.palette), 1.0)
    assert len(rotated_result.phash) == 16
    int(rotated_result.phash, 16)
    metadata = rotated_result.metadata()
    round_trip = json.loads(json.dumps(metadata))
    assert round_trip["variants"]["thumb"]["digest"] == content_hash(
        rotated_result.variants["thumb"].data
    )
    assert round_trip["width"] == 3000


def test_fast_pipeline_matches_the_naive_reference(jpeg_12mp_rotated: bytes) -> None:
    fast = process_image(jpeg_12mp_rotated)
    naive = naive_process_image(jpeg_12mp_rotated)
    assert (naive.width, naive.height) == (fast.width, fast.height)
    assert naive.variants["full"].width == 1536  # the reference resamples to exactly 2048
    for name in ("feed", "thumb"):
        a, b = pixels(fast.variants[name].data), pixels(naive.variants[name].data)
        assert a.shape == b.shape
        assert float(np.abs(a - b).mean()) < 4.0
    assert hamming(fast.phash, naive.phash) <= 4
    assert fast.palette[0].hex
    assert abs(fast.palette[0].share - naive.palette[0].share) < 0.1


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_matches_pillow(orientation: int) -> None:
    source = quadrants(96, 64)
    data = jpeg(source, 95, exif=exif_with_gps(orientation).tobytes())
    expected = ImageOps.exif_transpose(decode_image(data)).convert("RGB")
    result = process_image(data)
    assert (result.width, result.height) == expected.size
    thumb = result.variants["thumb"]
    got = pixels(thumb.data)
    want = np.asarray(expected, dtype=np.int16)
    assert got.shape == want.shape
    assert float(np.abs(got - want).mean()) < 8.0


def test_small_images_are_never_upscaled(small_photo: Image.Image) -> None:
    small = small_photo.resize((600, 400))
    result = process_image(jpeg(small))
    sizes = {name: (v.width, v.height) for name, v in result.variants.items()}
    assert sizes == {"full": (600, 400), "feed": (600, 400), "thumb": (320, 213)}
    # Identical variants share one encoding (and so one storage object).
    assert result.variants["full"] is result.variants["feed"]
    assert result.variants["thumb"].data != result.variants["feed"].data


def test_tiny_image_survives() -> None:
    result = process_image(encode(Image.new("RGB", (1, 1), (10, 200, 30)), "PNG"))
    assert {(v.width, v.height) for v in result.variants.values()} == {(1, 1)}
    assert len(result.palette) == 1 and result.palette[0].share == 1.0


def test_extreme_aspect_ratio() -> None:
    result = process_image(encode(Image.new("RGB", (5000, 3), (0, 0, 0)), "PNG"))
    assert (result.variants["full"].width, result.variants["full"].height) == (2048, 1)
    assert (result.variants["thumb"].width, result.variants["thumb"].height) == (320, 1)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_uploads(small_photo: Image.Image, fmt: str) -> None:
    result = process_image(encode(small_photo, fmt))
    assert result.source_format == fmt
    assert (result.width, result.height) == (800, 600)
    for variant in result.variants.values():
        assert_no_metadata(variant.data)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_exif_in_png_and_webp_is_applied_and_stripped(small_photo: Image.Image, fmt: str) -> None:
    data = encode(small_photo, fmt, exif=exif_with_gps(8).tobytes())
    assert decode_image(data).getexif()[0x0112] == 8
    result = process_image(data)
    assert (result.width, result.height) == (600, 800)
    assert_no_metadata(result.variants["full"].data)


def test_cmyk_jpeg_becomes_rgb() -> None:
    cmyk = Image.new("CMYK", (200, 100), (0, 255, 255, 0))  # pure red in ink
    result = process_image(jpeg(cmyk, 95))
    full = result.variants["full"]
    assert_no_metadata(full.data)
    assert close_to(colour_at(full.data, 100, 50), (255, 0, 0), 30)
    assert result.palette[0].share > 0.95


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    ramp = np.tile(np.linspace(0, 65535, 256).astype(np.uint16), (32, 1))
    result = process_image(png16(ramp))
    full = pixels(result.variants["full"].data)
    assert full.shape == (32, 256, 3)
    row = full[16, :, 0]
    assert row[2] < 12 and row[-3] > 243
    assert abs(int(row[128]) - 128) < 12  # mid-grey stays mid-grey, not white
    assert np.all(np.diff(row[::16].astype(int)) >= -3)


def test_sixteen_bit_rgba_is_converted_and_flattened() -> None:
    array = np.zeros((40, 60, 4), dtype=np.uint16)
    array[..., 0] = 65535  # red
    array[..., 3] = 65535  # opaque...
    array[:, 30:, 3] = 0  # ...except the right half, fully transparent
    result = process_image(png16(array))
    full = result.variants["full"].data
    assert close_to(colour_at(full, 10, 20), (255, 0, 0))
    assert close_to(colour_at(full, 50, 20), (255, 255, 255))


def test_palette_png_with_transparency_is_flattened_on_white() -> None:
    image = Image.new("P", (80, 40), 0)
    image.putpalette([0, 0, 255] + [0, 0, 0] * 255)
    image.paste(1, (40, 0, 80, 40))
    data = encode(image, "PNG", transparency=1)
    assert decode_image(data).mode == "P"
    result = process_image(data)
    full = result.variants["full"].data
    assert close_to(colour_at(full, 10, 20), (0, 0, 255))
    assert close_to(colour_at(full, 70, 20), (255, 255, 255))


@pytest.mark.parametrize("mode", ["L", "LA", "1", "RGBA"])
def test_other_modes_become_rgb(mode: str) -> None:
    image = Image.new(mode, (50, 30))
    result = process_image(encode(image, "PNG"))
    assert_no_metadata(result.variants["full"].data)


def test_embedded_srgb_profile_keeps_colours_and_is_dropped(small_photo: Image.Image) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    plain = process_image(encode(small_photo, "PNG"))
    tagged = process_image(encode(small_photo, "PNG", icc_profile=profile))
    assert_no_metadata(tagged.variants["full"].data)
    difference = pixels(plain.variants["feed"].data) - pixels(tagged.variants["feed"].data)
    assert float(np.abs(difference).mean()) < 2.0


@pytest.mark.parametrize(
    ("fmt", "size"), [("PNG", (300, 200)), ("JPEG", (4096, 3072)), ("WEBP", (300, 200))]
)
def test_wide_gamut_profile_is_converted_to_srgb(fmt: str, size: tuple[int, int]) -> None:
    colours = [(200, 100, 50), (50, 180, 90), (30, 60, 200)]
    image = Image.new("RGB", size)
    band = size[0] // 3
    for i, colour in enumerate(colours):
        image.paste(colour, (i * band, 0, (i + 1) * band, size[1]))
    options: dict[str, object] = {"icc_profile": wide_gamut_icc()}
    if fmt != "PNG":
        options["quality"] = 95
    data = encode(image, fmt, **options)
    for result in (process_image(data), naive_process_image(data)):
        full = result.variants["full"]
        assert_no_metadata(full.data)
        for i, colour in enumerate(colours):
            got = colour_at(full.data, int((i + 0.5) * full.width / 3), full.height // 2)
            expected = p3_to_srgb(colour)
            assert close_to(got, expected, 6), (colour, got, expected)
            assert not close_to(got, colour, 6)  # really converted, not passed through


@pytest.mark.parametrize(
    "profile",
    [
        b"not an icc profile at all",
        bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()),
    ],
)
def test_unusable_profile_falls_back_to_plain_conversion(
    small_photo: Image.Image, profile: bytes
) -> None:
    result = process_image(jpeg(small_photo, icc_profile=profile))
    assert_no_metadata(result.variants["full"].data)
    plain = process_image(jpeg(small_photo))
    difference = pixels(plain.variants["feed"].data) - pixels(result.variants["feed"].data)
    assert float(np.abs(difference).mean()) < 1.0


def test_custom_variant_specs_and_identical_output_for_identical_input(
    small_photo: Image.Image,
) -> None:
    data = jpeg(small_photo)
    specs = [VariantSpec("tiny", 64, 6), VariantSpec("big", 400, 0)]
    first = process_image(data, variants=specs)
    second = process_image(data, variants=specs)
    assert list(first.variants) == ["big", "tiny"]
    assert first == second
    assert (first.variants["tiny"].width, first.variants["tiny"].height) == (64, 48)


@pytest.mark.parametrize(
    "specs",
    [[], [VariantSpec("a", 10, 0), VariantSpec("a", 20, 0)], [VariantSpec("z", 0, 0)]],
)
def test_bad_variant_specs_are_refused(small_photo: Image.Image, specs: list[VariantSpec]) -> None:
    with pytest.raises(ValueError):
        process_image(jpeg(small_photo), variants=specs)


def test_default_specs_are_the_issue_sizes() -> None:
    assert {spec.name: spec.long_edge for spec in VARIANT_SPECS} == {
        "full": 2048,
        "feed": 1080,
        "thumb": 320,
    }


def test_output_is_plain_rgb_webp_readable_by_pillow(rotated_result: ProcessedImage) -> None:
    image = Image.open(io.BytesIO(rotated_result.variants["feed"].data))
    image.verify()
