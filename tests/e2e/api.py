"""Talking to the live server the way another system would: GraphQL over HTTP with a demo
account's token (multipart uploads for posts), signed shop webhooks, outfit photos drawn with
Pillow, and the setup a journey needs (a product, a running campaign with the demo KOL in it,
a published post)."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from PIL import Image, ImageDraw

from commerce import signing
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

    def upload(self, document: str, variables: dict[str, Any], files: dict[str, bytes]) -> Any:
        """A GraphQL multipart request (the spec mobile clients use): `files` maps a variable
        path such as `input.images.0` to a JPEG, whose slot in `variables` is left null."""
        names = {str(i): path for i, path in enumerate(files)}
        response = self.http.post(
            "/graphql",
            data={
                "operations": json.dumps({"query": document, "variables": variables}),
                "map": json.dumps({i: [f"variables.{path}"] for i, path in names.items()}),
            },
            files={i: (f"photo{i}.jpg", files[path], "image/jpeg") for i, path in names.items()},
            headers={"Authorization": f"Bearer {self.token}"},
        )
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

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


CREATE_PRODUCT = """mutation($input: CreateProductInput!) {
  createProduct(input: $input) { product { id title } errors { field code message } } }"""
CREATE_CAMPAIGN = """mutation($input: CreateCampaignInput!) {
  createCampaign(input: $input) { campaign { id } errors { field code message } } }"""
ACTIVATE_CAMPAIGN = """mutation($id: ID!) {
  activateCampaign(id: $id) { campaign { status } errors { field code message } } }"""
APPLY = """mutation($c: ID!) { applyToCampaign(campaignId: $c, pitch: "Daily outfits.") {
  membership { id } errors { field code message } } }"""
DECIDE = """mutation($m: ID!) { decideApplication(membershipId: $m, approve: true) {
  membership { status } errors { field code message } } }"""
CREATE_POST = """mutation($input: CreatePostInput!) {
  createPost(input: $input) { post { id status } errors { field code message } } }"""
POST_STATUS = "query($id: ID!) { post(id: $id) { id status } }"


def create_product(brand: Api, sku: str, title: str, price_minor: int = 4900) -> str:
    """A product of the demo brand, on its shop's allow-listed host, sold in the US."""
    product = brand.mutate(
        CREATE_PRODUCT,
        {
            "input": {
                "sku": sku,
                "title": title,
                "priceMinor": price_minor,
                "currency": "USD",
                "productUrl": f"https://shop.northwind.example/p/{sku.lower()}",
                "markets": ["US"],
            }
        },
        "createProduct",
    )["product"]
    return str(product["id"])


def running_campaign(brand: Api, influencer: Api, name: str, rule: dict[str, Any]) -> str:
    """A US campaign running now, with the demo KOL applied and approved; returns its id.

    `rule` holds the commission fields of CreateCampaignInput, e.g. {"ruleKind": "FIXED_FEE",
    "ruleAmountMinor": 5000}."""
    now = datetime.now(UTC)
    campaign_id = str(
        brand.mutate(
            CREATE_CAMPAIGN,
            {
                "input": {
                    "name": name,
                    "brief": "Wear it your way.",
                    "markets": ["US"],
                    "startsAt": (now - timedelta(days=1)).isoformat(),
                    "endsAt": (now + timedelta(days=30)).isoformat(),
                    "budgetMinor": 500_000,
                    "currency": "USD",
                    **rule,
                }
            },
            "createCampaign",
        )["campaign"]["id"]
    )
    brand.mutate(ACTIVATE_CAMPAIGN, {"id": campaign_id}, "activateCampaign")
    join_campaign(brand, influencer, campaign_id)
    return campaign_id


def join_campaign(brand: Api, influencer: Api, campaign_id: str) -> None:
    """The demo KOL applies to the campaign and its brand approves them."""
    membership = influencer.mutate(APPLY, {"c": campaign_id}, "applyToCampaign")["membership"]
    brand.mutate(DECIDE, {"m": membership["id"]}, "decideApplication")


def publish_post(
    author: Api,
    caption: str,
    product_ids: list[str],
    campaign_id: str | None = None,
    hue: tuple[int, int, int] = (196, 120, 96),
) -> str:
    """Posts one outfit photo with the products tagged (for a campaign, if given) and waits
    until its photos are processed and it is published; returns the post id."""
    tags = [
        {"productId": pid, "imageIndex": 0, "x": 0.5, "y": 0.3 + 0.1 * i}
        for i, pid in enumerate(product_ids)
    ]
    data = author.upload(
        CREATE_POST,
        {
            "input": {
                "images": [None],
                "caption": caption,
                "productTags": tags,
                "campaignId": campaign_id,
            }
        },
        {"input.images.0": outfit_jpeg(hue=hue)},
    )
    payload = data["createPost"]
    assert payload["errors"] == [], payload
    post_id = str(payload["post"]["id"])

    def published() -> bool:
        status = author.query(POST_STATUS, {"id": post_id})["post"]["status"]
        assert status in ("PROCESSING", "PUBLISHED"), status
        return bool(status == "PUBLISHED")

    wait_until(published, timeout=60, what=f"post {post_id} to be published")
    return post_id
