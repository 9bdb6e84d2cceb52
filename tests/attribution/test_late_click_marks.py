"""A click written after an order that names it raises the brand's report change mark."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.state import AppState
from attribution import report_refresh
from attribution.report_cache import day_start
from commerce import consumer
from commerce.links import new_click_id
from core import clock
from core.mongo import sync_db

BRAND, BUSY, QUIET = (
    "usr_brand0000000000000000000000",
    "usr_busy00000000000000000000000",
    "usr_quiet0000000000000000000000",
)


def click(click_id: str, at_days_ago: int = 0) -> dict[str, Any]:
    return {
        "_id": click_id,
        "link_id": "lnk_" + "1" * 26,
        "influencer_id": "usr_a",
        "product_id": "prd_a",
        "at": clock.now() - timedelta(days=at_days_ago),
        "visitor": "visitor-0000000000000001",
        "ua": "MOBILE",
        "counted": True,
    }


def order(order_id: str, brand: str, click_id: str, state: str = "NOT_CREDITED") -> dict[str, Any]:
    return {
        "_id": order_id,
        "brand_id": brand,
        "click_id": click_id,
        "at": clock.now(),
        "state": state,
        "processed_at": clock.now(),
    }


async def test_only_processed_orders_naming_a_new_click_mark_their_brand(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    late, in_progress, unrelated = new_click_id(), new_click_id(), new_click_id()
    db.orders.insert_many(
        [
            order("ord_1", BRAND, late),
            # Still being processed: the sweep will see it when it is done.
            order("ord_2", BUSY, in_progress, state="RECEIVED"),
            order("ord_3", QUIET, new_click_id()),
        ]
    )
    inserted, _ = consumer.write_clicks(
        db,
        [click(late, at_days_ago=2), click(in_progress), click(unrelated)],
        on_written=report_refresh.mark_clicked_orders,
    )
    assert inserted == 3
    marks = {d["_id"]: d for d in db.report_dirty.find()}
    assert set(marks) == {BRAND}
    assert marks[BRAND]["version"] == 1 and marks[BRAND]["pending"] is True
    # The click's day, which is earlier than the order's: reports over it are touched too.
    assert marks[BRAND]["since"] == day_start((clock.now() - timedelta(days=2)).date())

    # The same click written again (a redelivered batch) inserts nothing and marks nothing.
    assert consumer.write_clicks(
        db, [click(late, at_days_ago=2)], on_written=report_refresh.mark_clicked_orders
    ) == (0, 1)
    mark = db.report_dirty.find_one({"_id": BRAND})
    assert mark is not None and mark["version"] == 1
