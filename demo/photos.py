"""Outfit photos drawn with Pillow, coloured so the real palette extraction finds the post's
colour elements and nothing else.

`outfit_photo(colours, seed)` draws an outfit shot framed from the neck down: a top and a bottom
(trousers or a skirt; a dress when there is one colour). At most two colours are shown, and never
two so close that the quantiser would blend them into a third (`distinct_colours`); the caption
names every element anyway. Each shown colour covers well over the 12% of the picture that the
extraction asks for, so it survives median-cut quantisation on the thumbnail. The backdrop, its
shadow and any garment without a colour element use shades more than 15 ΔE2000 away from every
taxonomy colour, so a photo names no colour it was not given (about 2% of photos still pick up a
grey where dark accessories blend with the backdrop). The chin, hands, shoes, accessories and
props are small and there to give every photo its own perceptual hash: framing, proportions,
light and props vary with the seed, so no two demo posts look like reposts of each other.

Photos are small JPEGs (480 x 600 by default) so the media pipeline handles hundreds of them in
seconds.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

from PIL import Image, ImageDraw

from feeds.colours import delta_e_2000, hex_to_lab

SIZE = (480, 600)
# Shades no taxonomy colour is close to (ΔE2000 to the nearest one in brackets); the tests
# check that a photo of only these names no colour.
BACKDROPS = ("#8480a8", "#807498", "#7878a4")  # slate lilac (17), heather (20), dusk (20)
SHADOWS = ("#6c6480", "#6c6890")  # dusk shadow (17), deep periwinkle (16)
# Two colours closer than this would merge in the quantised palette into a third one.
DISTINCT_DELTA_E = 25.0
SKIN = ("#c99a7a", "#8d5b3e", "#e6bea2", "#a87252", "#5e3b28")
# Accessories: each under ~6% of the picture, far below the 12% that names a colour.
ACCESSORIES = ("#101010", "#1c1c20")
PROPS = ("#3c3c3c", "#a89c8c", "#2f4f4f", "#b0a090", "#555a60")

Box = tuple[float, float, float, float]


def _rgb(value: str) -> tuple[int, int, int]:
    digits = value.lstrip("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _box(x0: float, y0: float, x1: float, y1: float) -> Box:
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _props(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int) -> None:
    """A frame, a lamp, a pot in the margins: small shapes placed by the seed."""
    for _ in range(rng.randint(2, 4)):
        colour = _rgb(rng.choice(PROPS))
        side = rng.choice((0, 1))
        unit = width / 640
        x = int(width * (rng.uniform(0.0, 0.1) if side == 0 else rng.uniform(0.83, 0.93)))
        y = int(height * rng.uniform(0.01, 0.85))
        w, h = int(rng.randint(30, 60) * unit), int(rng.randint(30, 90) * unit)
        if rng.random() < 0.5:
            draw.rectangle([x, y, x + w, y + h], outline=colour, width=max(2, int(5 * unit)))
        else:
            draw.ellipse([x, y, x + w, y + w], fill=colour)


def _accessories(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int) -> None:
    """A bag, a hat, a scarf: very dark or very light, anywhere, each under the share that
    names a colour. Their contrast is what sets two photos' perceptual hashes apart."""
    shades = list(ACCESSORIES)
    rng.shuffle(shades)
    for shade in shades[: rng.randint(2, 3)]:
        w = width * rng.uniform(0.1, 0.16)
        h = height * rng.uniform(0.08, 0.14)
        x = rng.uniform(-0.05, 0.95) * width - w / 2
        y = rng.uniform(0.0, 0.95) * height - h / 2
        if rng.random() < 0.5:
            draw.rounded_rectangle(_box(x, y, x + w, y + h), radius=12, fill=_rgb(shade))
        else:
            draw.ellipse(_box(x, y, x + w, y + h), fill=_rgb(shade))


def distinct_colours(colours: Sequence[str], limit: int = 2) -> list[str]:
    """The colours a photo shows: in order, skipping any too close to one already taken."""
    taken: list[str] = []
    for colour in colours:
        lab = hex_to_lab(colour)
        if all(float(delta_e_2000(lab, hex_to_lab(t))) >= DISTINCT_DELTA_E for t in taken):
            taken.append(colour)
        if len(taken) == limit:
            break
    return taken


