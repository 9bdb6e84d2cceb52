"""What a designer's drop form needs to know of their brand: who it is, its shop domains and its
campaigns — and nothing for a designer no admin has attached yet."""

from __future__ import annotations

from accounts.users import Role
from api.state import AppState
from tests.api.commerce_world import SHOP_DOMAIN, build_world, make_campaign
from tests.api.drops_world import SET_BRAND
from tests.api.helpers import make_account
from tests.conftest import GraphQL

DROP_BRAND = """{ dropBrand { brand { id displayName } shopDomains
  campaigns { id name status } } }"""


async def test_a_designer_reads_the_brand_their_drops_go_into(
    state: AppState, gql: GraphQL
) -> None:
    world = await build_world(state, gql)  # a brand with a shop and a running campaign
    draft = await make_campaign(gql, world.brand, [world.product_id], activate=False)
    designer = await make_account(state, Role.DESIGNER)
    assert (await gql(DROP_BRAND, token=designer.token))["data"]["dropBrand"] is None

    attached = await gql(
        SET_BRAND, {"d": designer.user.id, "b": world.brand.user.id}, token=world.admin.token
    )
    assert attached["data"]["setDesignerBrand"]["errors"] == []
    seen = (await gql(DROP_BRAND, token=designer.token))["data"]["dropBrand"]
    assert seen["brand"] == {"id": world.brand.user.id, "displayName": "Northwind"}
    assert seen["shopDomains"] == [SHOP_DOMAIN]
    assert {(c["id"], c["status"]) for c in seen["campaigns"]} == {
        (world.campaign_id, "ACTIVE"),
        (draft, "DRAFT"),
    }
    # The brand itself reads the same.
    own = (await gql(DROP_BRAND, token=world.brand.token))["data"]["dropBrand"]
    assert own["brand"]["id"] == world.brand.user.id
