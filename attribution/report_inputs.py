"""Loads one brand's report data from Mongo into the frames of `attribution.reporting`.

Runs in Celery tasks only (synchronous driver): it reads the raw click history, which the
request path never does. Every read is by an indexed key — the brand's links, clicks by link and
time, orders by brand and time, ledger entries by order and by subject — in chunks so no `$in`
grows without bound.

Identity: orders carry a keyed hash of the shop's customer id. An order's click id names the
visitor who clicked, which links that visitor's clicks to the customer. An order without a
customer id but with a click stands for a customer of its own (so the click still earns credit,
as it does in the ledger); it never counts as a new customer, as nobody can tell. An order with
neither gets no credit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from attribution.journeys import Channel
from attribution.reporting import (
    CONVERSION_SCHEMA,
    COST_SCHEMA,
    IDENTITY_SCHEMA,
    LINE_SCHEMA,
    TOUCH_SCHEMA,
    CampaignTerms,
    ReportInputs,
)
from commerce.campaigns import Campaign
from commerce.clicks import UNCREDITABLE
from commerce.commission import RuleKind
from commerce.points_links import is_shopper_link
from core import clock
from core.mongo import Document, SyncDB, chunks

CHUNK = 1000
LABEL_MAX = 60
CODE_PREFIX = "code:"
ANONYMOUS_PREFIX = "order:"


def epoch_ms(at: datetime) -> int:
    return int(clock.as_utc(at).timestamp() * 1000)


def _find_in(
    db: SyncDB,
    collection: str,
    field: str,
    values: Iterable[Any],
    extra: dict[str, Any] | None = None,
    projection: dict[str, int] | None = None,
) -> list[Document]:
    found: list[Document] = []
    for part in chunks(sorted(set(values)), CHUNK):
        found.extend(db[collection].find({field: {"$in": part}, **(extra or {})}, projection))
    return found


def campaign_terms(doc: Document) -> CampaignTerms:
    campaign = Campaign.from_doc(doc)
    return CampaignTerms(
        id=campaign.id,
        currency=campaign.currency,
        rule=campaign.rule,
        product_ids=frozenset(campaign.product_ids),
        model=campaign.attribution_model,
        window_days=campaign.attribution_window_days,
    )


def _touch(
    touch_id: str,
    visitor: str,
    customer: str | None,
    source: Document,
    at: datetime,
    *,
    is_bot: bool,
    is_click: bool,
) -> tuple[Any, ...]:
    return (
        touch_id,
        visitor,
        customer,
        source.get("influencer_id"),
        source.get("post_id"),
        source.get("link_id"),
        source.get("campaign_id"),
        epoch_ms(at),
        is_bot,
        is_click,
    )


def load_inputs(
    db: SyncDB, brand_id: str, start: datetime, end: datetime, lookback_days: int
) -> ReportInputs:
    """The brand's data for orders in [start, end) and clicks from `lookback_days` before."""
    now = clock.now()
    campaign_docs = list(db.campaigns.find({"brand_id": brand_id}))
    campaigns = {d["_id"]: campaign_terms(d) for d in campaign_docs}
    # Shoppers' look links are the shopper channel (`commerce.points_store`), reported beside
    # the KOLs rather than as KOLs: their clicks stay out of these journeys.
    links = [
        d
        for d in db.links.find(
            {"brand_id": brand_id},
            {"code": 1, "influencer_id": 1, "campaign_id": 1, "post_id": 1, "kind": 1},
        )
        if not is_shopper_link(d)
    ]
    since = start - timedelta(days=lookback_days)
    clicks = _find_in(
        db,
        "clicks",
        "link_id",
        (d["_id"] for d in links),
        {"at": {"$gte": since, "$lt": end}},
        {
            "link_id": 1,
            "influencer_id": 1,
            "campaign_id": 1,
            "post_id": 1,
            "at": 1,
            "visitor": 1,
            "flags": 1,
        },
    )
    orders = list(
        db.orders.find(
            {"brand_id": brand_id, "at": {"$gte": start, "$lt": end}, "state": {"$ne": "RECEIVED"}},
            {
                "customer_hash": 1,
                "at": 1,
                "total_minor": 1,
                "returned_minor": 1,
                "currency": 1,
                "click_id": 1,
                "attribution": 1,
                "lines": 1,
            },
        )
    )

    order_clicks = {
        d["_id"]: d["visitor"]
        for d in _find_in(
            db,
            "clicks",
            "_id",
            (o["click_id"] for o in orders if o.get("click_id")),
            projection={"visitor": 1},
        )
    }
    customers: dict[str, str | None] = {}
    identities: list[tuple[str, str]] = []
    touches = [
        _touch(
            c["_id"],
            c["visitor"],
            None,
            c,
            c["at"],
            is_bot=bool(UNCREDITABLE & set(c.get("flags", ()))),
            is_click=True,
        )
        for c in clicks
    ]
    for order in orders:
        visitor = order_clicks.get(order.get("click_id") or "")
        credit = order.get("attribution") or {}
        by_code = credit.get("method") == "CREATOR_CODE"
        customer = order.get("customer_hash") or (
            ANONYMOUS_PREFIX + order["_id"] if visitor or by_code else None
        )
        customers[order["_id"]] = customer
        if visitor and customer:
            identities.append((visitor, customer))
        if by_code:
            touches.append(
                _touch(
                    CODE_PREFIX + order["_id"],
                    CODE_PREFIX + order["_id"],
                    customer,
                    credit,
                    clock.as_utc(order["at"]) - timedelta(milliseconds=1),
                    is_bot=False,
                    is_click=False,
                )
            )

    known = {
        d["customer_hash"]
        for d in _find_in(
            db,
            "orders",
            "customer_hash",
            (o["customer_hash"] for o in orders if o.get("customer_hash")),
            {"brand_id": brand_id, "at": {"$lt": start}},
            {"customer_hash": 1},
        )
    }
    conversions = pl.DataFrame(
        [
            (
                o["_id"],
                customers[o["_id"]],
                epoch_ms(o["at"]),
                int(o["total_minor"]),
                o["currency"],
                # Refined below: only a customer's first order in the range can be new.
                bool(o.get("customer_hash")) and o["customer_hash"] not in known,
                int(o.get("returned_minor", 0)),
            )
            for o in orders
        ],
        schema=CONVERSION_SCHEMA,
        orient="row",
    )
    first_in_range = (
        pl.col("ts").rank("ordinal").over("customer_id") == 1
    )  # ties broken by input order, which is sorted by id below
    conversions = conversions.sort("ts", "conversion_id").with_columns(
        (pl.col("is_new_customer") & first_in_range).alias("is_new_customer")
    )
    lines = pl.DataFrame(
        [
            (o["_id"], line.get("product_id"), int(line["amount_minor"]))
            for o in orders
            for line in o.get("lines", ())
        ],
        schema=LINE_SCHEMA,
        orient="row",
    )
    return ReportInputs(
        brand_id=brand_id,
        start_ms=epoch_ms(start),
        end_ms=epoch_ms(end),
        now_ms=epoch_ms(now),
        touchpoints=pl.DataFrame(touches, schema=TOUCH_SCHEMA, orient="row"),
        conversions=conversions,
        identities=pl.DataFrame(identities, schema=IDENTITY_SCHEMA, orient="row").unique(),
        order_lines=lines,
        ledger=_order_commissions(db, [o["_id"] for o in orders]),
        fixed_fees=_fixed_fees(db, list(campaigns), start, end),
        campaigns=campaigns,
        labels=_labels(db, campaign_docs, links, touches),
    )


