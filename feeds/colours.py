"""Colour science for palette-to-named-colour mapping, vectorised with numpy.

Inputs: sRGB hex strings ("#rrggbb") or arrays of CIELAB values. Outputs: CIELAB arrays (D65
white, 2° observer) and perceptual distances.

Public API:
    parse_hex(value) -> tuple[int, int, int]                 strict "#rrggbb" parser
    hex_to_lab(value) -> np.ndarray shape (3,)
    srgb_to_lab(rgb: array (..., 3) of 0..255) -> array (..., 3)
    delta_e_76(lab1, lab2) -> array      Euclidean distance in CIELAB (CIE76)
    delta_e_2000(lab1, lab2) -> array    CIEDE2000 (Sharma, Wu & Dalal 2005), broadcasting
    nearest(labs, references, metric) -> (index array, distance array)

CIEDE2000 is the default metric for naming colours: plain Lab distance overstates differences
between saturated colours and understates them between near-neutrals and blues, which is exactly
where fashion colour names (navy vs cobalt, ivory vs cream) sit.
"""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Metric = Literal["ciede2000", "cie76"]

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
# sRGB (linear) -> XYZ, D65 reference white, IEC 61966-2-1.
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE_D65 = np.array([0.95047, 1.0, 1.08883])
_EPSILON = (6.0 / 29.0) ** 3
_KAPPA = 1.0 / (3.0 * (6.0 / 29.0) ** 2)
_POW25_7 = 25.0**7


def parse_hex(value: str) -> tuple[int, int, int]:
    match = _HEX.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"not an sRGB hex colour: {value!r} (expected '#rrggbb')")
    digits = match.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def srgb_to_lab(rgb: npt.ArrayLike) -> FloatArray:
    """sRGB channel values 0..255, shape (..., 3), to CIELAB, same leading shape."""
    channels = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    xyz = linear @ _RGB_TO_XYZ.T / _WHITE_D65
    f = np.where(xyz > _EPSILON, np.cbrt(xyz), xyz * _KAPPA + 4.0 / 29.0)
    lab = np.empty_like(f)
    lab[..., 0] = 116.0 * f[..., 1] - 16.0
    lab[..., 1] = 500.0 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200.0 * (f[..., 1] - f[..., 2])
    return lab


def hex_to_lab(value: str) -> FloatArray:
    return srgb_to_lab(np.array(parse_hex(value), dtype=np.float64))


def delta_e_76(lab1: npt.ArrayLike, lab2: npt.ArrayLike) -> FloatArray:
    diff = np.asarray(lab1, dtype=np.float64) - np.asarray(lab2, dtype=np.float64)
    return np.asarray(np.sqrt(np.sum(diff * diff, axis=-1)), dtype=np.float64)


def delta_e_2000(lab1: npt.ArrayLike, lab2: npt.ArrayLike) -> FloatArray:
    """CIEDE2000 colour difference with kL = kC = kH = 1; inputs broadcast like numpy."""
    first = np.asarray(lab1, dtype=np.float64)
    second = np.asarray(lab2, dtype=np.float64)
    l1, a1, b1 = first[..., 0], first[..., 1], first[..., 2]
    l2, a2, b2 = second[..., 0], second[..., 1], second[..., 2]

    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2.0
    c_bar7 = c_bar**7
    g = 0.5 * (1.0 - np.sqrt(c_bar7 / (c_bar7 + _POW25_7)))
    a1p = (1.0 + g) * a1
    a2p = (1.0 + g) * a2
    c1p = np.hypot(a1p, b1)
    c2p = np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360.0

    chroma_product = c1p * c2p
    neutral = chroma_product == 0.0
    dhp = h2p - h1p
    dhp = np.where(dhp > 180.0, dhp - 360.0, np.where(dhp < -180.0, dhp + 360.0, dhp))
    dhp = np.where(neutral, 0.0, dhp)

    d_l = l2 - l1
    d_c = c2p - c1p
    d_h = 2.0 * np.sqrt(chroma_product) * np.sin(np.radians(dhp) / 2.0)

    l_bar = (l1 + l2) / 2.0
    cp_bar = (c1p + c2p) / 2.0
    h_sum = h1p + h2p
    h_bar = np.where(
        np.abs(h1p - h2p) <= 180.0,
        h_sum / 2.0,
        np.where(h_sum < 360.0, (h_sum + 360.0) / 2.0, (h_sum - 360.0) / 2.0),
    )
    h_bar = np.where(neutral, h_sum, h_bar)

    t = (
        1.0
        - 0.17 * np.cos(np.radians(h_bar - 30.0))
        + 0.24 * np.cos(np.radians(2.0 * h_bar))
        + 0.32 * np.cos(np.radians(3.0 * h_bar + 6.0))
        - 0.20 * np.cos(np.radians(4.0 * h_bar - 63.0))
    )
    d_theta = 30.0 * np.exp(-(((h_bar - 275.0) / 25.0) ** 2))
    cp_bar7 = cp_bar**7
    r_c = 2.0 * np.sqrt(cp_bar7 / (cp_bar7 + _POW25_7))
    l_offset = (l_bar - 50.0) ** 2
    s_l = 1.0 + 0.015 * l_offset / np.sqrt(20.0 + l_offset)
    s_c = 1.0 + 0.045 * cp_bar
    s_h = 1.0 + 0.015 * cp_bar * t
    r_t = -np.sin(np.radians(2.0 * d_theta)) * r_c

    term_l = d_l / s_l
    term_c = d_c / s_c
    term_h = d_h / s_h
    squared = term_l**2 + term_c**2 + term_h**2 + r_t * term_c * term_h
    return np.asarray(np.sqrt(np.maximum(squared, 0.0)), dtype=np.float64)


def nearest(
    labs: npt.ArrayLike, references: npt.ArrayLike, metric: Metric = "ciede2000"
) -> tuple[npt.NDArray[np.intp], FloatArray]:
    """For each Lab row in `labs` (n, 3): index of the nearest row of `references` (m, 3) and
    its distance."""
    points = np.asarray(labs, dtype=np.float64).reshape(-1, 3)
    refs = np.asarray(references, dtype=np.float64).reshape(-1, 3)
    if refs.shape[0] == 0:
        raise ValueError("no reference colours")
    if points.shape[0] == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.float64)
    distance = delta_e_2000 if metric == "ciede2000" else delta_e_76
    matrix = distance(points[:, None, :], refs[None, :, :])
    index = np.argmin(matrix, axis=1)
    return index, matrix[np.arange(points.shape[0]), index]
