"""Dominant colour palette of an image.

Input: a Pillow image (any mode; it is read as RGB). Output: up to `count` `PaletteColour`s
(hex "#rrggbb" + share of the pixels), largest share first, shares summing to 1. Fewer colours
come back when the image has fewer distinct ones.

Method: shrink to about `sample_edge` pixels on the long edge with an area (box) filter, which
averages texture and noise away, then median-cut quantise without dithering. Median cut is
deterministic, so the same image always gives the same palette; ties in share are broken by the
hex string.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

DEFAULT_COUNT = 5
DEFAULT_SAMPLE_EDGE = 100


@dataclass(frozen=True, slots=True)
class PaletteColour:
    hex: str  # "#rrggbb", sRGB
    share: float  # fraction of the image's pixels, 0..1

    def as_dict(self) -> dict[str, str | float]:
        return {"hex": self.hex, "share": self.share}


def dominant_colours(
    image: Image.Image,
    count: int = DEFAULT_COUNT,
    *,
    sample_edge: int = DEFAULT_SAMPLE_EDGE,
) -> tuple[PaletteColour, ...]:
    if count < 1:
        raise ValueError("count must be at least 1")
    sample = image if image.mode == "RGB" else image.convert("RGB")
    long_edge = max(sample.size)
    if long_edge > sample_edge:
        scale = sample_edge / long_edge
        size = (max(1, round(sample.width * scale)), max(1, round(sample.height * scale)))
        sample = sample.resize(size, Image.Resampling.BOX)

    quantised = sample.quantize(
        colors=count, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    palette = quantised.getpalette() or []
    used = quantised.getcolors(maxcolors=256) or []

    # Different palette slots can carry the same colour; merge them so hex values are unique.
    counts: dict[str, int] = {}
    for pixels, index in used:
        assert isinstance(index, int)
        r, g, b = palette[index * 3 : index * 3 + 3]
        hex_value = f"#{r:02x}{g:02x}{b:02x}"
        counts[hex_value] = counts.get(hex_value, 0) + pixels

    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(PaletteColour(hex=h, share=n / total) for h, n in ranked)
