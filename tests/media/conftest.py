from __future__ import annotations

import pytest
from media_samples import XMP_PACKET, exif_with_gps, jpeg, photo_like, srgb_icc
from PIL import Image, ImageDraw


@pytest.fixture(scope="session")
def photo_12mp() -> Image.Image:
    """A 4000 x 3000 photo-like picture with a pure red marker in its stored top-left corner."""
    image = photo_like(4000, 3000, seed=1)
    ImageDraw.Draw(image).rectangle([0, 0, 399, 399], fill=(255, 0, 0))
    return image


@pytest.fixture(scope="session")
def jpeg_12mp_rotated(photo_12mp: Image.Image) -> bytes:
    """The 12 MP photo as a phone would send it: sideways pixels plus orientation 6, GPS, XMP
    and an ICC profile."""
    return jpeg(
        photo_12mp,
        90,
        exif=exif_with_gps(orientation=6).tobytes(),
        xmp=XMP_PACKET,
        icc_profile=srgb_icc(),
    )


@pytest.fixture(scope="session")
def small_photo() -> Image.Image:
    return photo_like(800, 600, seed=2)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # blurhash-python 1.2 reads pixels with Image.getdata, deprecated in recent Pillow; the
    # warning is theirs, known, and would bury ours.
    marker = pytest.mark.filterwarnings(
        "ignore:Image.Image.getdata is deprecated:DeprecationWarning"
    )
    here = __file__.rsplit("/", 1)[0]
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(marker)
