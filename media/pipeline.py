"""The image pipeline: one uploaded photo in, web-ready variants and descriptors out.

Input: the uploaded bytes (plus optional limits and variant specs). Output: a `ProcessedImage`
with the oriented size of the photo, WebP variants (`Variant`: bytes, width, height, mime),
a blurhash placeholder, a palette of up to 5 colours with their shares, and a 64-bit perceptual
hash. Refused uploads raise `MediaRejected` (see media.validate). No I/O happens here; storing the
variants is the caller's job (media.storage).

Public API:
- `process_image(data, *, limits, variants, quality, draft_tolerance)` -> ProcessedImage
- `naive_process_image(data, *, limits, variants, quality)` -> ProcessedImage: the plain
  reference (full decode, every variant resampled from the full image), kept for the benchmark
  and for tests that compare the fast path's output with it.
- `VARIANT_SPECS`, `WEBP_QUALITY`, `DRAFT_TOLERANCE`: the defaults.

What every output satisfies:
- EXIF orientation is applied; no metadata survives: no EXIF (GPS), XMP or ICC profile. Colours
  are converted to sRGB first when the upload embeds a profile (CMYK, wide gamut), with a plain
  conversion as fallback for an unusable profile.
- Pixels are 8-bit sRGB RGB: 16-bit images are scaled (not clipped) to 8 bits, transparency is
  composited onto white.
- Variants are bounded by their long edge and never upscaled. When a variant would come out the
  same size as the previous (larger) one — say a 600 px upload, whose feed and full variants are
  both 600 px — it reuses that variant's encoded bytes instead of encoding them again, so the
  dict always holds every variant name and identical variants share one content hash.

How it is fast (12 MP JPEG; figures in bench/media_pipeline.py):
- JPEGs are decoded at a reduced scale (libjpeg DCT scaling via `Image.draft`) whenever the
  scaled picture still covers the largest variant. `draft_tolerance` (default 0.95) lets that
  picture be up to 5% short of the full variant's nominal long edge: a 4000 px photo decodes at
  1/2 scale straight to a 2000 px full variant instead of being decoded at full size and
  resampled to 2048, which is most of the speed-up. Pass `draft_tolerance=1.0` for variants of
  exactly the nominal size.
- Colour handling, orientation and metadata stripping happen on the reduced picture; each smaller
  variant is resampled (Lanczos) from the previous one, not from the original.
- WebP effort is set per variant (libwebp `method`): 0 for the full variant (the costliest to
  encode and the least often served), 2 for the feed variant, 4 for thumbnails, at quality 80.
  Method 0 files are about 15% larger than method 4 at the same quality.
- Blurhash, palette and perceptual hash are computed on the thumbnail.
- An embedded sRGB profile (most Android photos) needs no transform and gets none.
Measured on one core (bench/media_pipeline.py): the 12 MP JPEG takes ~0.16 s CPU against ~0.55 s
for the naive reference (3.4x); with `draft_tolerance=1.0` ~0.36 s (1.5x).

Peak memory per image (resident growth, same benchmark): 12 MP JPEG ~40 MiB (naive ~130 MiB),
JPEG at the 40 MP ceiling ~70 MiB — draft mode keeps the decoded picture near the full variant's
size. PNG and WebP cannot be decoded at reduced scale: a 12 MP RGBA PNG costs ~130 MiB, about
11 bytes per pixel, so the 40 MP ceiling bounds them at roughly 430 MiB.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import blurhash
import numpy as np
from PIL import Image, ImageCms, ImageOps

from media.palette import PaletteColour, dominant_colours
from media.phash import perceptual_hash
from media.storage import content_hash
from media.validate import DEFAULT_LIMITS, ImageInfo, Limits, load_image, open_image

WEBP_MIME = "image/webp"
WEBP_QUALITY = 80
DRAFT_TOLERANCE = 0.95
BLURHASH_EDGE = 32
ORIENTATION_TAG = 0x0112


@dataclass(frozen=True, slots=True)
class VariantSpec:
    name: str
    long_edge: int
    webp_method: int  # libwebp effort 0 (fastest) .. 6 (smallest files)


VARIANT_SPECS: tuple[VariantSpec, ...] = (
    VariantSpec("full", 2048, 0),
    VariantSpec("feed", 1080, 2),
    VariantSpec("thumb", 320, 4),
)


class Variant(NamedTuple):
    data: bytes
    width: int
    height: int
    mime: str

    @property
    def digest(self) -> str:
        """Content hash of the encoded bytes (the storage key part and the ETag)."""
        return content_hash(self.data)


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    width: int  # of the upload, after EXIF orientation
    height: int
    source_format: str  # "JPEG", "PNG", "WEBP" or "HEIF"
    source_mime: str
    variants: dict[str, Variant]
    blurhash: str
    palette: tuple[PaletteColour, ...]
    phash: str  # 16 hex chars, see media.phash

    def metadata(self) -> dict[str, object]:
        """Everything but the encoded bytes, as JSON-ready plain data."""
        return {
            "width": self.width,
            "height": self.height,
            "source_format": self.source_format,
            "source_mime": self.source_mime,
            "blurhash": self.blurhash,
            "palette": [colour.as_dict() for colour in self.palette],
            "phash": self.phash,
            "variants": {
                name: {
                    "width": v.width,
                    "height": v.height,
                    "mime": v.mime,
                    "bytes": len(v.data),
                    "digest": v.digest,
                }
                for name, v in self.variants.items()
            },
        }


# EXIF orientation -> the transpose that shows the picture upright (EXIF 2.32, tag 0x0112).
_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def process_image(
    data: bytes,
    *,
    limits: Limits = DEFAULT_LIMITS,
    variants: Sequence[VariantSpec] = VARIANT_SPECS,
    quality: int = WEBP_QUALITY,
    draft_tolerance: float = DRAFT_TOLERANCE,
) -> ProcessedImage:
    specs = _ordered(variants)
    if not 0 < draft_tolerance <= 1:
        raise ValueError("draft_tolerance must be in (0, 1]")
    # The image reads from an in-memory buffer, so there is no file handle to close; closing it
    # would also free pixels the largest variant may still share when no resample is needed.
    image, info = open_image(data, limits)
    if info.format == "JPEG":
        _draft(image, info, specs[0].long_edge, draft_tolerance)
    load_image(image, data, info)
    orientation = _orientation(image)
    icc_profile = image.info.get("icc_profile")
    # CMYK goes through its profile at once (the profile describes CMYK values); any other
    # profile, and transparency, wait until after the first resample, which premultiplies
    # alpha correctly and leaves fewer pixels to convert.
    if image.mode == "CMYK":
        working = _cmyk_to_rgb(image, icc_profile)
        icc_profile = None
    else:
        working = _to_8bit(image)
    largest = _fit(working, specs[0].long_edge, reducing_gap=3.0)
    largest = _orient(_to_srgb_rgb(largest, icc_profile), orientation)
    size = (info.height, info.width) if orientation >= 5 else (info.width, info.height)
    return _finish(largest, size, info, specs, quality, derive_from_previous=True)


def naive_process_image(
    data: bytes,
    *,
    limits: Limits = DEFAULT_LIMITS,
    variants: Sequence[VariantSpec] = VARIANT_SPECS,
    quality: int = WEBP_QUALITY,
) -> ProcessedImage:
    """The straightforward pipeline: full-size decode, orientation and colour conversion at
    full size, every variant resampled from the full picture. Same encoder settings and same
    outputs as `process_image`, so the two can be compared like for like."""
    specs = _ordered(variants)
    image, info = open_image(data, limits)
    load_image(image, data, info)
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    if upright.mode == "CMYK":
        full = _to_srgb_rgb(_cmyk_to_rgb(upright, icc_profile), None)
    else:
        full = _to_srgb_rgb(_to_8bit(upright), icc_profile)
    return _finish(full, full.size, info, specs, quality, derive_from_previous=False)


def _ordered(variants: Sequence[VariantSpec]) -> list[VariantSpec]:
    specs = sorted(variants, key=lambda spec: -spec.long_edge)
    if not specs:
        raise ValueError("at least one variant is required")
    if len({spec.name for spec in specs}) != len(specs):
        raise ValueError("variant names must be unique")
    if any(spec.long_edge < 1 for spec in specs):
        raise ValueError("variant long edges must be positive")
    return specs


def _draft(image: Image.Image, info: ImageInfo, largest: int, tolerance: float) -> None:
    """Ask libjpeg for the smallest power-of-two reduction that still covers the largest variant
    (within the tolerance)."""
    long_edge = max(info.width, info.height)
    short_edge = min(info.width, info.height)
    for scale in (8, 4, 2):
        if long_edge // scale >= tolerance * largest and short_edge >= scale:
            # Pillow picks the reduction from integer ratios of these sizes.
            image.draft("RGB", (info.width // scale, info.height // scale))
            return


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
    except Exception:
        # A malformed EXIF block is not worth refusing a photo over; show it as stored.
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _orient(image: Image.Image, orientation: int) -> Image.Image:
    method = _ORIENTATION_TRANSPOSE.get(orientation)
    return image.transpose(method) if method is not None else image


def _fit_size(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    width, height = size
    current = max(width, height)
    if current <= long_edge:
        return size
    scale = long_edge / current
    return max(1, round(width * scale)), max(1, round(height * scale))


def _fit(image: Image.Image, long_edge: int, reducing_gap: float | None = None) -> Image.Image:
    size = _fit_size(image.size, long_edge)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=reducing_gap)


def _to_8bit(image: Image.Image) -> Image.Image:
    """Bring any decoded mode but CMYK to L, LA, RGB or RGBA with 8 bits per channel."""
    mode = image.mode
    if "transparency" in image.info and mode in ("1", "L", "P", "RGB"):
        return image.convert("RGBA")
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        return _sixteen_to_eight(image)
    if mode in ("PA", "La", "RGBa"):
        return image.convert("RGBA")
    if mode == "1":
        return image.convert("L")
    return image.convert("RGB")


def _cmyk_to_rgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    converted = _icc_to_srgb(image, icc_profile)
    return converted if converted is not None else image.convert("RGB")


def _sixteen_to_eight(image: Image.Image) -> Image.Image:
    # Pillow's own I;16 -> L conversion clips at 255 instead of scaling the 0..65535 range.
    values = np.asarray(image).astype(np.int64)
    scaled = (np.clip(values, 0, 65535) * 255 + 32767) // 65535
    return Image.fromarray(scaled.astype(np.uint8))


def _to_srgb_rgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Flatten transparency onto white and convert to sRGB RGB without any metadata attached."""
    if image.mode in ("LA", "RGBA"):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        background.alpha_composite(image.convert("RGBA"))
        image = background.convert("RGB")
    if icc_profile and image.mode in ("L", "RGB"):
        converted = _icc_to_srgb(image, icc_profile)
        if converted is not None:
            image = converted
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.info.clear()
    return image


