"""Shopper points in Mongo: the append-only `points_ledger`, kept apart from the cash ledger.

The state machine is `commerce.points` (pure). This module decides whether an order earns
points, stores the entries (unique `_id` = the entry's derived id, so a resent webhook or a
retried job inserts nothing new), serialises each shopper's read-decide-append steps with a
Redis lock, and answers the reads: a shopper's balance and history, a brand's channel figures.

When an order earns points (`credit_order`, a post-step of the order webhook):

* it was credited to a link of kind SHOPPER (`commerce.points_links`) — by the same crediting
  rule as every other order (the last creditable click wins);
* the buyer is not the link's owner: an order whose customer email or shop customer id is the
  shopper's own earns nothing (buying through your own look is a discount, not a referral);
* the click was not from a flagged source (a burst from one address): points cannot be held
  for review the way a commission can, so a flagged order earns none;
* the brand's rate is not 0 (0 turns the channel off for that brand; the default is
  `points.DEFAULT_RATE_BPS`).

The decision is fixed once on the order (`points` on the order document, set only when absent)
so a resend always gets the same answer, even after the brand changes its rate. The points are
the whole order's net sale x the rate, held PENDING for the brand's shopper return window
(default: the platform's return window, `DEFAULT_RETURN_WINDOW_DAYS`), reversed pro rata by
returns inside it, and made AVAILABLE by `approve_due_sync`, which the daily commission
approval job runs too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import redis
from pymongo.errors import BulkWriteError
from redis.asyncio import Redis

from commerce import points
from commerce.campaigns import DEFAULT_RETURN_WINDOW_DAYS
from commerce.points import PointsEntry, PointsState
from commerce.points_links import is_shopper_link
from core import clock
from core.mongo import AsyncDB, Document, SyncDB
from core.paging import Page, keyset_page
from core.redis import key
from core.settings import Settings

LOCK_TIMEOUT_SECONDS = 60
LOCK_WAIT_SECONDS = 20


# --- the brand's terms ---------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """What a brand pays shoppers: a rate in basis points of the net sale, and how long points
    stay pending (the return window)."""

    rate_bps: int = points.DEFAULT_RATE_BPS
    window_days: int = DEFAULT_RETURN_WINDOW_DAYS

    @classmethod
    def from_settings(cls, stored: Document | None) -> Terms:
        stored = stored or {}
        rate = stored.get("shopper_points_bps")
        window = stored.get("shopper_return_window_days")
        return cls(
            rate_bps=points.DEFAULT_RATE_BPS if rate is None else int(rate),
            window_days=DEFAULT_RETURN_WINDOW_DAYS if window is None else int(window),
        )


async def brand_terms(db: AsyncDB, brand_id: str) -> Terms:
    doc = await db.users.find_one({"_id": brand_id}, {"brand_settings": 1})
    return Terms.from_settings((doc or {}).get("brand_settings"))


# --- writing -------------------------------------------------------------------------------


def _lock_name(settings: Settings, shopper_id: str) -> str:
    return key(settings, "points-lock", shopper_id)


def _async_lock(client: Redis, settings: Settings, shopper_id: str) -> Any:
    return client.lock(
        _lock_name(settings, shopper_id),
        timeout=LOCK_TIMEOUT_SECONDS,
        blocking_timeout=LOCK_WAIT_SECONDS,
    )


def _documents(entries: Iterable[PointsEntry]) -> list[Document]:
    return [points.entry_to_document(e) for e in entries]


def _inserted(exc: BulkWriteError) -> int:
    for error in exc.details.get("writeErrors", []):
        if error.get("code") != 11000:
            raise exc
    return int(exc.details.get("nInserted", 0))


async def _insert(db: AsyncDB, entries: Sequence[PointsEntry]) -> int:
    if not entries:
        return 0
    try:
        await db.points_ledger.insert_many(_documents(entries), ordered=False)
    except BulkWriteError as exc:
        return _inserted(exc)
    return len(entries)


def _insert_sync(db: SyncDB, entries: Sequence[PointsEntry]) -> int:
    if not entries:
        return 0
    try:
        db.points_ledger.insert_many(_documents(entries), ordered=False)
    except BulkWriteError as exc:
        return _inserted(exc)
    return len(entries)


def _entries(docs: Iterable[Document]) -> list[PointsEntry]:
    return [points.entry_from_document(d) for d in docs]


async def _credit_entries(db: AsyncDB, credit_ids: Sequence[str]) -> list[PointsEntry]:
    return _entries(await db.points_ledger.find({"credit_id": {"$in": list(credit_ids)}}).to_list())


def _is_own_order(order: Document, shopper: Document) -> bool:
    own_email = shopper.get("email_hash")
    if own_email and order.get("email_hash") == own_email:
        return True
    return bool(order.get("customer_hash")) and order["customer_hash"] in shopper.get(
        "customer_hashes", ()
    )


async def _decide(db: AsyncDB, order: Document, link: Document) -> tuple[PointsEntry | None, str]:
    """The order's CREDIT entry and ``CREDITED``, or None and why it earns nothing."""
    shopper_id = link["influencer_id"]
    attribution = order.get("attribution") or {}
    shopper = await db.users.find_one({"_id": shopper_id}, {"email_hash": 1, "customer_hashes": 1})
    if shopper is None:
        return None, "NO_SHOPPER"
    if _is_own_order(order, shopper):
        return None, "SELF_PURCHASE"
    if attribution.get("hold"):
        return None, "FLAGGED_SOURCE"
    terms = await brand_terms(db, order["brand_id"])
    if terms.rate_bps == 0:
        return None, "CHANNEL_OFF"
    entry = points.new_credit(
        order_id=order["_id"],
        shopper_id=shopper_id,
        brand_id=order["brand_id"],
        currency=order["currency"],
        sale_minor=int(order["total_minor"]),
        rate_bps=terms.rate_bps,
        at=clock.as_utc(order["at"]),
        window=timedelta(days=terms.window_days),
        link_id=link["_id"],
        post_id=link.get("post_id"),
        product_id=link.get("product_id"),
    )
    return (entry, "CREDITED") if entry is not None else (None, "ZERO_POINTS")


