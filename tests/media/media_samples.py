"""Real images built with Pillow (and a few crafted by hand) for the media tests and benchmark."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image, ImageCms, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_like(width: int, height: int, seed: int = 0) -> Image.Image:
    """Smooth gradients, sensor-like noise and a few solid shapes: compresses like a photo."""
    rng = np.random.default_rng(seed)
    # Build the gradients small and upscale them: cheap even at 12 MP.
    gw, gh = max(2, width // 16), max(2, height // 16)
    y, x = np.mgrid[0:gh, 0:gw].astype(np.float32)
    phase = rng.uniform(0, 6.28, 3)
    red = 120 + 80 * np.sin(x / gw * 3.1 + phase[0]) + 30 * np.cos(y / gh * 5)
    green = 100 + 60 * np.cos(x / gw * 2 + y / gh * 2 + phase[1])
    blue = 90 + 70 * (y / gh) + 20 * np.sin(phase[2] + x / gw * 4)
    small = np.clip(np.stack([red, green, blue], axis=-1), 0, 255).astype(np.uint8)
    base = Image.fromarray(small).resize((width, height), Image.Resampling.BILINEAR)
    pixels = np.asarray(base, dtype=np.int16)
    noise = rng.integers(-10, 11, size=(height, width, 1), dtype=np.int16)
    image = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for i in range(24):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(max(2, width // 40), max(3, width // 6)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        shape = draw.ellipse if i % 2 else draw.rectangle
        shape([x0, y0, x0 + size, y0 + size], fill=colour)
    return image


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "Model 1"  # Model
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (48.0, 51.0, 29.6)  # GPSLatitude
    gps[3] = "E"  # GPSLongitudeRef
    gps[4] = (2.0, 17.0, 40.2)  # GPSLongitude
    return exif


XMP_PACKET = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="someone"/>'
    b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def srgb_icc() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return bytes(profile.tobytes())


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(image: Image.Image, quality: int = 90, **options: object) -> bytes:
    return encode(image, "JPEG", quality=quality, **options)


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def png_with_header(width: int, height: int, *, bit_depth: int = 8, colour_type: int = 2) -> bytes:
    """A PNG whose IHDR claims the given size, followed by a token IDAT: no pixels allocated."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def png16(array: np.ndarray) -> bytes:
    """Encode a uint16 array (H x W grey, or H x W x 2/3/4 channels) as a 16-bit PNG by hand;
    Pillow cannot write 16-bit colour PNGs."""
    if array.ndim == 2:
        array = array[:, :, None]
    height, width, channels = array.shape
    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = array.astype(">u2").reshape(height, width * channels).tobytes()
    stride = width * channels * 2
    raw = b"".join(b"\x00" + rows[i * stride : (i + 1) * stride] for i in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(raw))
        + png_chunk(b"IEND", b"")
    )


def jpeg_claiming_size(data: bytes, width: int, height: int) -> bytes:
    """Rewrite the frame header (SOF0/SOF2) of a JPEG so it claims another size."""
    position = 2
    while position < len(data):
        marker = data[position + 1]
        length = struct.unpack_from(">H", data, position + 2)[0]
        if marker in (0xC0, 0xC2):
            patched = bytearray(data)
            struct.pack_into(">HH", patched, position + 5, height, width)
            return bytes(patched)
        position += 2 + length
    raise ValueError("no frame header found")


def riff_chunks(data: bytes) -> list[bytes]:
    """The chunk types of a WebP (RIFF) file, in order."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert struct.unpack_from("<I", data, 4)[0] + 8 == len(data)
    kinds = []
    position = 12
    while position < len(data):
        kind = data[position : position + 4]
        size = struct.unpack_from("<I", data, position + 4)[0]
        kinds.append(kind)
        position += 8 + size + (size & 1)
    return kinds


def quadrants(width: int, height: int) -> Image.Image:
    """Solid quadrants: red top-left, green top-right, blue bottom-left, yellow bottom-right."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    half_w, half_h = width // 2, height // 2
    draw.rectangle([0, 0, half_w - 1, half_h - 1], fill=(255, 0, 0))
    draw.rectangle([half_w, 0, width - 1, half_h - 1], fill=(0, 255, 0))
    draw.rectangle([0, half_h, half_w - 1, height - 1], fill=(0, 0, 255))
    draw.rectangle([half_w, half_h, width - 1, height - 1], fill=(255, 255, 0))
    return image


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- a hand-made wide-gamut ICC profile (Display P3 primaries, plain gamma) -------------------

