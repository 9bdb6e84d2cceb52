"""Builders for post tests: phone-like JPEGs made with Pillow, GraphQL multipart requests as a
mobile client sends them, and waiting for the image task to finish."""

from __future__ import annotations

import asyncio
import io
import json
import time
from typing import Any

import httpx
import numpy as np
from PIL import Image, ImageDraw

from api.state import AppState
from core.mongo import Document

GPS_IFD = 0x8825
ORIENTATION = 0x0112

CREATE_POST = """
mutation Create($input: CreatePostInput!) {
  createPost(input: $input) {
    post { id status caption hashtags market imageCount
           productTags { productId imageIndex x y } }
    errors { field code message }
  }
}
"""


def photo(width: int, height: int, seed: int = 0) -> Image.Image:
    """Noise, gradients and random shapes: a picture with its own perceptual hash per seed."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, size=(max(2, height // 64), max(2, width // 64), 3))
    image = Image.fromarray(small.astype(np.uint8)).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(width // 12, width // 3))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        draw.ellipse([x0, y0, x0 + size, y0 + size], fill=colour)
    # Pure red in the stored top-left corner, to check orientation after processing.
    draw.rectangle([0, 0, width // 8, height // 8], fill=(255, 0, 0))
    return image


def exif_with_gps(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneCam"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (48.0, 51.0, 29.6)
    gps[3] = "E"
    gps[4] = (2.0, 17.0, 40.2)
    return exif.tobytes()


def phone_jpeg(width: int = 1200, height: int = 900, seed: int = 0, orientation: int = 6) -> bytes:
    """A JPEG as a phone sends it: sideways pixels, an orientation tag and GPS coordinates."""
    buffer = io.BytesIO()
    photo(width, height, seed).save(buffer, "JPEG", quality=88, exif=exif_with_gps(orientation))
    return buffer.getvalue()


async def multipart_create(
    http: httpx.AsyncClient,
    token: str | None,
    images: list[bytes | tuple[str, bytes, str]],
    *,
    caption: str | None = None,
    product_tags: list[dict[str, Any]] | None = None,
    market: str | None = None,
    campaign_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """The GraphQL multipart request spec: `operations`, `map`, then one part per file."""
    variables: dict[str, Any] = {"images": [None] * len(images), "caption": caption}
    if product_tags is not None:
        variables["productTags"] = product_tags
    if market is not None:
        variables["market"] = market
    if campaign_id is not None:
        variables["campaignId"] = campaign_id
    operations = {"query": CREATE_POST, "variables": {"input": variables}}
    mapping = {str(i): [f"variables.input.images.{i}"] for i in range(len(images))}
    files = []
    for i, image in enumerate(images):
        name, data, mime = image if isinstance(image, tuple) else (f"p{i}.jpg", image, "image/jpeg")
        files.append((str(i), (name, data, mime)))
    sent_headers = dict(headers or {})
    if token:
        sent_headers["authorization"] = f"Bearer {token}"
    return await http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
        files=files,
        headers=sent_headers,
    )


async def create_post(
    http: httpx.AsyncClient, token: str, images: list[bytes], **kwargs: Any
) -> dict[str, Any]:
    response = await multipart_create(http, token, images, **kwargs)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["createPost"]
    return payload


async def wait_for_status(state: AppState, post_id: str, timeout: float = 30.0) -> Document:
    """Poll until the image task has moved the post out of PROCESSING."""
    deadline = time.monotonic() + timeout
    while True:
        doc = await state.db.posts.find_one({"_id": post_id})
        assert doc is not None, f"post {post_id} does not exist"
        if doc["status"] != "PROCESSING":
            return doc
        if time.monotonic() > deadline:
            raise AssertionError(f"post {post_id} still PROCESSING after {timeout} s")
        await asyncio.sleep(0.05)


async def published_post(
    http: httpx.AsyncClient, state: AppState, token: str, seed: int = 0, **kwargs: Any
) -> Document:
    """A post through the real upload and the real task, waited for until PUBLISHED."""
    payload = await create_post(http, token, [phone_jpeg(480, 360, seed)], **kwargs)
    assert payload["errors"] == [], payload
    doc = await wait_for_status(state, payload["post"]["id"])
    assert doc["status"] == "PUBLISHED", doc.get("rejection")
    return doc