def outfit_photo(
    colours: Sequence[str], seed: int, size: tuple[int, int] = SIZE, quality: int = 85
) -> bytes:
    """A JPEG of an outfit in `colours` ("#rrggbb"): the top, then the bottom (see
    `distinct_colours` for which of them are shown)."""
    rng = random.Random(seed)
    width, height = size
    chosen = distinct_colours(colours)
    backdrop, shadow = rng.choice(BACKDROPS), rng.choice(SHADOWS)
    image = Image.new("RGB", size, _rgb(backdrop))
    draw = ImageDraw.Draw(image)
    # A shadow or a second wall, cut at an angle: the biggest difference between two photos.
    edge = 0 if rng.random() < 0.5 else width
    x0, x1 = abs(edge - rng.uniform(0.0, 0.45) * width), abs(edge - rng.uniform(0.0, 0.45) * width)
    draw.polygon([(x0, 0), (x1, height), (edge, height), (edge, 0)], fill=_rgb(shadow))
    _props(draw, rng, width, height)

    # Unnamed garments take the backdrop's own two shades, so the quantiser has no third
    # unnamed colour to blend a named one with.
    spare = [shadow, backdrop] if rng.random() < 0.5 else [backdrop, shadow]
    top = _rgb(chosen[0] if chosen else spare[0])
    bottom = _rgb(chosen[1] if len(chosen) > 1 else spare[1])
    dress = len(chosen) == 1 and rng.random() < 0.5

    cx = width * rng.uniform(0.38, 0.62)
    shoulder = width * rng.uniform(0.6, 0.7)
    neck_y = height * rng.uniform(0.06, 0.1)
    waist_y = height * rng.uniform(0.44, 0.5)
    hem_y = height * rng.uniform(0.9, 0.97)
    skin = _rgb(rng.choice(SKIN))
    chin = width * 0.09
    draw.ellipse([cx - chin, -chin, cx + chin, neck_y + chin * 0.6], fill=skin)

    # Bottom first (trousers, a skirt, or the dress's skirt), then the top over it.
    if dress or rng.random() < 0.4:
        flare = shoulder * rng.uniform(0.6, 0.8)
        draw.polygon(
            [
                (cx - shoulder * 0.4, waist_y),
                (cx + shoulder * 0.4, waist_y),
                (cx + flare, hem_y),
                (cx - flare, hem_y),
            ],
            fill=top if dress else bottom,
        )
        feet = flare * 0.45
    else:
        gap = shoulder * rng.uniform(0.02, 0.06)
        leg = shoulder * rng.uniform(0.45, 0.55)
        for side in (-1, 1):
            inner = cx + side * gap
            draw.polygon(
                [
                    (cx + side * shoulder * 0.46, waist_y),
                    (inner, waist_y),
                    (inner, hem_y),
                    (inner + side * leg, hem_y),
                ],
                fill=bottom,
            )
        feet = gap + leg * 0.5
    shoe = _rgb(rng.choice(PROPS))
    unit = width / 640
    for side in (-1, 1):
        x = cx + side * feet
        draw.ellipse(
            [x - 30 * unit, hem_y - 10 * unit, x + 30 * unit, hem_y + 18 * unit], fill=shoe
        )

    draw.rounded_rectangle(
        [cx - shoulder / 2, neck_y, cx + shoulder / 2, waist_y + 20 * unit],
        radius=int(24 * unit),
        fill=top,
    )
    arm = shoulder * 0.2
    for side in (-1, 1):
        x0 = cx + side * shoulder / 2
        draw.polygon(
            [
                (x0, neck_y + 10 * unit),
                (x0 + side * arm, neck_y + 30 * unit),
                (x0 + side * arm * 1.2, waist_y + 40 * unit),
                (x0, waist_y + 20 * unit),
            ],
            fill=top,
        )
        hand = x0 + side * arm * 0.7
        draw.ellipse(
            [hand - 16 * unit, waist_y + 30 * unit, hand + 16 * unit, waist_y + 62 * unit],
            fill=skin,
        )
    _accessories(draw, rng, width, height)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


PRODUCT_SIZE = (640, 640)
PRODUCT_BACKDROPS = ("#f3f0eb", "#eceae6", "#f5efe9")