D50 = np.array([0.9642, 1.0, 0.8249])
_BRADFORD = np.array(
    [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
)
P3_PRIMARIES = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
SRGB_PRIMARIES = ((0.640, 0.330), (0.300, 0.600), (0.150, 0.060))
D65_XY = (0.3127, 0.3290)
GAMMA_U8F8 = 563  # 563 / 256 = 2.19921875, the closest u8Fixed8 to 2.2


def _xyz(xy: tuple[float, float]) -> np.ndarray:
    x, y = xy
    return np.array([x / y, 1.0, (1 - x - y) / y])


def rgb_to_xyz_d50(primaries: tuple[tuple[float, float], ...]) -> np.ndarray:
    """RGB -> XYZ matrix for the primaries with a D65 white, Bradford-adapted to D50."""
    columns = np.stack([_xyz(p) for p in primaries], axis=1)
    scale = np.linalg.solve(columns, _xyz(D65_XY))
    to_xyz_d65 = columns * scale
    cone_src, cone_dst = _BRADFORD @ _xyz(D65_XY), _BRADFORD @ D50
    adapt = np.linalg.inv(_BRADFORD) @ np.diag(cone_dst / cone_src) @ _BRADFORD
    return np.asarray(adapt @ to_xyz_d65)


def _s15f16(values: np.ndarray) -> bytes:
    return b"".join(struct.pack(">i", round(float(v) * 65536)) for v in values)


def wide_gamut_icc() -> bytes:
    """A matrix/TRC ICC v2 display profile with Display P3 primaries and a 2.2 gamma."""
    matrix = rgb_to_xyz_d50(P3_PRIMARIES)
    text = b"Test wide gamut\x00"
    description = (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(text))
        + text
        + b"\x00" * 8  # no Unicode description
        + b"\x00\x00\x00"  # no ScriptCode description
        + b"\x00" * 67
    )
    curve = b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, GAMMA_U8F8) + b"\x00\x00"
    tags = [
        (b"desc", description),
        (b"wtpt", b"XYZ \x00\x00\x00\x00" + _s15f16(D50)),
        (b"rXYZ", b"XYZ \x00\x00\x00\x00" + _s15f16(matrix[:, 0])),
        (b"gXYZ", b"XYZ \x00\x00\x00\x00" + _s15f16(matrix[:, 1])),
        (b"bXYZ", b"XYZ \x00\x00\x00\x00" + _s15f16(matrix[:, 2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = struct.pack(">I", len(tags))
    body = b""
    for signature, payload in tags:
        padded = payload + b"\x00" * (-len(payload) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(payload))
        body += padded
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\x00" * 4
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\x00" * 24
        + struct.pack(">I", 0)  # perceptual intent
        + _s15f16(D50)
        + b"\x00" * 48
    )
    assert len(header) == 128
    return header + table + body


def p3_to_srgb(rgb: tuple[int, int, int]) -> tuple[int, ...]:
    """What a colour-managed viewer shows, computed from the matrices, not through LittleCMS."""
    linear = (np.array(rgb) / 255.0) ** (GAMMA_U8F8 / 256)
    xyz = rgb_to_xyz_d50(P3_PRIMARIES) @ linear
    srgb_linear = np.clip(np.linalg.solve(rgb_to_xyz_d50(SRGB_PRIMARIES), xyz), 0, 1)
    encoded = np.where(
        srgb_linear <= 0.0031308,
        12.92 * srgb_linear,
        1.055 * srgb_linear ** (1 / 2.4) - 0.055,
    )
    return tuple(round(float(v) * 255) for v in encoded)
