"""Which influencer, link and campaign an order is credited to: the seam for attribution models.

`credit_order` answers one question for the order webhook and nothing else: who gets the
commission. Today's rule (the campaigns' default `LAST_CLICK`):

1. A creator code on the order wins: the shopper typed an influencer's code at checkout, which
   is the most explicit signal there is. The code must belong to a campaign of the order's
   brand that was running when the order came in.
2. Otherwise the order's click id names a visitor; of that visitor's clicks before the order,
   the last one that may be credited is chosen: on a link of the order's brand, inside the
   attribution window of the link's campaign (or the default window for links outside
   campaigns), made while that campaign was running. HEAD requests, bots and link-preview
   fetchers never count. A click from a burst of clicks from one address is credited but put
   on hold (a flagged source).
3. If the only click is one that may not be credited (a bot or preview fetch whose click id
   nonetheless came back with a real order), the order is credited to its link but held for
   review: that is what click injection looks like.

The attribution engine can replace this function wholesale: it gets the same `OrderFacts`
and must return a `Credit` (or None).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from attribution.campaigns import MAX_WINDOW_DAYS, Campaign
from attribution.clicks import FLAG_BURST, UNCREDITABLE
from attribution.ledger import HoldReason
from attribution.links import is_click_id
from core import clock
from core.mongo import AsyncDB, Document
from core.settings import Settings

# How many of a visitor's latest clicks are considered; far more than any real journey.
MAX_CANDIDATES = 200


class CreditMethod(StrEnum):
    CLICK = "CLICK"
    CREATOR_CODE = "CREATOR_CODE"


@dataclass(frozen=True)
class OrderFacts:
    order_id: str
    brand_id: str
    at: datetime
    click_id: str | None
    creator_code: str | None


@dataclass(frozen=True)
class Credit:
    influencer_id: str
    method: CreditMethod
    link_id: str | None = None
    campaign_id: str | None = None
    post_id: str | None = None
    click_id: str | None = None
    hold: HoldReason | None = None

    def as_document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"influencer_id": self.influencer_id, "method": self.method.value}
        for name in ("link_id", "campaign_id", "post_id", "click_id"):
            value = getattr(self, name)
            if value is not None:
                doc[name] = value
        if self.hold is not None:
            doc["hold"] = self.hold.value
        return doc


async def _campaigns(db: AsyncDB, ids: set[str]) -> dict[str, Campaign]:
    if not ids:
        return {}
    docs = await db.campaigns.find({"_id": {"$in": sorted(ids)}}).to_list()
    return {d["_id"]: Campaign.from_doc(d) for d in docs}


async def _by_code(db: AsyncDB, order: OrderFacts) -> Credit | None:
    if not order.creator_code:
        return None
    owner = await db.creator_codes.find_one({"_id": order.creator_code.strip().upper()})
    if owner is None or owner["brand_id"] != order.brand_id:
        return None
    campaign = (await _campaigns(db, {owner["campaign_id"]})).get(owner["campaign_id"])
    if campaign is None or not campaign.running_at(order.at):
        return None
    return Credit(
        influencer_id=owner["influencer_id"],
        method=CreditMethod.CREATOR_CODE,
        campaign_id=campaign.id,
    )


def _window(campaign: Campaign | None, settings: Settings) -> timedelta:
    days = (
        campaign.attribution_window_days if campaign else settings.default_attribution_window_days
    )
    return timedelta(days=days)


def _eligible(
    click: Document,
    link: Document | None,
    campaigns: dict[str, Campaign],
    order: OrderFacts,
    settings: Settings,
) -> bool:
    if link is None or link["brand_id"] != order.brand_id:
        return False
    at = clock.as_utc(click["at"])
    campaign = campaigns.get(link["campaign_id"]) if link.get("campaign_id") else None
    if link.get("campaign_id") and (campaign is None or not campaign.running_at(at)):
        return False
    return order.at - _window(campaign, settings) <= at <= order.at


def _credit_for(click: Document, link: Document, hold: HoldReason | None) -> Credit:
    return Credit(
        influencer_id=link["influencer_id"],
        method=CreditMethod.CLICK,
        link_id=link["_id"],
        campaign_id=link.get("campaign_id"),
        post_id=link.get("post_id"),
        click_id=click["_id"],
        hold=hold,
    )


async def _by_click(db: AsyncDB, settings: Settings, order: OrderFacts) -> Credit | None:
    if not order.click_id or not is_click_id(order.click_id):
        return None
    named = await db.clicks.find_one({"_id": order.click_id})
    if named is None:
        return None
    since = order.at - timedelta(days=MAX_WINDOW_DAYS)
    clicks = (
        await db.clicks.find({"visitor": named["visitor"], "at": {"$gte": since, "$lte": order.at}})
        .sort([("at", -1), ("_id", -1)])
        .limit(MAX_CANDIDATES)
        .to_list()
    )
    if not any(c["_id"] == named["_id"] for c in clicks):
        clicks.append(named)
    link_ids = sorted({c["link_id"] for c in clicks})
    links = {d["_id"]: d for d in await db.links.find({"_id": {"$in": link_ids}}).to_list()}
    campaigns = await _campaigns(
        db, {d["campaign_id"] for d in links.values() if d.get("campaign_id")}
    )
    for click in clicks:
        flags = set(click.get("flags", ()))
        if flags & UNCREDITABLE:
            continue
        link = links.get(click["link_id"])
        if link is not None and _eligible(click, link, campaigns, order, settings):
            hold = HoldReason.FLAGGED_SOURCE if FLAG_BURST in flags else None
            return _credit_for(click, link, hold)
    link = links.get(named["link_id"])
    if link is not None and _eligible(named, link, campaigns, order, settings):
        return _credit_for(named, link, HoldReason.FLAGGED_SOURCE)
    return None


async def credit_order(db: AsyncDB, settings: Settings, order: OrderFacts) -> Credit | None:
    """The influencer (and link, post, campaign) this order is credited to, or None."""
    return await _by_code(db, order) or await _by_click(db, settings, order)
