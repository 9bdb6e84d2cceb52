"""The ledger's commission follows the campaign's attribution model: one entry per credited
influencer, split exactly in minor units, idempotent, and reversed part by part by returns.

Every expected figure below is worked by hand from the model's definition and the campaign's
10 % rule; none is read back from the code under test.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest

from accounts.users import Role
from api.state import AppState
from attribution.crediting import DATA_DRIVEN_FALLBACK_NOTE, journey_credits
from attribution.models import AttributionModel
from commerce import ledger
from commerce.orders import order_key
from core import clock
from tests.api.commerce_world import (
    ShopClient,
    World,
    build_world,
    click,
    click_id_of,
    join,
    make_link,
    order_payload,
)
from tests.api.helpers import make_account
from tests.conftest import GraphQL

DAY_MS = 86_400_000


async def _second_influencer(state: AppState, gql: GraphQL, world: World, name: str) -> str:
    """Another approved influencer of the world's campaign; returns their link code."""
    other = await make_account(state, Role.INFLUENCER, name=name)
    await join(gql, world.brand, other, world.campaign_id)
    link = await make_link(gql, other, world.product_id, world.campaign_id)
    return str(link["code"])


async def _influencer_of(state: AppState, code: str) -> str:
    link = await state.db.links.find_one({"code": code})
    assert link is not None
    return str(link["influencer_id"])


async def _commissions(state: AppState) -> dict[str, dict[str, Any]]:
    """Opening entries by influencer."""
    docs = await state.db.ledger.find({"kind": "COMMISSION"}).to_list()
    return {d["influencer_id"]: d for d in docs}


async def _journey(
    client: httpx.AsyncClient,
    frozen_clock: clock.FrozenClock,
    codes: list[str],
    gap: timedelta,
    then: timedelta,
) -> str:
    """One browser clicks the links in turn, `gap` apart, then waits `then`; last click id."""
    last = ""
    for index, code in enumerate(codes):
        if index:
            frozen_clock.advance(gap)
        last = click_id_of(await click(client, code))
    frozen_clock.advance(then)
    return last


async def _world(
    state: AppState, gql: GraphQL, model: str, names: int = 1
) -> tuple[World, list[str]]:
    world = await build_world(state, gql, attributionModel=model)
    codes = [str(world.link["code"])]
    for index in range(names):
        codes.append(await _second_influencer(state, gql, world, f"Second {index}"))
    return world, codes


def _shop(client: httpx.AsyncClient, world: World) -> ShopClient:
    return ShopClient(client, world.shop_id, world.secret)


def test_the_engine_splits_one_journey_as_worked_by_hand() -> None:
    touches = [("c1", "ana", 0), ("c2", "ben", 7 * DAY_MS)]
    order = 14 * DAY_MS
    linear = journey_credits(touches, order, AttributionModel.LINEAR, currency="USD")
    assert linear == {"ana": 0.5, "ben": 0.5}
    # Ages 14 and 7 days, half-life 7: weights 1/4 and 1/2, so 1/3 and 2/3.
    decay = journey_credits(touches, order, AttributionModel.TIME_DECAY, currency="USD")
    assert decay == pytest.approx({"ana": 1 / 3, "ben": 2 / 3})
    three = [*touches, ("c3", "cy", 10 * DAY_MS)]
    based = journey_credits(three, order, AttributionModel.POSITION_BASED, currency="USD")
    assert based == pytest.approx({"ana": 0.4, "ben": 0.2, "cy": 0.4})
    # A click in the order's own millisecond still counts.
    alone = [("c1", "ana", order)]
    same_moment = journey_credits(alone, order, AttributionModel.LINEAR, currency="USD")
    assert same_moment == {"ana": 1.0}