@functools.lru_cache(maxsize=32)
def _srgb_transform(icc_profile: bytes, in_mode: str) -> ImageCms.ImageCmsTransform | None:
    """A transform from the profile to sRGB; None when unusable, or when it is sRGB already
    (most Android photos), where a plain conversion gives the same pixels for free."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if in_mode == "RGB" and ImageCms.getProfileDescription(source).strip().startswith("sRGB"):
            return None
        target = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        return ImageCms.buildTransform(
            source, target, in_mode, "RGB", renderingIntent=ImageCms.Intent.PERCEPTUAL
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def _icc_to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image | None:
    """Convert through the embedded profile; None when there is none or it is unusable."""
    if not icc_profile:
        return None
    transform = _srgb_transform(icc_profile, image.mode)
    if transform is None:
        return None
    try:
        converted = ImageCms.applyTransform(image, transform)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None
    return converted


def _encode_webp(image: Image.Image, quality: int, method: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality, method=method)
    return buffer.getvalue()


def _finish(
    largest: Image.Image,
    size: tuple[int, int],
    info: ImageInfo,
    specs: list[VariantSpec],
    quality: int,
    *,
    derive_from_previous: bool,
) -> ProcessedImage:
    variants: dict[str, Variant] = {}
    previous: Image.Image | None = None
    previous_variant: Variant | None = None
    for spec in specs:
        base = previous if derive_from_previous and previous is not None else largest
        picture = _fit(base, spec.long_edge)
        if previous_variant is not None and picture.size == (
            previous_variant.width,
            previous_variant.height,
        ):
            variants[spec.name] = previous_variant
            continue
        variant = Variant(
            data=_encode_webp(picture, quality, spec.webp_method),
            width=picture.width,
            height=picture.height,
            mime=WEBP_MIME,
        )
        variants[spec.name] = variant
        previous, previous_variant = picture, variant

    smallest = previous if previous is not None else largest
    return ProcessedImage(
        width=size[0],
        height=size[1],
        source_format=info.format,
        source_mime=info.mime,
        variants=variants,
        blurhash=_blurhash(smallest),
        palette=dominant_colours(smallest),
        phash=perceptual_hash(smallest),
    )


def _blurhash(image: Image.Image) -> str:
    small = _fit(image, BLURHASH_EDGE)
    if small is image:
        small = image.copy()  # blurhash.encode closes the image it is given
    landscape = small.width >= small.height
    x_components, y_components = (4, 3) if landscape else (3, 4)
    return str(blurhash.encode(small, x_components, y_components))
