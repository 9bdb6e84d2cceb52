"""Builders for test-drop tests: a brand with a shop and a designer attached to it, trend
histories planted in the element store, and the GraphQL documents a dashboard sends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from accounts.users import Role
from api.state import AppState
from core import clock
from core.mongo import sync_db
from feeds import elements_store
from feeds.drops import store as drops_store
from feeds.extraction_io import current_taxonomy
from tests.api.commerce_world import SHOP_DOMAIN, make_shop
from tests.api.helpers import Account, make_account

BUTTER = "colour/butter-yellow"
GINGHAM = "pattern/gingham"

CREATE_DROP = """
mutation($input: CreateTestDropInput!) {
  createTestDrop(input: $input) {
    testDrop { id name launchDate markets elements { id name } products { id sku } }
    errors { field code message }
  }
}"""

DROP_FIELDS = """
  id name daysOfCover verdicts computedAt
  elements { id name kind state }
  products {
    id sku title category sellThrough stockOnHand unitsReceived unitsOnOrder unitsSold
    unitsReturned netUnitsSold returnRate daysOnSale clicks posts views
    unitCost { amountMinor currency }
    series { day sold returned net netToDate receivedToDate stock sellThrough clicks }
    batches { number quantity expectedDate arrived sold sellThrough soldOutOn }
    verdict {
      verdict reasons summary suggestedQuantity speedRatio baselineDailySellThrough daysOfCover
      reorderCost { amountMinor currency }
      forecast { dailyRate sigma daysUsed leadTimeDays coverageDays serviceZ batchMultiple
                 cycleDemand safetyStock position need quantity }
    }
  }
"""
DROP = "query($id: ID!) { testDrop(id: $id) {" + DROP_FIELDS + "} }"
DROPS = """
query($filter: TestDropsFilter, $first: Int, $after: String) {
  testDrops(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id name daysOfCover verdicts products { sku } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
REORDER = """
mutation($p: ID!, $q: Int!, $d: Date!) {
  placeReorder(productId: $p, quantity: $q, expectedDate: $d) {
    product { id unitsOnOrder batches { number quantity expectedDate arrived sold } }
    errors { field code message }
  }
}"""
SET_BRAND = """
mutation($d: ID!, $b: ID) {
  setDesignerBrand(designerId: $d, brandId: $b) { designerId brandId errors { field code } }
}"""


@dataclass
class DropWorld:
    brand: Account
    designer: Account
    admin: Account
    shop_id: str
    secret: str


async def build_drop_world(state: AppState) -> DropWorld:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    designer = await make_account(state, Role.DESIGNER, name="Ravi Design")
    admin = await make_account(state, Role.ADMIN)
    shop_id, secret = await make_shop(state, brand)
    await drops_store.set_designer_brand(state.db, designer.user.id, brand.user.id)
    return DropWorld(brand, designer, admin, shop_id, secret)


def product_input(sku: str, category: str, units: int = 100, **extra: Any) -> dict[str, Any]:
    return {
        "sku": sku,
        "title": f"Test {sku.lower()}",
        "category": category,
        "priceMinor": 3999,
        "currency": "USD",
        "unitCostMinor": 1100,
        "units": units,
        "productUrl": f"https://{SHOP_DOMAIN}/p/{sku.lower()}",
        **extra,
    }


def drop_input(products: Sequence[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "name": "Butter yellow summer",
        "elementIds": [BUTTER],
        "markets": ["US"],
        "launchDate": clock.now().date().isoformat(),
        "products": list(products),
        **extra,
    }


# Authors posting each element per day, oldest day first; the last entry is the market's last
# complete day. A ramp up the last week reads as EMERGING, a collapse as DECLINING.
RISING = [2] * 28 + [4, 6, 8, 10, 12, 14, 16]
DECLINING = [12] * 28 + [2, 1, 1, 1, 0, 1, 0]


def plant_trends(state: AppState, shapes: Mapping[str, Sequence[int]], market: str = "US") -> int:
    """Posts carrying each element per day, recorded in the element store the way extraction
    records them, ending on the market's last complete day at the platform clock."""
    version = current_taxonomy(state.settings).version
    last = elements_store.market_yesterday(market, clock.now())
    entries = []
    for element_id, counts in shapes.items():
        for offset, authors in enumerate(reversed(counts)):
            day = last - timedelta(days=offset)
            for n in range(authors):
                author = f"usr_{element_id.replace('/', '-')}-{day.isoformat()}-{n}"
                entries.append(
                    (
                        f"post_{element_id}-{day.isoformat()}-{n}",
                        {
                            "author_id": author,
                            "market": market,
                            "day": day.isoformat(),
                            "published_at": datetime.combine(
                                day, time(15), tzinfo=clock.now().tzinfo
                            ),
                            "active": True,
                            "taxonomy_version": version,
                            "occurrences": [
                                {
                                    "element_id": element_id,
                                    "source": "caption",
                                    "confidence": 1.0,
                                    "sources": ["caption"],
                                }
                            ],
                            "element_ids": [element_id],
                            "counted": {},
                        },
                    )
                )
    return elements_store.bulk_record(sync_db(state.settings), entries)