async def test_linear_splits_an_odd_commission_exactly_and_a_duplicate_adds_nothing(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "LINEAR")
    first, second = [await _influencer_of(state, c) for c in codes]
    last = await _journey(client, frozen_clock, codes, timedelta(hours=3), timedelta(hours=1))
    shop = _shop(client, world)
    payload = order_payload("o-lin", world.sku, 9999, last)  # 10 %: floor(999.9) = 999
    answer = (await shop.order(payload)).json()
    assert answer["status"] == "CREDITED"
    assert answer["attribution_model"] == "LINEAR"
    assert answer["attribution"]["influencer_id"] == second  # the last click, as before
    # 999 in halves: 499.5 each; the odd unit goes to the earlier share (the first click).
    credits = {c["influencer_id"]: (c["share"], c["amount_minor"]) for c in answer["credits"]}
    assert credits == {first: (0.5, 500), second: (0.5, 499)}
    stored = await _commissions(state)
    assert {who: d["amount_minor"] for who, d in stored.items()} == {first: 500, second: 499}
    key = order_key(world.shop_id, "o-lin")
    assert {d["_id"] for d in stored.values()} == {
        ledger.order_commission_id(key, part=first),
        ledger.order_commission_id(key, part=second),
    }
    campaign = await state.db.campaigns.find_one({"_id": world.campaign_id})
    assert campaign is not None and campaign["spent_minor"] == 999

    again = (await shop.order(payload)).json()
    assert again["duplicate"] is True
    assert again["credits"] == answer["credits"]
    assert await state.db.ledger.count_documents({}) == 2
    copies = await asyncio.gather(*(shop.order(payload) for _ in range(5)))
    assert {r.status_code for r in copies} == {200}
    assert await state.db.ledger.count_documents({}) == 2
    campaign = await state.db.campaigns.find_one({"_id": world.campaign_id})
    assert campaign is not None and campaign["spent_minor"] == 999


async def test_ten_concurrent_first_deliveries_of_a_split_order_make_two_entries(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "LINEAR")
    last = await _journey(client, frozen_clock, codes, timedelta(hours=3), timedelta(hours=1))
    shop = _shop(client, world)
    payload = order_payload("o-race", world.sku, 2000, last)
    answers = [r.json() for r in await asyncio.gather(*(shop.order(payload) for _ in range(10)))]
    assert {tuple(sorted(c["commission_id"] for c in a["credits"])) for a in answers} == {
        tuple(sorted(d["_id"] for d in (await _commissions(state)).values()))
    }
    assert await state.db.ledger.count_documents({}) == 2
    campaign = await state.db.campaigns.find_one({"_id": world.campaign_id})
    assert campaign is not None and campaign["spent_minor"] == 200


async def test_time_decay_favours_the_later_click(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "TIME_DECAY")
    first, second = [await _influencer_of(state, c) for c in codes]
    # Clicks 14 and 7 days before the order: shares 1/3 and 2/3 of a commission of 1000,
    # 333.33 and 666.67; floors 333 + 666, the unit left goes to the larger remainder.
    last = await _journey(client, frozen_clock, codes, timedelta(days=7), timedelta(days=7))
    answer = (
        await _shop(client, world).order(order_payload("o-td", world.sku, 10_000, last))
    ).json()
    assert answer["attribution_model"] == "TIME_DECAY"
    stored = await _commissions(state)
    assert {who: d["amount_minor"] for who, d in stored.items()} == {first: 333, second: 667}
    shares = {c["influencer_id"]: c["share"] for c in answer["credits"]}
    assert shares == pytest.approx({first: 1 / 3, second: 2 / 3})


async def test_position_based_gives_forty_twenty_forty_over_three_touches(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "POSITION_BASED", names=2)
    who = [await _influencer_of(state, c) for c in codes]
    last = await _journey(client, frozen_clock, codes, timedelta(days=1), timedelta(hours=2))
    answer = (
        await _shop(client, world).order(order_payload("o-pb", world.sku, 10_000, last))
    ).json()
    stored = await _commissions(state)
    assert {w: d["amount_minor"] for w, d in stored.items()} == {
        who[0]: 400,
        who[1]: 200,
        who[2]: 400,
    }
    assert [c["influencer_id"] for c in answer["credits"]] == who
    assert [c["amount_minor"] for c in answer["credits"]] == [400, 200, 400]


