"""Talking to the live server the way another system would: GraphQL over HTTP with a demo
account's token, signed shop webhooks, and outfit photos drawn with Pillow."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from PIL import Image, ImageDraw

from attribution import signing
from core.settings import Settings
from tests.e2e.conftest import DEMO_BY_ROLE, DEMO_PASSWORD

LOGIN = "mutation($input: LogInInput!) { logIn(input: $input) { token errors { message } } }"


class Api:
    """GraphQL as one demo role; raises on any GraphQL error so a broken setup says why."""

    def __init__(self, base_url: str, role: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=20)
        self.token: str | None = None
        account = DEMO_BY_ROLE[role]
        answer = self.query(LOGIN, {"input": {"email": account.email, "password": DEMO_PASSWORD}})
        token = answer["logIn"]["token"]
        assert token, answer
        self.token = token

    def query(self, document: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.http.post(
            "/graphql", json={"query": document, "variables": variables or {}}, headers=headers
        )
        body = response.json()
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def mutate(self, document: str, variables: dict[str, Any], field: str) -> dict[str, Any]:
        """Runs a mutation and checks its payload has no user errors."""
        payload: dict[str, Any] = self.query(document, variables)[field]
        assert payload.get("errors") in ([], None), payload
        return payload

    def close(self) -> None:
        self.http.close()


def wait_until(check: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


def send_order(base_url: str, payload: dict[str, Any]) -> httpx.Response:
    """An order webhook from the demo shop, signed with its development secret."""
    settings = Settings()
    body = json.dumps(payload).encode()
    signature = signing.sign(settings.demo_shop_secret, body, int(time.time()))
    return httpx.post(
        f"{base_url}/webhooks/orders",
        content=body,
        headers={
            "content-type": "application/json",
            "x-trendloop-shop": "shop_demo",
            signing.HEADER_NAME: signature,
        },
        timeout=20,
    )


def outfit_jpeg(
    width: int = 900, height: int = 1200, hue: tuple[int, int, int] = (196, 120, 96)
) -> bytes:
    """A photo-like JPEG: a soft backdrop, a figure in a coloured top and dark trousers."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(236 - 40 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade, shade - 6, shade - 14))
    cx = width // 2
    draw.ellipse([cx - 70, 120, cx + 70, 280], fill=(224, 182, 150))
    draw.rounded_rectangle([cx - 190, 300, cx + 190, 700], radius=60, fill=hue)
    for stripe in range(330, 690, 46):
        draw.line([(cx - 180, stripe), (cx + 180, stripe)], fill=(250, 244, 232), width=10)
    draw.rectangle([cx - 160, 700, cx - 15, 1120], fill=(44, 52, 74))
    draw.rectangle([cx + 15, 700, cx + 160, 1120], fill=(44, 52, 74))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
