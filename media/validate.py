"""Upload validation: tell what an uploaded file is from its bytes; refuse what we won't process.

Inputs are the raw uploaded bytes and a `Limits` (byte and pixel ceilings); file names and
client-declared content types are never consulted. Outputs are an `ImageInfo` (format, MIME type,
stored dimensions, mode) or a `MediaRejected` with a stable code and a message for the shopper.

Public API:
- `sniff_format(data)` -> the image format named by the magic bytes, accepted or not, else None.
- `inspect_image(data, limits)` -> ImageInfo; header-level checks only, nothing is decoded.
- `validate_image(data, limits)` -> ImageInfo; the header checks plus a full decode (at the
  cheapest JPEG scale), so truncated and damaged files are caught too.
- `open_image(data, limits)` / `load_image(image, info)`: the two halves `validate_image` is made
  of, for the pipeline, which wants to choose the JPEG decode scale in between.

Policy:
- Accepted: JPEG (including multi-picture MPO files from phone cameras: the primary picture is
  used), PNG, WebP, and HEIC/HEIF only when the optional `pillow-heif` package is importable.
- The pixel count is checked from the header before any pixel is decoded (decompression bombs).
- Animated PNG/WebP are refused (ANIMATED) rather than silently cut to their first frame: an
  outfit post is a still photo, and a shopper who sees only one frame would think it a bug.
- A truncated file is refused (TRUNCATED) even when a decoder could paint the missing part grey;
  this relies on Pillow's `ImageFile.LOAD_TRUNCATED_IMAGES` staying False (its default), which
  `load_image` checks.
"""

from __future__ import annotations

import functools
import io
import struct
from dataclasses import dataclass

from PIL import Image, ImageFile, UnidentifiedImageError

from media.errors import MediaErrorCode, MediaRejected

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MIB
DEFAULT_MAX_PIXELS = 40_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: str  # "JPEG", "PNG", "WEBP" or "HEIF"
    mime: str
    width: int  # as stored, before EXIF orientation
    height: int
    mode: str  # Pillow mode of the stored pixels, e.g. "RGB", "CMYK", "I;16", "P"
    byte_size: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


MIME_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}

# How each format is named to a shopper.
_DISPLAY_NAMES = {
    "JPEG": "JPEG",
    "PNG": "PNG",
    "WEBP": "WebP",
    "HEIF": "HEIC",
    "AVIF": "AVIF",
    "GIF": "GIF",
    "BMP": "BMP",
    "TIFF": "TIFF",
    "ICO": "icon",
    "PSD": "Photoshop",
    "JXL": "JPEG XL",
    "SVG": "SVG",
}

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_AVIF_BRANDS = {b"avif", b"avis"}

# What Pillow raises for bytes it cannot parse. Anything raised while parsing untrusted bytes
# means the file is damaged, not that our code is wrong.
_DECODE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
)


def sniff_format(data: bytes) -> str | None:
    """Name the image format the magic bytes announce (accepted or not); None if none does."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[4:8] == b"ftyp":
        return _iso_media_format(data)
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head[:2] == b"BM" and len(head) >= 18:
        dib_header_size = struct.unpack_from("<I", head, 14)[0]
        if dib_header_size in (12, 40, 52, 56, 64, 108, 124):
            return "BMP"
    if head[:4] == b"\x00\x00\x01\x00":
        return "ICO"
    if head[:4] == b"8BPS":
        return "PSD"
    if head[:2] == b"\xff\x0a" or head[:12] == b"\x00\x00\x00\x0cJXL \r\n\x87\n":
        return "JXL"
    if b"<svg" in data[:1024].lower():
        return "SVG"
    return None


def _iso_media_format(data: bytes) -> str | None:
    box_size = struct.unpack_from(">I", data, 0)[0]
    brand = data[8:12]
    # Compatible brands follow the major brand and the minor version.
    compatible = data[16 : min(max(box_size, 16), 256)]
    brands = {brand} | {compatible[i : i + 4] for i in range(0, len(compatible) - 3, 4)}
    if brands & _AVIF_BRANDS:
        return "AVIF"
    if brands & _HEIF_BRANDS or brand in (b"mif1", b"msf1"):
        return "HEIF"
    return None


@functools.cache
def heif_supported() -> bool:
    """True when pillow-heif is installed; registering its opener is then a one-off."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def accepted_formats() -> frozenset[str]:
    base = {"JPEG", "PNG", "WEBP"}
    if heif_supported():
        base.add("HEIF")
    return frozenset(base)


def _accepted_list() -> str:
    names = ["JPEG", "PNG", "WebP"] + (["HEIC"] if heif_supported() else [])
    return ", ".join(names[:-1]) + " or " + names[-1]


def _reject(code: MediaErrorCode, message: str) -> MediaRejected:
    return MediaRejected(code, message)


def _truncated() -> MediaRejected:
    return _reject(
        MediaErrorCode.TRUNCATED,
        "This photo didn't upload completely. Please try again.",
    )


def _corrupt() -> MediaRejected:
    return _reject(MediaErrorCode.CORRUPT, "This photo is damaged and can't be opened.")


def _too_many_pixels(limits: Limits, size: tuple[int, int] | None) -> MediaRejected:
    limit_mp = limits.max_pixels / 1_000_000
    what = f"This photo is {size[0]:,} x {size[1]:,} pixels" if size else "This photo is too big"
    return _reject(
        MediaErrorCode.TOO_MANY_PIXELS,
        f"{what}; photos can have at most {limit_mp:g} megapixels.",
    )