def _net_costs(db: SyncDB, openings: list[Document]) -> pl.DataFrame:
    """Net amount (opening plus reversals and rejections) per commission, with its channels."""
    net: dict[str, int] = {}
    for entry in _find_in(
        db,
        "ledger",
        "subject_id",
        (d["_id"] for d in openings),
        projection={"subject_id": 1, "amount_minor": 1},
    ):
        net[entry["subject_id"]] = net.get(entry["subject_id"], 0) + int(entry["amount_minor"])
    return pl.DataFrame(
        [
            (
                d.get("order_id"),
                d.get("campaign_id"),
                d["influencer_id"],
                d.get("link_id"),
                d.get("post_id"),
                d["currency"],
                net.get(d["_id"], 0),
            )
            for d in openings
        ],
        schema=COST_SCHEMA,
        orient="row",
    )


_OPENING = {
    "campaign_id": 1,
    "influencer_id": 1,
    "link_id": 1,
    "post_id": 1,
    "currency": 1,
    "order_id": 1,
}


def _order_commissions(db: SyncDB, order_ids: list[str]) -> pl.DataFrame:
    openings = _find_in(db, "ledger", "order_id", order_ids, {"kind": "COMMISSION"}, _OPENING)
    return _net_costs(db, openings)


def _fixed_fees(
    db: SyncDB, campaign_ids: list[str], start: datetime, end: datetime
) -> pl.DataFrame:
    openings = _find_in(
        db,
        "ledger",
        "campaign_id",
        campaign_ids,
        {"kind": "COMMISSION", "rule": RuleKind.FIXED_FEE.value, "at": {"$gte": start, "$lt": end}},
        _OPENING,
    )
    return _net_costs(db, openings)


def _short(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _labels(
    db: SyncDB, campaigns: list[Document], links: list[Document], touches: list[tuple[Any, ...]]
) -> dict[Channel, dict[str, str]]:
    influencer_column = list(TOUCH_SCHEMA).index("influencer_id")
    influencer_ids = {d["influencer_id"] for d in links} | {
        t[influencer_column] for t in touches if t[influencer_column]
    }
    post_ids = {d["post_id"] for d in links if d.get("post_id")}
    users = _find_in(db, "users", "_id", influencer_ids, projection={"display_name": 1})
    posts = _find_in(db, "posts", "_id", post_ids, projection={"caption": 1})
    return {
        Channel.CAMPAIGN: {d["_id"]: d["name"] for d in campaigns},
        Channel.INFLUENCER: {d["_id"]: d["display_name"] for d in users},
        Channel.LINK: {d["_id"]: d["code"] for d in links},
        Channel.POST: {d["_id"]: label for d in posts if (label := _short(d.get("caption")))},
    }
