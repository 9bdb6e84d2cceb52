"""The click consumer against real Redis streams and the store: batches, idempotency by click
id, and a consumer that dies holding entries — no click lost, none doubled."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import redis

from api.state import AppState
from attribution import report_refresh
from commerce import consumer
from commerce.links import new_click_id
from core.mongo import sync_db
from core.redis import key, sync_client


def _entry(link_id: str, visitor: str, *, flags: list[str] | None = None) -> dict[str, Any]:
    click: dict[str, Any] = {
        "id": new_click_id(),
        "t": 1_780_000_000_000,
        "v": visitor,
        "u": "MOBILE",
    }
    if flags:
        click["f"] = flags
    link = {"id": link_id, "url": "https://shop.example.com/p", "inf": "usr_x", "prd": "prd_x"}
    return {"l": orjson.dumps(link), "c": orjson.dumps(click), "d": 0, "b": 0}


def _fill(client: redis.Redis, stream: str, link_id: str, count: int) -> None:
    pipe = client.pipeline(transaction=False)
    for index in range(count):
        pipe.xadd(stream, _entry(link_id, f"visitor-{index}"))  # type: ignore[arg-type]
    pipe.execute()


async def _setup(state: AppState) -> tuple[redis.Redis, str, str]:
    client = sync_client(state.redis_url)
    stream = key(state.settings, "test-clicks", uuid.uuid4().hex[:8])
    link_id = "lnk_" + "0" * 26
    await state.db.links.insert_one({"_id": link_id, "clicks_total": 0, "clicks_counted": 0})
    return client, stream, link_id


async def test_a_dead_consumers_clicks_are_claimed_once(state: AppState) -> None:
    client, stream, link_id = await _setup(state)
    db = sync_db(state.settings)
    _fill(client, stream, link_id, 50)
    consumer.ensure_group(client, stream)

    # Consumer A reads a batch, writes half of it, and dies before acknowledging anything.
    reply: Any = client.xreadgroup(consumer.GROUP, "a", {stream: ">"}, count=20)
    taken = reply[0][1]
    assert len(taken) == 20
    consumer.write_clicks(
        db,
        [consumer.click_document(fields) for _, fields in taken[:10]],
        on_written=report_refresh.mark_clicked_orders,
    )

    # B drains: A's entries are not taken before they have been idle long enough.
    patient = consumer.drain(
        db,
        client,
        state.settings,
        consumer="b",
        stream=stream,
        on_written=report_refresh.mark_clicked_orders,
    )
    assert (patient.claimed, patient.read, patient.inserted) == (0, 30, 30)
    assert client.xpending(stream, consumer.GROUP)["pending"] == 20

    # Once they have, B claims them; the half A had written is not written twice.
    stats = consumer.drain(
        db,
        client,
        state.settings,
        consumer="b",
        stream=stream,
        min_idle_ms=0,
        on_written=report_refresh.mark_clicked_orders,
    )
    assert (stats.claimed, stats.read) == (20, 20)
    assert (stats.inserted, stats.duplicates) == (10, 10)
    assert await state.db.clicks.count_documents({}) == 50
    link = await state.db.links.find_one({"_id": link_id})
    assert link is not None
    assert (link["clicks_total"], link["clicks_counted"]) == (50, 50)
    assert client.xpending(stream, consumer.GROUP)["pending"] == 0
    assert client.xlen(stream) == 0

    again = consumer.drain(
        db,
        client,
        state.settings,
        consumer="c",
        stream=stream,
        min_idle_ms=0,
        on_written=report_refresh.mark_clicked_orders,
    )
    assert (again.read, again.inserted) == (0, 0)


async def test_batches_are_bounded_and_flags_are_kept(state: AppState) -> None:
    client, stream, link_id = await _setup(state)
    db = sync_db(state.settings)
    client.xadd(stream, _entry(link_id, "v1", flags=["bot"]))  # type: ignore[arg-type]
    _fill(client, stream, link_id, 25)
    client.xadd(stream, {"l": "not json", "c": "{}"})
    stats = consumer.drain(
        db,
        client,
        state.settings,
        consumer="x",
        stream=stream,
        batch=10,
        on_written=report_refresh.mark_clicked_orders,
    )
    assert (stats.batches, stats.read, stats.inserted, stats.malformed) == (3, 27, 26, 1)
    bot = await state.db.clicks.find_one({"visitor": "v1"})
    assert bot is not None and bot["flags"] == ["bot"] and bot["counted"] is False
    link = await state.db.links.find_one({"_id": link_id})
    assert link is not None
    assert (link["clicks_total"], link["clicks_counted"]) == (26, 25)