def _looks_cut_short(data: bytes, fmt: str) -> bool:
    """Whether the format's end marker is missing, i.e. the upload stopped early."""
    if fmt == "JPEG":
        return data.rstrip(b"\x00")[-2:] != b"\xff\xd9"
    if fmt == "PNG":
        return data.rfind(b"IEND") == -1
    if fmt == "WEBP":
        riff_size = struct.unpack_from("<I", data, 4)[0] if len(data) >= 8 else 0
        return len(data) < riff_size + 8
    return False


def _decode_failure(data: bytes, fmt: str, error: BaseException) -> MediaRejected:
    if "truncated" in str(error).lower() or _looks_cut_short(data, fmt):
        return _truncated()
    return _corrupt()


def _check_bytes(data: bytes, limits: Limits) -> str:
    if not data:
        raise _reject(MediaErrorCode.EMPTY, "The file is empty.")
    if len(data) > limits.max_bytes:
        size_mb = len(data) / MIB
        limit_mb = limits.max_bytes / MIB
        raise _reject(
            MediaErrorCode.TOO_LARGE,
            f"This file is {size_mb:.1f} MB; photos can be at most {limit_mb:g} MB.",
        )
    fmt = sniff_format(data)
    if fmt is None:
        raise _reject(
            MediaErrorCode.NOT_AN_IMAGE,
            f"This file isn't a photo. Please choose a {_accepted_list()} image.",
        )
    if fmt not in accepted_formats():
        name = _DISPLAY_NAMES.get(fmt, fmt)
        raise _reject(
            MediaErrorCode.UNSUPPORTED_FORMAT,
            f"{name} images aren't supported. Please choose a {_accepted_list()} image.",
        )
    return fmt


def open_image(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[Image.Image, ImageInfo]:
    """Identify and header-check an upload; the returned image is opened but not yet decoded.

    Raises MediaRejected for anything refused. The caller owns the image (close it when done).
    """
    fmt = _check_bytes(data, limits)
    if fmt == "WEBP" and _looks_cut_short(data, fmt):
        # libwebp refuses to open a short file at all; say why instead of "damaged".
        raise _truncated()
    if fmt == "PNG":
        _verify_png(data, limits)

    try:
        image = Image.open(io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError:
        raise _too_many_pixels(limits, None) from None
    except UnidentifiedImageError:
        raise _decode_failure(data, fmt, ValueError()) from None
    except _DECODE_ERRORS as error:
        raise _decode_failure(data, fmt, error) from None

    try:
        info = _header_info(image, fmt, len(data), limits)
    except BaseException:
        image.close()
        raise
    return image, info


def _verify_png(data: bytes, limits: Limits) -> None:
    # verify() walks every chunk and checks its CRC without inflating the pixels, which catches
    # a missing tail that load() alone would let through.
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as probe:
            if probe.width * probe.height > limits.max_pixels:
                raise _too_many_pixels(limits, probe.size)
            probe.verify()
    except Image.DecompressionBombError:
        raise _too_many_pixels(limits, None) from None
    except UnidentifiedImageError:
        raise _decode_failure(data, "PNG", ValueError()) from None
    except _DECODE_ERRORS as error:
        raise _decode_failure(data, "PNG", error) from None


def _header_info(image: Image.Image, fmt: str, byte_size: int, limits: Limits) -> ImageInfo:
    # MPO is Pillow's name for a JPEG carrying extra pictures (depth maps, previews).
    pillow_format = "JPEG" if image.format == "MPO" else image.format
    if pillow_format != fmt:
        raise _corrupt()
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _corrupt()
    if width * height > limits.max_pixels:
        raise _too_many_pixels(limits, (width, height))
    # JPEG (MPO) and HEIF files may hold extra pictures (previews, depth maps): the first one
    # is the photo. Only PNG and WebP use frames for animation.
    if fmt in ("PNG", "WEBP") and getattr(image, "n_frames", 1) > 1:
        raise _reject(
            MediaErrorCode.ANIMATED,
            "Animated images aren't supported. Please choose a still photo.",
        )
    return ImageInfo(
        format=fmt,
        mime=MIME_TYPES[fmt],
        width=width,
        height=height,
        mode=image.mode,
        byte_size=byte_size,
    )


def load_image(image: Image.Image, data: bytes, info: ImageInfo) -> None:
    """Decode the pixels of an image from `open_image`, mapping failures to MediaRejected."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES is on; truncated uploads would be accepted"
        )
    try:
        image.load()
    except _DECODE_ERRORS as error:
        raise _decode_failure(data, info.format, error) from None


def inspect_image(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ImageInfo:
    """Header-level checks only (cheap enough for the upload request); nothing is decoded."""
    image, info = open_image(data, limits)
    image.close()
    return info


def validate_image(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ImageInfo:
    """Header checks plus a full decode, so truncated or damaged files are refused too.

    JPEGs are decoded at 1/8 scale: the decoder still reads every byte of the entropy-coded
    data, so truncation is caught, at a fraction of the cost of a full-size decode.
    """
    image, info = open_image(data, limits)
    with image:
        if info.format == "JPEG":
            image.draft("RGB", (max(1, info.width // 8), max(1, info.height // 8)))
        load_image(image, data, info)
    return info