def product_photo(category: str, colour: str, seed: int) -> bytes:
    """A JPEG packshot of one garment of `category` in `colour` on a plain backdrop."""
    rng = random.Random(seed)
    width, height = PRODUCT_SIZE
    image = Image.new("RGB", PRODUCT_SIZE, _rgb(rng.choice(PRODUCT_BACKDROPS)))
    draw = ImageDraw.Draw(image)
    fill = _rgb(colour)
    trim = tuple(max(0, c - 40) for c in fill)
    cx, top, w = width / 2, height * 0.14, width * rng.uniform(0.42, 0.5)
    # A soft floor shadow, so the piece does not float.
    draw.ellipse(
        _box(cx - w * 0.7, height * 0.86, cx + w * 0.7, height * 0.93), fill=(214, 210, 204)
    )
    if category in ("Tops", "Outerwear"):
        body = [
            (cx - w / 2, top),
            (cx + w / 2, top),
            (cx + w / 2, height * 0.8),
            (cx - w / 2, height * 0.8),
        ]
        draw.polygon(body, fill=fill)
        sleeve = height * (0.62 if category == "Outerwear" else 0.36)
        draw.polygon(
            [
                (cx - w / 2, top),
                (cx - w * 0.95, top + sleeve),
                (cx - w * 0.7, top + sleeve + 20),
                (cx - w / 2, top + 60),
            ],
            fill=fill,
        )
        draw.polygon(
            [
                (cx + w / 2, top),
                (cx + w * 0.95, top + sleeve),
                (cx + w * 0.7, top + sleeve + 20),
                (cx + w / 2, top + 60),
            ],
            fill=fill,
        )
        draw.ellipse(_box(cx - 40, top - 22, cx + 40, top + 22), fill=trim)
        if category == "Outerwear":
            draw.line([(cx, top + 20), (cx, height * 0.8)], fill=trim, width=6)
    elif category in ("Dresses", "Skirts"):
        waist = top if category == "Dresses" else height * 0.3
        if category == "Dresses":
            draw.rectangle(_box(cx - w * 0.32, top, cx + w * 0.32, height * 0.38), fill=fill)
            waist = height * 0.38
        draw.polygon(
            [
                (cx - w * 0.32, waist),
                (cx + w * 0.32, waist),
                (cx + w * 0.75, height * 0.84),
                (cx - w * 0.75, height * 0.84),
            ],
            fill=fill,
        )
        draw.rectangle(_box(cx - w * 0.33, waist - 8, cx + w * 0.33, waist + 8), fill=trim)
    elif category == "Bottoms":
        draw.rectangle(_box(cx - w * 0.45, top, cx + w * 0.45, top + 40), fill=trim)
        draw.polygon(
            [
                (cx - w * 0.45, top + 40),
                (cx - 6, top + 40),
                (cx - w * 0.08, height * 0.84),
                (cx - w * 0.5, height * 0.84),
            ],
            fill=fill,
        )
        draw.polygon(
            [
                (cx + 6, top + 40),
                (cx + w * 0.45, top + 40),
                (cx + w * 0.5, height * 0.84),
                (cx + w * 0.08, height * 0.84),
            ],
            fill=fill,
        )
    elif category == "Shoes":
        for dx in (-w * 0.3, w * 0.3):
            draw.rounded_rectangle(
                _box(cx + dx - w * 0.22, height * 0.5, cx + dx + w * 0.22, height * 0.82),
                radius=40,
                fill=fill,
            )
            draw.ellipse(
                _box(cx + dx - w * 0.12, height * 0.56, cx + dx + w * 0.12, height * 0.66),
                fill=trim,
            )
    elif category == "Bags":
        draw.arc(
            _box(cx - w * 0.3, height * 0.2, cx + w * 0.3, height * 0.55),
            180,
            360,
            fill=trim,
            width=14,
        )
        draw.rounded_rectangle(
            _box(cx - w * 0.6, height * 0.38, cx + w * 0.6, height * 0.84), radius=28, fill=fill
        )
    else:
        draw.ellipse(
            _box(cx - w * 0.5, height * 0.3, cx + w * 0.5, height * 0.8), outline=fill, width=26
        )
        draw.ellipse(_box(cx - w * 0.12, height * 0.26, cx + w * 0.12, height * 0.36), fill=trim)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
