"""Likely reposts: another author's resized, re-encoded copy of an earlier photo is flagged for
moderation; the band index finds every hash within 7 bits."""

from __future__ import annotations

import io
import random

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from accounts.users import Role
from api.state import AppState
from posts.reposts import band_keys, probe_keys
from tests.api.helpers import make_account
from tests.api.post_helpers import create_post, photo, wait_for_status
from tests.conftest import GraphQL

pytestmark = pytest.mark.filterwarnings("ignore:Image.Image.getdata:DeprecationWarning")


def _flip(value: int, bits: list[int]) -> int:
    for bit in bits:
        value ^= 1 << bit
    return value


@given(st.integers(0, 2**64 - 1), st.lists(st.integers(0, 63), max_size=7, unique=True))
def test_every_hash_within_seven_bits_shares_a_probed_band(value: int, bits: list[int]) -> None:
    a, b = f"{value:016x}", f"{_flip(value, bits):016x}"
    assert set(probe_keys(a)) & set(band_keys(b))


def test_eight_bits_spread_over_every_band_escape_the_index() -> None:
    """The limit is real: two differing bits in each band and no band is within one bit."""
    value = random.Random(5).getrandbits(64)
    far = _flip(value, [0, 1, 16, 17, 32, 33, 48, 49])
    assert not set(probe_keys(f"{value:016x}")) & set(band_keys(f"{far:016x}"))


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


async def _publish(http: httpx.AsyncClient, state: AppState, token: str, data: bytes) -> dict:  # type: ignore[type-arg]
    payload = await create_post(http, token, [data])
    doc = await wait_for_status(state, payload["post"]["id"])
    assert doc["status"] == "PUBLISHED"
    return doc


async def test_a_resized_copy_by_someone_else_is_flagged(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    creator = await make_account(state)
    copier = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    original = photo(800, 600, seed=61)
    first = await _publish(client, state, creator.token, _jpeg(original, 90))
    assert "likely_repost" not in first and not first["needs_review"]

    # The creator posting their own photo again is not a repost.
    again = await _publish(client, state, creator.token, _jpeg(original, 80))
    assert "likely_repost" not in again

    unrelated = await _publish(client, state, copier.token, _jpeg(photo(800, 600, seed=62), 90))
    assert "likely_repost" not in unrelated

    copy = await _publish(
        client, state, copier.token, _jpeg(original.resize((560, 420)), quality=60)
    )
    match = copy["likely_repost"]
    assert match["original_post_id"] == first["_id"]  # the earliest of the creator's two
    assert match["distance"] <= state.settings.repost_max_distance
    assert copy["repost_of"] == first["_id"]
    assert copy["needs_review"] and copy["review_reasons"] == ["LIKELY_REPOST"]
    assert copy["status"] == "PUBLISHED"  # flagged for a person to judge, not blocked

    query = """query($id: ID!) { post(id: $id) {
        likelyRepost { originalPostId distance imageIndex originalImageIndex } } }"""
    as_admin = await gql(query, {"id": copy["_id"]}, token=admin.token)
    assert as_admin["data"]["post"]["likelyRepost"] == {
        "originalPostId": first["_id"],
        "distance": match["distance"],
        "imageIndex": 0,
        "originalImageIndex": 0,
    }
    as_copier = await gql(query, {"id": copy["_id"]}, token=copier.token)
    assert as_copier["data"]["post"]["likelyRepost"] is None
    queue = await gql("{ moderationQueue(first: 5) { edges { node { id } } } }", token=admin.token)
    assert [e["node"]["id"] for e in queue["data"]["moderationQueue"]["edges"]] == [copy["_id"]]
