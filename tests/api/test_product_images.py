"""A brand gives its products photos through the image pipeline; anyone can load them while
the product names them; other brands and shoppers cannot change them; bad files change nothing."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
from PIL import Image

from accounts.users import Role
from api.state import AppState
from media.backends import storage_for
from tests.api.commerce_world import make_product, make_shop
from tests.api.helpers import Account, make_account
from tests.api.post_helpers import phone_jpeg
from tests.conftest import GraphQL

UPLOAD = """mutation($productId: ID!, $image: Upload!) {
  uploadProductImage(productId: $productId, image: $image) {
    product { id imageUrl thumbUrl imageBlurhash hasUploadedImage }
    errors { field code message } } }"""
REMOVE = """mutation($productId: ID!) { removeProductImage(productId: $productId) {
  product { imageUrl hasUploadedImage } errors { code } } }"""


async def upload(
    http: httpx.AsyncClient, token: str, product_id: str, data: bytes, name: str = "photo.jpg"
) -> dict[str, Any]:
    operations = {"query": UPLOAD, "variables": {"productId": product_id, "image": None}}
    response = await http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.image"]})},
        files=[("0", (name, data, "image/jpeg"))],
        headers={"authorization": f"Bearer {token}"},
    )
    body: dict[str, Any] = response.json()
    return body


async def _brand_product(state: AppState, gql: GraphQL) -> tuple[Account, str]:
    brand = await make_account(state, Role.BRAND)
    await make_shop(state, brand)
    return brand, await make_product(gql, brand, sku="DRS-1")


def _local(url: str) -> str:
    return "/" + url.split("/", 3)[3]


async def test_a_photo_is_made_into_sizes_and_served(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    brand, product_id = await _brand_product(state, gql)
    body = await upload(client, brand.token, product_id, phone_jpeg(1600, 1200, seed=4))
    payload = body["data"]["uploadProductImage"]
    assert payload["errors"] == []
    product = payload["product"]
    assert product["hasUploadedImage"] is True and product["imageBlurhash"]
    assert "/media/products/" in product["imageUrl"] and product["thumbUrl"] != product["imageUrl"]
    feed = await client.get(_local(product["imageUrl"]))
    thumb = await client.get(_local(product["thumbUrl"]))
    assert feed.status_code == thumb.status_code == 200
    assert feed.headers["content-type"] == "image/webp"
    assert "immutable" in feed.headers["cache-control"]
    # Upright (EXIF orientation 6 turns 1600 x 1200 into portrait), at most 1080 on the long edge.
    width, height = Image.open(io.BytesIO(feed.content)).size
    assert (width, height) == (810, 1080)
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 320
    # Shoppers read it where products appear.
    shopper = await make_account(state, Role.SHOPPER)
    read = await gql(
        "query($id: ID!) { product(id: $id) { imageUrl } }", {"id": product_id}, token=shopper.token
    )
    assert read["data"]["product"]["imageUrl"] == product["imageUrl"]


async def test_a_new_photo_replaces_the_old_and_removing_it_deletes_the_files(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    brand, product_id = await _brand_product(state, gql)
    first = (await upload(client, brand.token, product_id, phone_jpeg(900, 900, seed=1)))["data"]
    second = (await upload(client, brand.token, product_id, phone_jpeg(900, 900, seed=2)))["data"]
    old, new = first["uploadProductImage"]["product"], second["uploadProductImage"]["product"]
    assert old["imageUrl"] != new["imageUrl"]
    assert (await client.get(_local(old["imageUrl"]))).status_code == 404
    assert (await client.get(_local(new["imageUrl"]))).status_code == 200
    storage = storage_for(state.settings)
    old_key = _local(old["imageUrl"]).removeprefix("/media/")
    assert storage.get(old_key) is None

    removed = await gql(REMOVE, {"productId": product_id}, token=brand.token)
    assert removed["data"]["removeProductImage"]["product"] == {
        "imageUrl": None,
        "hasUploadedImage": False,
    }
    new_key = _local(new["imageUrl"]).removeprefix("/media/")
    assert storage.get(new_key) is None
    assert (await client.get(_local(new["imageUrl"]))).status_code == 404


async def test_bad_files_and_strangers_change_nothing(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    brand, product_id = await _brand_product(state, gql)
    bad = await upload(client, brand.token, product_id, b"not an image at all", name="x.jpg")
    [error] = bad["data"]["uploadProductImage"]["errors"]
    assert error["code"] == "INVALID_IMAGE" and error["field"] == "image"

    other = await make_account(state, Role.BRAND)
    stranger = await upload(client, other.token, product_id, phone_jpeg(400, 400))
    assert stranger["data"]["uploadProductImage"]["errors"][0]["code"] == "FORBIDDEN"
    shopper = await make_account(state, Role.SHOPPER)
    refused = await upload(client, shopper.token, product_id, phone_jpeg(400, 400))
    assert refused["data"] is None or refused["data"]["uploadProductImage"] is None
    doc = await state.db.products.find_one({"_id": product_id})
    assert doc is not None and "image" not in doc

    fake = "/media/products/" + product_id + "/feed-" + "0" * 32 + ".webp"
    assert (await client.get(fake)).status_code == 404
