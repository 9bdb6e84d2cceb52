"""The whole outfit-post flow as a mobile client drives it: a real multipart upload, the real
Celery task in the embedded worker, and every served variant read back and decoded."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from accounts.users import Role
from api.state import AppState
from core.ids import new_id
from media.backends import media_root
from tests.api.helpers import make_account
from tests.api.post_helpers import GPS_IFD, create_post, phone_jpeg, wait_for_status
from tests.conftest import GraphQL

# blurhash-python reads pixels with a Pillow call deprecated upstream; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Image.Image.getdata:DeprecationWarning")

POST_QUERY = """
query($id: ID!) {
  post(id: $id) {
    id status caption hashtags market rejectionReason publishedAt
    author { id displayName }
    productTags { productId imageIndex x y }
    images {
      width height blurhash
      palette { hex share }
      url(variant: THUMB)
      variants { name url width height }
    }
  }
}
"""


def _path(url: str) -> str:
    return httpx.URL(url).path


async def test_two_phone_photos_and_a_product_tag_become_a_published_post(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    shopper = await make_account(state, Role.SHOPPER, market="UK")
    product_id = new_id("prd")
    await state.db.products.insert_one({"_id": product_id, "title": "Linen wide-leg trousers"})
    photos = [phone_jpeg(1600, 1200, seed=1), phone_jpeg(1200, 900, seed=2, orientation=1)]
    assert b"PhoneCam" in photos[0]  # the upload really carries EXIF

    payload = await create_post(
        client,
        shopper.token,
        photos,
        caption="Sunday fit #OOTD #linen #穿搭 #OOTD",
        product_tags=[{"productId": product_id, "imageIndex": 1, "x": 0.25, "y": 0.8}],
    )
    assert payload["errors"] == []
    created = payload["post"]
    assert created["status"] == "PROCESSING"
    assert created["hashtags"] == ["ootd", "linen", "穿搭"]
    assert created["market"] == "UK"  # the author's home market
    assert created["imageCount"] == 2

    doc = await wait_for_status(state, created["id"])
    assert doc["status"] == "PUBLISHED", doc.get("rejection")

    post = (await gql(POST_QUERY, {"id": created["id"]}))["data"]["post"]
    assert post["status"] == "PUBLISHED" and post["publishedAt"]
    assert post["author"]["id"] == shopper.user.id
    assert post["productTags"] == [{"productId": product_id, "imageIndex": 1, "x": 0.25, "y": 0.8}]
    first, second = post["images"]
    # Orientation 6: the 1600 x 1200 stored pixels show upright as 1200 x 1600.
    assert (first["width"], first["height"]) == (1200, 1600)
    assert (second["width"], second["height"]) == (1200, 900)
    for image in post["images"]:
        assert len(image["blurhash"]) >= 6
        assert 1 <= len(image["palette"]) <= 5
        assert abs(sum(c["share"] for c in image["palette"]) - 1) < 1e-6
        names = {v["name"] for v in image["variants"]}
        assert names == {"THUMB", "FEED", "FULL"}
        assert image["url"] == next(v["url"] for v in image["variants"] if v["name"] == "THUMB")

    seen_etags = set()
    for image in post["images"]:
        for variant in image["variants"]:
            url = variant["url"]
            assert url.startswith(state.settings.public_url + "/media/posts/")
            response = await client.get(_path(url))
            assert response.status_code == 200, url
            assert response.headers["content-type"] == "image/webp"
            assert "immutable" in response.headers["cache-control"]
            etag = response.headers["etag"]
            seen_etags.add(etag)
            served = Image.open(io.BytesIO(response.content))
            served.load()
            assert served.format == "WEBP"
            assert served.size == (variant["width"], variant["height"])
            assert max(served.size) <= {"THUMB": 320, "FEED": 1080, "FULL": 2048}[variant["name"]]
            # Metadata stripped: no EXIF at all, so no GPS, no XMP, no ICC profile.
            assert not served.getexif()
            assert not served.getexif().get_ifd(GPS_IFD) and not served.info.get("exif")
            assert "xmp" not in served.info and "icc_profile" not in served.info
            assert b"PhoneCam" not in response.content and b"Exif" not in response.content

            again = await client.get(_path(url), headers={"if-none-match": etag})
            assert again.status_code == 304 and again.content == b""
            assert again.headers["etag"] == etag
    assert len(seen_etags) == 6

    # The red marker sat in the stored top-left corner; orientation 6 turns it to top-right.
    full = next(v for v in first["variants"] if v["name"] == "FULL")
    upright = Image.open(io.BytesIO((await client.get(_path(full["url"]))).content)).convert("RGB")
    red, green, blue = upright.getpixel((upright.width - 20, 20))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue < 60

    # Originals stay on disk for the record but are never served.
    original = doc["originals"][0]["key"]
    assert (media_root(state.settings) / original).is_file()
    assert (await client.get("/media/" + original)).status_code == 404


async def test_deleted_and_hidden_posts_stop_being_served(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state)
    stranger = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    payload = await create_post(client, author.token, [phone_jpeg(480, 360, seed=5)])
    doc = await wait_for_status(state, payload["post"]["id"])
    post_id = doc["_id"]
    thumb = "/media/" + doc["images"][0]["variants"]["thumb"]["key"]
    assert (await client.get(thumb)).status_code == 200

    hide = await gql(
        "mutation($id: ID!) { moderatePost(id: $id, decision: HIDE) { post { status } } }",
        {"id": post_id},
        token=admin.token,
    )
    assert hide["data"]["moderatePost"]["post"]["status"] == "HIDDEN"
    assert (await client.get(thumb)).status_code == 404
    denied = await client.get(thumb, headers={"authorization": f"Bearer {stranger.token}"})
    assert denied.status_code == 404
    own = await client.get(thumb, headers={"authorization": f"Bearer {author.token}"})
    assert own.status_code == 200 and own.headers["cache-control"] == "private, no-store"
    query = "query($id: ID!) { post(id: $id) { status } }"
    assert (await gql(query, {"id": post_id}, token=stranger.token))["data"]["post"] is None
    assert (await gql(query, {"id": post_id}, token=author.token))["data"]["post"] == {
        "status": "HIDDEN"
    }

    approve = await gql(
        "mutation($id: ID!) { moderatePost(id: $id, decision: APPROVE) { post { status } } }",
        {"id": post_id},
        token=admin.token,
    )
    assert approve["data"]["moderatePost"]["post"]["status"] == "PUBLISHED"
    assert (await client.get(thumb)).status_code == 200

    deleted = await gql(
        "mutation($id: ID!) { deletePost(id: $id) { post { status } errors { code } } }",
        {"id": post_id},
        token=author.token,
    )
    assert deleted["data"]["deletePost"] == {"post": {"status": "DELETED"}, "errors": []}
    assert (await client.get(thumb)).status_code == 404
    own_after = await client.get(thumb, headers={"authorization": f"Bearer {author.token}"})
    assert own_after.status_code == 404
    assert (await gql(query, {"id": post_id}, token=stranger.token))["data"]["post"] is None
    assert (await gql(query, {"id": post_id}, token=author.token))["data"]["post"] == {
        "status": "DELETED"
    }
