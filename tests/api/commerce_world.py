"""Builders for commerce tests: a brand with a shop, products, a running campaign, an approved
influencer with a link, and a shop that signs its webhooks the way a real one would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import orjson

from accounts.users import Role
from api.state import AppState
from commerce import signing
from commerce.shops import create_shop
from core import clock
from tests.api.helpers import Account, make_account
from tests.conftest import GraphQL

SHOP_DOMAIN = "shop.northwind.example"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)

CREATE_PRODUCT = """
mutation($input: CreateProductInput!) {
  createProduct(input: $input) {
    product { id sku title price { amountMinor currency } productUrl markets }
    errors { field code message }
  }
}"""
CREATE_CAMPAIGN = """
mutation($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    campaign { id status attributionWindowDays returnWindowDays attributionModel
               budget { amountMinor currency } commissionRule { kind basisPoints } }
    errors { field code message }
  }
}"""
ACTIVATE = (
    "mutation($id: ID!) { activateCampaign(id: $id) { campaign { status } errors { code } } }"
)
APPLY = """mutation($c: ID!) { applyToCampaign(campaignId: $c, pitch: "I love it") {
  membership { id status creatorCode } errors { code } } }"""
DECIDE = """mutation($m: ID!, $ok: Boolean!) { decideApplication(membershipId: $m, approve: $ok) {
  membership { id status creatorCode } errors { code } } }"""
CREATE_LINK = """
mutation($input: CreateShoppableLinkInput!) {
  createShoppableLink(input: $input) {
    link { id code url productId campaignId postId clicks totalClicks }
    errors { field code message }
  }
}"""


@dataclass
class World:
    brand: Account
    influencer: Account
    admin: Account
    shop_id: str
    secret: str
    product_id: str
    sku: str
    campaign_id: str
    creator_code: str
    link: dict[str, Any]


class ShopClient:
    """Sends webhooks signed with the shop's secret at the platform clock's time."""

    def __init__(self, http: httpx.AsyncClient, shop_id: str, secret: str) -> None:
        self.http = http
        self.shop_id = shop_id
        self.secret = secret

    async def post(
        self,
        path: str,
        payload: Any,
        *,
        raw: bytes | None = None,
        secret: str | None = None,
        at: float | None = None,
    ) -> httpx.Response:
        body = raw if raw is not None else orjson.dumps(payload)
        stamp = int(at if at is not None else clock.now().timestamp())
        signature = signing.sign(secret or self.secret, body, stamp)
        return await self.http.post(
            path,
            content=body,
            headers={
                "content-type": "application/json",
                "x-trendloop-shop": self.shop_id,
                "x-trendloop-signature": signature,
            },
        )

    async def order(self, payload: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return await self.post("/webhooks/orders", payload, **kwargs)

    async def refund(self, payload: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return await self.post("/webhooks/returns", payload, **kwargs)


async def make_shop(state: AppState, brand: Account) -> tuple[str, str]:
    shop, secret = await create_shop(state.db, brand.user.id, "Northwind", [SHOP_DOMAIN])
    return shop.id, secret


async def make_product(
    gql: GraphQL, brand: Account, sku: str = "TEE-1", price: int = 2500, currency: str = "USD"
) -> str:
    result = await gql(
        CREATE_PRODUCT,
        {
            "input": {
                "sku": sku,
                "title": f"Product {sku}",
                "priceMinor": price,
                "currency": currency,
                "productUrl": f"https://{SHOP_DOMAIN}/p/{sku.lower()}?ref=tl",
                "markets": ["US", "UK"],
            }
        },
        token=brand.token,
    )
    payload = result["data"]["createProduct"]
    assert payload["errors"] == [], payload
    return str(payload["product"]["id"])


async def make_campaign(
    gql: GraphQL,
    brand: Account,
    product_ids: list[str],
    *,
    budget: int = 1_000_000,
    basis_points: int = 1000,
    activate: bool = True,
    **extra: Any,
) -> str:
    now = clock.now()
    data = {
        "name": "Summer drop",
        "brief": "Show the summer tees.",
        "markets": ["US"],
        "startsAt": (now - timedelta(days=1)).isoformat(),
        "endsAt": (now + timedelta(days=60)).isoformat(),
        "budgetMinor": budget,
        "currency": "USD",
        "ruleKind": "PERCENT",
        "ruleBasisPoints": basis_points,
        "productIds": product_ids,
        **extra,
    }
    result = await gql(CREATE_CAMPAIGN, {"input": data}, token=brand.token)
    payload = result["data"]["createCampaign"]
    assert payload["errors"] == [], payload
    campaign_id = str(payload["campaign"]["id"])
    if activate:
        activated = await gql(ACTIVATE, {"id": campaign_id}, token=brand.token)
        assert activated["data"]["activateCampaign"]["campaign"]["status"] == "ACTIVE"
    return campaign_id


async def join(gql: GraphQL, brand: Account, influencer: Account, campaign_id: str) -> str:
    applied = await gql(APPLY, {"c": campaign_id}, token=influencer.token)
    membership = applied["data"]["applyToCampaign"]["membership"]
    decided = await gql(DECIDE, {"m": membership["id"], "ok": True}, token=brand.token)
    approved = decided["data"]["decideApplication"]["membership"]
    assert approved["status"] == "APPROVED"
    return str(approved["creatorCode"])


async def make_link(
    gql: GraphQL, influencer: Account, product_id: str, campaign_id: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {"productId": product_id}
    if campaign_id:
        data["campaignId"] = campaign_id
    result = await gql(CREATE_LINK, {"input": data}, token=influencer.token)
    payload = result["data"]["createShoppableLink"]
    assert payload["errors"] == [], payload
    link: dict[str, Any] = payload["link"]
    return link


async def build_world(state: AppState, gql: GraphQL, **campaign: Any) -> World:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    influencer = await make_account(state, Role.INFLUENCER, name="Lena Style")
    admin = await make_account(state, Role.ADMIN)
    shop_id, secret = await make_shop(state, brand)
    sku = "TEE-1"
    product_id = await make_product(gql, brand, sku)
    campaign_id = await make_campaign(gql, brand, [product_id], **campaign)
    code = await join(gql, brand, influencer, campaign_id)
    link = await make_link(gql, influencer, product_id, campaign_id)
    return World(
        brand=brand,
        influencer=influencer,
        admin=admin,
        shop_id=shop_id,
        secret=secret,
        product_id=product_id,
        sku=sku,
        campaign_id=campaign_id,
        creator_code=code,
        link=link,
    )


async def click(
    http: httpx.AsyncClient, code: str, user_agent: str = CHROME, **headers: str
) -> httpx.Response:
    """Follow a link like a browser (the client keeps the visitor cookie)."""
    return await http.get(f"/l/{code}", headers={"user-agent": user_agent, **headers})


def click_id_of(response: httpx.Response) -> str:
    location = response.headers["location"]
    return location.rsplit("tl_click=", 1)[1].split("&")[0].split("#")[0]


def order_payload(
    order_id: str, sku: str, amount: int, click_id: str | None = None, **extra: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "order_id": order_id,
        "currency": "USD",
        "customer_id": f"cust-{order_id}",
        "lines": [{"sku": sku, "quantity": 1, "amount": amount}],
        **extra,
    }
    if click_id:
        payload["click_id"] = click_id
    return payload


GOOGLEBOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