async def credit_order(
    db: AsyncDB, client: Redis, settings: Settings, order_key: str
) -> dict[str, Any] | None:
    """Credit the order's points if it came through a shopper's link; the webhook's answer
    (``status``, ``points``, ``reason``), or None when no shopper's link was credited."""
    order = await db.orders.find_one({"_id": order_key})
    if order is None or order.get("state") == "RECEIVED":
        return None
    if order.get("points") is not None:
        return dict(order["points"])
    link_id = (order.get("attribution") or {}).get("link_id")
    link = await db.links.find_one({"_id": link_id}) if link_id else None
    if not is_shopper_link(link):
        return None
    assert link is not None
    entry, status = await _decide(db, order, link)
    if entry is not None:
        async with _async_lock(client, settings, entry.shopper_id):
            await _insert(db, [entry])
    answer: dict[str, Any] = {
        "status": "CREDITED" if entry else "NOT_CREDITED",
        "shopper_id": link["influencer_id"],
        "points": entry.points if entry else 0,
        "reason": None if entry else status,
        "available_after": entry.window_closes_at.isoformat()
        if entry and entry.window_closes_at
        else None,
    }
    # Fixed once: a resend (or a takeover after a crash) answers with the first decision.
    await db.orders.update_one(
        {"_id": order_key, "points": {"$exists": False}}, {"$set": {"points": answer}}
    )
    stored = await db.orders.find_one({"_id": order_key}, {"points": 1})
    return dict((stored or {}).get("points") or answer)


async def reverse_for_return(
    db: AsyncDB, client: Redis, settings: Settings, return_key: str
) -> dict[str, Any] | None:
    """Reverse the order's points pro rata for a stored return; the webhook's answer
    (``reversed``, ``status``), or None when the order earned no points."""
    returned = await db.returns.find_one({"_id": return_key})
    if returned is None or returned.get("state") != "DONE":
        return None
    credit = points.credit_id(returned["order_key"])
    head = await db.points_ledger.find_one({"_id": credit}, {"shopper_id": 1})
    if head is None:
        return None
    async with _async_lock(client, settings, head["shopper_id"]):
        entries = await _credit_entries(db, [credit])
        new = points.apply_return(
            entries,
            credit,
            return_key,
            int(returned["amount_minor"]),
            # The return's own arrival decides inside or after the window, even on a resend.
            clock.as_utc(returned["at"]),
        )
        await _insert(db, new)
        state = points.fold([*entries, *new])[credit]
    return {"reversed": state.reversed, "status": state.status.value}


