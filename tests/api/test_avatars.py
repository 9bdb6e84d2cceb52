"""Profile pictures: an upload becomes square WebP sizes served at /media/ while the account
names them, a new one replaces (and deletes) the old files, bad files change nothing."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
from PIL import Image

from accounts.users import Role
from api.state import AppState
from media.backends import storage_for
from tests.api.helpers import make_account
from tests.api.post_helpers import phone_jpeg
from tests.conftest import GraphQL

UPLOAD = """mutation($file: Upload!) { uploadAvatar(file: $file) {
  user { id avatarUrl } errors { field code message } } }"""
REMOVE = """mutation { removeAvatar { user { avatarUrl } errors { code } } }"""


async def upload(
    http: httpx.AsyncClient, token: str, data: bytes, name: str = "me.jpg"
) -> dict[str, Any]:
    operations = {"query": UPLOAD, "variables": {"file": None}}
    response = await http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files=[("0", (name, data, "image/jpeg"))],
        headers={"authorization": f"Bearer {token}"},
    )
    body: dict[str, Any] = response.json()
    return body


def _local(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (20, 120, 200, 255)).save(buffer, "PNG")
    return buffer.getvalue()


async def test_an_upload_becomes_square_sizes_shown_wherever_the_person_appears(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    shopper = await make_account(state)
    # A landscape phone photo, sideways with an orientation tag: the centre square is kept.
    body = await upload(client, shopper.token, phone_jpeg(1600, 1200, seed=7))
    payload = body["data"]["uploadAvatar"]
    assert payload["errors"] == []
    url = payload["user"]["avatarUrl"]
    assert "/media/avatars/" + shopper.user.id + "/large-" in url
    served = await client.get(_local(url))
    assert served.status_code == 200 and served.headers["content-type"] == "image/webp"
    assert "immutable" in served.headers["cache-control"]
    assert Image.open(io.BytesIO(served.content)).size == (256, 256)

    doc = await state.db.users.find_one({"_id": shopper.user.id})
    assert doc is not None and doc["avatar"]["blurhash"]
    small_key = doc["avatar"]["variants"]["small"]["key"]
    small = await client.get("/media/" + small_key)
    assert Image.open(io.BytesIO(small.content)).size == (96, 96)
    # No camera metadata survives.
    assert "exif" not in Image.open(io.BytesIO(small.content)).info

    # Everyone reading the person sees it (here: another member opening the profile).
    other = await make_account(state)
    read = await gql(
        "query($id: ID!) { user(id: $id) { avatarUrl } }",
        {"id": shopper.user.id},
        token=other.token,
    )
    assert read["data"]["user"]["avatarUrl"] == url

    # A picture smaller than the largest size is not blown up.
    tiny = await upload(client, shopper.token, _png(120, 80), name="tiny.png")
    tiny_url = tiny["data"]["uploadAvatar"]["user"]["avatarUrl"]
    tiny_image = Image.open(io.BytesIO((await client.get(_local(tiny_url))).content))
    assert tiny_image.size == (80, 80)


async def test_a_new_picture_replaces_the_old_files_and_removing_deletes_them(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    shopper = await make_account(state)
    storage = storage_for(state.settings)
    first = await upload(client, shopper.token, phone_jpeg(900, 900, seed=1))
    old_doc = await state.db.users.find_one({"_id": shopper.user.id})
    assert old_doc is not None
    old_keys = {v["key"] for v in old_doc["avatar"]["variants"].values()}
    second = await upload(client, shopper.token, phone_jpeg(900, 900, seed=2))
    old_url = first["data"]["uploadAvatar"]["user"]["avatarUrl"]
    new_url = second["data"]["uploadAvatar"]["user"]["avatarUrl"]
    assert old_url != new_url
    assert all(storage.get(key) is None for key in old_keys)
    assert (await client.get(_local(old_url))).status_code == 404
    assert (await client.get(_local(new_url))).status_code == 200

    for _ in range(2):  # removing twice is the same as once
        removed = await gql(REMOVE, token=shopper.token)
        assert removed["data"]["removeAvatar"] == {"user": {"avatarUrl": None}, "errors": []}
    assert storage.get(_local(new_url).removeprefix("/media/")) is None
    assert (await client.get(_local(new_url))).status_code == 404


async def test_bad_files_are_refused_and_change_nothing(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    shopper = await make_account(state, Role.SHOPPER)
    good = await upload(client, shopper.token, phone_jpeg(600, 600, seed=3))
    url = good["data"]["uploadAvatar"]["user"]["avatarUrl"]

    corrupt = phone_jpeg(600, 600, seed=4)[:1500]  # cut short mid-picture
    for data in (b"definitely not a picture", corrupt, b""):
        body = await upload(client, shopper.token, data)
        [error] = body["data"]["uploadAvatar"]["errors"]
        assert error["field"] == "file" and error["code"] == "INVALID_IMAGE", error
        assert error["message"]
    read = await gql("{ me { avatarUrl } }", token=shopper.token)
    assert read["data"]["me"]["avatarUrl"] == url
    assert (await client.get(_local(url))).status_code == 200

    # Signed out: refused before anything is read.
    anonymous = await client.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": UPLOAD, "variables": {"file": None}}),
            "map": json.dumps({"0": ["variables.file"]}),
        },
        files=[("0", ("me.jpg", phone_jpeg(300, 300), "image/jpeg"))],
        headers={"apollo-require-preflight": "true"},
    )
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # A made-up key under someone's avatars is not served.
    fake = f"/media/avatars/{shopper.user.id}/large-{'0' * 32}.webp"
    assert (await client.get(fake)).status_code == 404
