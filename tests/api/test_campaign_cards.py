"""An open campaign tells a creator who runs it and what it sells, with the products' photos."""

from __future__ import annotations

import httpx

from accounts.users import Role
from api.state import AppState
from tests.api.commerce_world import make_campaign, make_product, make_shop
from tests.api.helpers import make_account
from tests.api.post_helpers import phone_jpeg
from tests.api.test_product_images import upload
from tests.conftest import GraphQL

OPEN = """{ campaigns(first: 10) { nodes { name brand { displayName }
  products { title thumbUrl } } } }"""


async def test_a_campaign_card_names_its_brand_and_shows_its_products(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    brand = await make_account(state, Role.BRAND, name="Northwind Apparel")
    await make_shop(state, brand)
    with_photo = await make_product(gql, brand, sku="TEE-1")
    await make_product(gql, brand, sku="TEE-2")
    await upload(client, brand.token, with_photo, phone_jpeg(600, 600, seed=3))
    await make_campaign(gql, brand, [with_photo])

    influencer = await make_account(state, Role.INFLUENCER)
    [card] = (await gql(OPEN, token=influencer.token))["data"]["campaigns"]["nodes"]
    assert card["brand"] == {"displayName": "Northwind Apparel"}
    [product] = card["products"]
    assert product["title"] == "Product TEE-1"
    assert "/media/products/" in product["thumbUrl"]