def approve_due_sync(db: SyncDB, client: redis.Redis, settings: Settings, now: datetime) -> int:
    """APPROVAL entries for pending points whose return window has closed; how many."""
    shoppers = db.points_ledger.distinct(
        "shopper_id", {"kind": points.EntryKind.CREDIT.value, "window_closes_at": {"$lte": now}}
    )
    approved = 0
    for shopper_id in sorted(shoppers):
        with client.lock(
            _lock_name(settings, shopper_id),
            timeout=LOCK_TIMEOUT_SECONDS,
            blocking_timeout=LOCK_WAIT_SECONDS,
        ):
            entries = _entries(db.points_ledger.find({"shopper_id": shopper_id}))
            approved += _insert_sync(db, points.approve_due(entries, now))
    return approved


# --- reading -------------------------------------------------------------------------------


async def shopper_states(db: AsyncDB, shopper_id: str) -> list[PointsState]:
    """Every credit of the shopper in its current state."""
    entries = _entries(await db.points_ledger.find({"shopper_id": shopper_id}).to_list())
    return list(points.fold(entries).values())


async def shopper_history(
    db: AsyncDB, shopper_id: str, *, first: int, after: str | None, maximum: int
) -> Page[PointsState]:
    """A page of the shopper's credited orders, newest first, each in its current state."""
    page = await keyset_page(
        db.points_ledger,
        {"shopper_id": shopper_id, "kind": points.EntryKind.CREDIT.value},
        first=first,
        after=after,
        maximum=maximum,
        to_item=lambda d: str(d["_id"]),
        sort_field="at",
        projection={"_id": 1, "at": 1},
    )
    states = points.fold(await _credit_entries(db, page.items))
    return page.map(lambda credit: states[credit])


async def shop_order_ids(db: AsyncDB, order_keys: Sequence[str]) -> dict[str, str]:
    """The shop's own order number for each stored order (what the shopper knows it by)."""
    docs = await db.orders.find({"_id": {"$in": list(order_keys)}}, {"order_id": 1}).to_list()
    return {d["_id"]: d["order_id"] for d in docs}


async def channel_figures(
    db: AsyncDB, brand_id: str, start: datetime, end: datetime, currency: str
) -> points.ChannelFigures:
    """The brand's shopper channel for orders placed in [start, end) in ``currency``."""
    credits = await db.points_ledger.find(
        {
            "brand_id": brand_id,
            "kind": points.EntryKind.CREDIT.value,
            "at": {"$gte": start, "$lt": end},
            "currency": currency,
        },
        {"_id": 1},
    ).to_list()
    states = list(points.fold(await _credit_entries(db, [c["_id"] for c in credits])).values())
    orders = await db.orders.find(
        {"_id": {"$in": [s.order_id for s in states]}}, {"customer_hash": 1, "at": 1}
    ).to_list()
    hashes = {o["_id"]: o["customer_hash"] for o in orders if o.get("customer_hash")}
    # A customer is new when this is their first order with the brand: the earliest order of
    # each customer (before the period's end) is looked up once for all of them.
    first_order: dict[str, tuple[datetime, str]] = {}
    async for doc in db.orders.find(
        {"brand_id": brand_id, "customer_hash": {"$in": sorted(set(hashes.values()))}},
        {"customer_hash": 1, "at": 1},
    ):
        mark = (clock.as_utc(doc["at"]), doc["_id"])
        known = first_order.get(doc["customer_hash"])
        if known is None or mark < known:
            first_order[doc["customer_hash"]] = mark
    new = {order for order, h in hashes.items() if first_order.get(h, (None, None))[1] == order}
    return points.channel_figures(states, currency, new)
