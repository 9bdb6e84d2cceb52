from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from media_samples import decode, jpeg, photo_like
from PIL import Image, ImageEnhance

from media.phash import (
    NEAR_DUPLICATE_DISTANCE,
    hamming,
    is_near_duplicate,
    perceptual_hash,
)
from media.pipeline import process_image

hashes = st.integers(0, 2**64 - 1)


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return photo_like(1200, 900, seed=11)


def test_hash_is_sixteen_hex_characters(photo: Image.Image) -> None:
    value = perceptual_hash(photo)
    assert len(value) == 16
    assert int(value, 16) >= 0
    assert perceptual_hash(photo) == value


def test_reencoded_and_resized_copy_is_a_near_duplicate(photo: Image.Image) -> None:
    original = process_image(jpeg(photo, 92))
    copy = decode(jpeg(photo.resize((600, 450)), 40))
    brighter = ImageEnhance.Brightness(copy).enhance(1.1)
    repost = process_image(jpeg(brighter, 60))
    assert is_near_duplicate(original.phash, repost.phash)
    assert hamming(original.phash, repost.phash) <= 6


def test_unrelated_photos_are_not_near_duplicates(photo: Image.Image) -> None:
    original = process_image(jpeg(photo))
    for seed in range(20, 26):
        other = process_image(jpeg(photo_like(640, 480, seed=seed)))
        assert not is_near_duplicate(original.phash, other.phash)
        assert hamming(original.phash, other.phash) > 2 * NEAR_DUPLICATE_DISTANCE - 4


def test_mirrored_image_is_not_a_near_duplicate(photo: Image.Image) -> None:
    mirrored = photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    assert not is_near_duplicate(perceptual_hash(photo), perceptual_hash(mirrored))


def test_hamming_accepts_hex_and_int() -> None:
    assert hamming("0000000000000000", "ffffffffffffffff") == 64
    assert hamming(0b1011, "0000000000000001") == 2
    assert is_near_duplicate("00000000000000ff", "0000000000000000", max_distance=8)
    assert not is_near_duplicate("00000000000001ff", "0000000000000000", max_distance=8)


@pytest.mark.parametrize("bad", ["", "abc", "zzzzzzzzzzzzzzzz", "0" * 17, -1, 2**64])
def test_malformed_hashes_are_refused(bad: str | int) -> None:
    with pytest.raises(ValueError):
        hamming(bad, 0)


@given(hashes, hashes, hashes)
def test_hamming_is_a_metric(a: int, b: int, c: int) -> None:
    assert hamming(a, a) == 0
    assert hamming(a, b) == hamming(b, a)
    assert 0 <= hamming(a, b) <= 64
    assert hamming(a, c) <= hamming(a, b) + hamming(b, c)
    assert hamming(f"{a:016x}", f"{b:016x}") == hamming(a, b)
