from __future__ import annotations

import math
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from media_samples import photo_like
from PIL import Image, ImageDraw

from media.palette import PaletteColour, dominant_colours

HEX = re.compile(r"#[0-9a-f]{6}")


def rgb(hex_value: str) -> tuple[int, int, int]:
    return int(hex_value[1:3], 16), int(hex_value[3:5], 16), int(hex_value[5:7], 16)


def near(hex_value: str, expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(rgb(hex_value), expected, strict=True))


def two_colour(width: int, height: int, split: float) -> Image.Image:
    image = Image.new("RGB", (width, height), (200, 30, 40))
    ImageDraw.Draw(image).rectangle([round(width * split), 0, width, height], fill=(20, 60, 180))
    return image


def test_two_colour_image_gives_both_colours_with_their_shares() -> None:
    palette = dominant_colours(two_colour(400, 300, 0.7))
    assert len(palette) == 2
    assert near(palette[0].hex, (200, 30, 40)) and abs(palette[0].share - 0.7) < 0.02
    assert near(palette[1].hex, (20, 60, 180)) and abs(palette[1].share - 0.3) < 0.02


def test_unaligned_split_and_noise_still_find_the_dominant_colours() -> None:
    base = np.asarray(two_colour(613, 419, 0.62), dtype=np.int16)
    noise = np.random.default_rng(3).integers(-15, 16, base.shape)
    noisy = Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8))
    palette = dominant_colours(noisy)
    red = sum(c.share for c in palette if near(c.hex, (200, 30, 40), 30))
    blue = sum(c.share for c in palette if near(c.hex, (20, 60, 180), 30))
    assert abs(red - 0.62) < 0.05
    assert abs(blue - 0.38) < 0.05


def test_three_colours_ranked_by_share() -> None:
    image = Image.new("RGB", (100, 100), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 99, 29], fill=(0, 0, 0))  # 30%
    draw.rectangle([0, 30, 99, 39], fill=(0, 160, 0))  # 10%
    palette = dominant_colours(image)
    assert [c.hex for c in palette] == ["#fafafa", "#000000", "#00a000"]
    assert [round(c.share, 2) for c in palette] == [0.6, 0.3, 0.1]


def test_count_is_respected_on_a_photo() -> None:
    photo = photo_like(640, 480, seed=5)
    assert len(dominant_colours(photo)) == 5
    assert len(dominant_colours(photo, 3)) == 3


def test_modes_other_than_rgb_are_read_as_rgb() -> None:
    grey = Image.new("L", (20, 20), 128)
    assert dominant_colours(grey) == (PaletteColour("#808080", 1.0),)


@st.composite
def small_images(draw: st.DrawFn) -> Image.Image:
    width = draw(st.integers(1, 150))
    height = draw(st.integers(1, 150))
    seed = draw(st.integers(0, 2**32 - 1))
    levels = draw(st.integers(1, 256))
    rng = np.random.default_rng(seed)
    step = 255 // max(1, levels - 1)
    array = rng.integers(0, levels, (height, width, 3), dtype=np.uint16) * step
    return Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))


@settings(max_examples=80, deadline=None)
@given(small_images(), st.integers(1, 8))
def test_palette_properties(image: Image.Image, count: int) -> None:
    palette = dominant_colours(image, count)
    assert 1 <= len(palette) <= count
    assert math.isclose(sum(c.share for c in palette), 1.0)
    assert all(HEX.fullmatch(c.hex) for c in palette)
    assert len({c.hex for c in palette}) == len(palette)
    shares = [c.share for c in palette]
    assert shares == sorted(shares, reverse=True)
    assert dominant_colours(image, count) == palette  # deterministic
