from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.colours import delta_e_76, delta_e_2000, hex_to_lab, nearest, parse_hex, srgb_to_lab
from feeds.taxonomy import Kind, default_taxonomy

# Reference pairs from Sharma, Wu and Dalal (2005), "The CIEDE2000 colour-difference formula:
# implementation notes, supplementary test data and mathematical observations".
SHARMA_PAIRS = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
]

lab_values = st.tuples(st.floats(0, 100), st.floats(-110, 110), st.floats(-110, 110)).map(
    lambda v: np.array(v)
)


@pytest.mark.parametrize(("first", "second", "expected"), SHARMA_PAIRS)
def test_ciede2000_matches_published_reference_data(
    first: tuple[float, float, float], second: tuple[float, float, float], expected: float
) -> None:
    assert delta_e_2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(second, first) == pytest.approx(expected, abs=1e-4)


def test_ciede2000_broadcasts_over_pairs() -> None:
    firsts = np.array([pair[0] for pair in SHARMA_PAIRS])
    seconds = np.array([pair[1] for pair in SHARMA_PAIRS])
    expected = np.array([pair[2] for pair in SHARMA_PAIRS])
    np.testing.assert_allclose(delta_e_2000(firsts, seconds), expected, atol=1e-4)


def test_srgb_to_lab_known_points() -> None:
    np.testing.assert_allclose(hex_to_lab("#ffffff"), [100.0, 0.0, 0.0], atol=1e-3)
    np.testing.assert_allclose(hex_to_lab("#000000"), [0.0, 0.0, 0.0], atol=1e-6)
    np.testing.assert_allclose(hex_to_lab("#ff0000"), [53.2408, 80.0925, 67.2032], atol=1e-3)
    grey = srgb_to_lab([[119, 119, 119], [200, 200, 200]])
    assert grey.shape == (2, 3) and np.allclose(grey[:, 1:], 0.0, atol=1e-3)


@pytest.mark.parametrize("bad", ["", "fff", "#ggg000", "#12345", "#1234567", "red"])
def test_parse_hex_rejects_malformed_values(bad: str) -> None:
    with pytest.raises(ValueError, match="not an sRGB hex colour"):
        parse_hex(bad)


@given(lab_values, lab_values)
def test_delta_e_properties(first: np.ndarray, second: np.ndarray) -> None:
    forward = float(delta_e_2000(first, second))
    assert forward >= 0.0
    assert forward == pytest.approx(float(delta_e_2000(second, first)), abs=1e-9)
    assert float(delta_e_2000(first, first)) == pytest.approx(0.0, abs=1e-9)
    assert float(delta_e_76(first, second)) >= 0.0


def test_every_taxonomy_colour_names_itself() -> None:
    colours = default_taxonomy().by_kind(Kind.COLOUR)
    references = np.array([colour.lab for colour in colours])
    index, distance = nearest(references, references)
    assert list(index) == list(range(len(colours)))
    assert np.allclose(distance, 0.0)
    # Distinct names are perceptibly distinct: no two reference colours closer than 5 units.
    pairwise = delta_e_2000(references[:, None, :], references[None, :, :])
    np.fill_diagonal(pairwise, np.inf)
    assert pairwise.min() > 5.0


def test_nearest_requires_references() -> None:
    with pytest.raises(ValueError, match="no reference colours"):
        nearest([[50.0, 0.0, 0.0]], np.empty((0, 3)))
    index, distance = nearest(np.empty((0, 3)), [[50.0, 0.0, 0.0]])
    assert index.size == 0 and distance.size == 0
