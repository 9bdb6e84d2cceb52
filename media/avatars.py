"""Profile pictures: one upload in, square WebP variants and a blurhash out.

The upload goes through the same checks and clean-up as an outfit photo (`process_image`:
format and size limits, decompression bombs, EXIF orientation, sRGB, no metadata kept), into
one intermediate picture large enough for the biggest avatar; the centre square of that is
then cut and scaled to each avatar size. Nothing is upscaled: a small upload gives avatars as
large as its shorter side. No I/O happens here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import blurhash
from PIL import Image

from media.errors import InvalidMediaKey
from media.pipeline import WEBP_MIME, Variant, VariantSpec, process_image
from media.storage import validate_key
from media.validate import Limits

# (name, side in px), largest first: the profile header and the small one beside a name.
AVATAR_SIZES: tuple[tuple[str, int], ...] = (("large", 256), ("small", 96))
# The intermediate keeps enough pixels to crop the largest size from any aspect up to 4:1,
# encoded nearly losslessly so the final WebP is not a copy of a copy.
_SOURCE = VariantSpec("source", 1024, 0)
_SOURCE_QUALITY = 95
_WEBP_QUALITY = 80
_BLURHASH_EDGE = 32


@dataclass(frozen=True, slots=True)
class AvatarImage:
    side: int  # of the largest square
    variants: dict[str, Variant]
    blurhash: str


def centre_square(image: Image.Image) -> Image.Image:
    side = min(image.size)
    left = (image.width - side) // 2
    top = (image.height - side) // 2
    return image.crop((left, top, left + side, top + side))


def _encode(image: Image.Image) -> Variant:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=_WEBP_QUALITY, method=4)
    return Variant(buffer.getvalue(), image.width, image.height, WEBP_MIME)


def square_avatar(data: bytes, limits: Limits) -> AvatarImage:
    """The avatar variants of an upload; raises `MediaRejected` for a refused one."""
    processed = process_image(data, limits=limits, variants=(_SOURCE,), quality=_SOURCE_QUALITY)
    with Image.open(io.BytesIO(processed.variants[_SOURCE.name].data)) as source:
        square = centre_square(source.convert("RGB"))
    variants: dict[str, Variant] = {}
    picture = square
    for name, side in AVATAR_SIZES:
        if picture.width > side:
            # Each size is made from the one before it, as the post pipeline does.
            picture = picture.resize((side, side), Image.Resampling.LANCZOS)
        variants[name] = _encode(picture)
    small = picture.resize((_BLURHASH_EDGE, _BLURHASH_EDGE), Image.Resampling.BILINEAR)
    return AvatarImage(
        side=variants[AVATAR_SIZES[0][0]].width,
        variants=variants,
        blurhash=str(blurhash.encode(small, 4, 4)),
    )


def avatar_key(user_id: str, variant: str, digest: str) -> str:
    """avatars/<user>/<variant>-<digest>.webp: public and immutable while the user names it."""
    names = {name for name, _ in AVATAR_SIZES}
    if variant not in names or len(digest) != 32 or not digest.isalnum():
        raise InvalidMediaKey(f"unsafe avatar key part {variant!r} / {digest!r}")
    if "/" in user_id:
        raise InvalidMediaKey(f"unsafe user id {user_id!r}")
    return validate_key(f"avatars/{user_id}/{variant}-{digest}.webp")