async def test_a_partial_return_reverses_both_parts_pro_rata(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "LINEAR")
    first, second = [await _influencer_of(state, c) for c in codes]
    last = await _journey(client, frozen_clock, codes, timedelta(hours=3), timedelta(hours=1))
    shop = _shop(client, world)
    await shop.order(order_payload("o-r", world.sku, 9999, last))  # parts 500 and 499

    def refund(return_id: str, amount: int) -> dict[str, Any]:
        return {
            "return_id": return_id,
            "order_id": "o-r",
            "lines": [{"sku": world.sku, "quantity": 1, "amount": amount}],
        }

    # A third of the sale: floor(500 / 3) = 166 and floor(499 / 3) = 166.
    partial = (await shop.refund(refund("r-1", 3333))).json()
    assert partial["reversed_minor"] == 332
    parts = {c["influencer_id"]: (c["reversed_minor"], c["state"]) for c in partial["commissions"]}
    assert parts == {first: (166, "PENDING"), second: (166, "PENDING")}
    replay = (await shop.refund(refund("r-1", 3333))).json()
    assert replay["duplicate"] is True
    assert await state.db.ledger.count_documents({"kind": "REVERSAL"}) == 2
    # The rest of the sale reverses what is left of each part: 334 and 333.
    rest = (await shop.refund(refund("r-2", 6666))).json()
    assert rest["reversed_minor"] == 667
    parts = {c["influencer_id"]: (c["reversed_minor"], c["state"]) for c in rest["commissions"]}
    assert parts == {first: (500, "REVERSED"), second: (499, "REVERSED")}
    campaign = await state.db.campaigns.find_one({"_id": world.campaign_id})
    assert campaign is not None and campaign["spent_minor"] == 0


async def test_data_driven_is_credited_linear_with_the_reason_on_each_entry(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "DATA_DRIVEN")
    last = await _journey(client, frozen_clock, codes, timedelta(hours=3), timedelta(hours=1))
    answer = (await _shop(client, world).order(order_payload("o-dd", world.sku, 2000, last))).json()
    assert answer["attribution_model"] == "LINEAR"
    assert answer["attribution_note"] == DATA_DRIVEN_FALLBACK_NOTE
    stored = await _commissions(state)
    assert sorted(d["amount_minor"] for d in stored.values()) == [100, 100]
    assert {d.get("note") for d in stored.values()} == {DATA_DRIVEN_FALLBACK_NOTE}


async def test_last_click_campaigns_credit_the_last_click_alone(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "LAST_CLICK")
    second = await _influencer_of(state, codes[1])
    last = await _journey(client, frozen_clock, codes, timedelta(hours=3), timedelta(hours=1))
    answer = (await _shop(client, world).order(order_payload("o-lc", world.sku, 2000, last))).json()
    key = order_key(world.shop_id, "o-lc")
    assert answer["commission"]["id"] == ledger.order_commission_id(key)
    assert answer["attribution_model"] == "LAST_CLICK"
    assert [(c["influencer_id"], c["share"], c["amount_minor"]) for c in answer["credits"]] == [
        (second, 1.0, 200)
    ]
    stored = await _commissions(state)
    assert {who: d["amount_minor"] for who, d in stored.items()} == {second: 200}


async def test_a_creator_code_order_stays_whole_under_any_model(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "LINEAR")
    await _journey(client, frozen_clock, codes, timedelta(hours=3), timedelta(hours=1))
    payload = order_payload("o-code", world.sku, 2000, creator_code=world.creator_code)
    answer = (await _shop(client, world).order(payload)).json()
    assert answer["attribution"]["method"] == "CREATOR_CODE"
    assert [(c["influencer_id"], c["amount_minor"]) for c in answer["credits"]] == [
        (world.influencer.user.id, 200)
    ]
    assert await state.db.ledger.count_documents({}) == 1


async def test_first_click_credits_the_first_influencer_whole(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world, codes = await _world(state, gql, "FIRST_CLICK")
    first = await _influencer_of(state, codes[0])
    last = await _journey(client, frozen_clock, codes, timedelta(hours=3), timedelta(hours=1))
    shop = _shop(client, world)
    answer = (await shop.order(order_payload("o-fc", world.sku, 2000, last))).json()
    assert answer["attribution"]["influencer_id"] == first
    assert answer["attribution"]["link_id"] == world.link["id"]
    key = order_key(world.shop_id, "o-fc")
    assert answer["commission"]["id"] == ledger.order_commission_id(key)
    stored = await _commissions(state)
    assert {who: d["amount_minor"] for who, d in stored.items()} == {first: 200}
    refund = {
        "return_id": "r-fc",
        "order_id": "o-fc",
        "lines": [{"sku": world.sku, "quantity": 1, "amount": 2000}],
    }
    assert (await shop.refund(refund)).json()["commission_state"] == "REVERSED"
