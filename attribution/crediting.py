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

`attribute_order` applies the campaign's configured attribution model on top of that rule, so
the credited commission follows the model (reports may use any model):

* A creator-code order, an order whose chosen click is on a link outside any campaign, and every
  order of a `LAST_CLICK` campaign keep the single credit above, unchanged.
* Otherwise the order's journey is the visitor's creditable clicks on the brand's links of the
  credited campaign, inside its attribution window, before the order: exactly the candidates the
  rule above walks through, kept to the one campaign whose commission rule, currency and budget
  pay for the order. The journey runs through the attribution engine (`attribution.models`) with
  channel = influencer: credits per influencer summing to 1, one ledger commission each. A
  journey whose credit all goes to one influencer is credited whole to them (the last click's
  influencer keeps exactly today's credit). The model's time decay uses the reports' half-life
  (`report_half_life_days`), so the ledger and a report under the same model agree. Bursts
  stay in the journey (the rule above credits them too, on hold), so no click the rule would
  credit is lost to the engine's burst filter.
* `DATA_DRIVEN` cannot be computed from one journey: removal effects come from the paths of many
  customers, converting and not, and the report cache keeps report rows, not removal effects.
  Nor does the model's credit name orders: the reports give each channel RE / sum RE of all
  conversions (`attribution.markov`), and the per-order split by removal effect is only the
  weights that divide that credit beneath a channel. So a DATA_DRIVEN campaign's order is
  credited under `LINEAR` and the reason is recorded with the credit (`Attribution.note`,
  carried onto the ledger entries), so the reports' DATA_DRIVEN view and the ledger are never
  silently mistaken for each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from attribution.journeys import Channel
from attribution.models import DEFAULT_HALF_LIFE_DAYS, attribute
from attribution.reporting import CONVERSION_SCHEMA, TOUCH_SCHEMA
from commerce.attribution_models import AttributionModel
from commerce.campaigns import MAX_WINDOW_DAYS, Campaign
from commerce.clicks import FLAG_BURST, UNCREDITABLE
from commerce.credits import (
    Attribution,
    Credit,
    CreditMethod,
    CreditShare,
    OrderFacts,
)
from commerce.ledger import HoldReason
from commerce.links import is_click_id
from core import clock
from core.mongo import AsyncDB, Document
from core.settings import Settings

# How many of a visitor's latest clicks are considered; far more than any real journey.
MAX_CANDIDATES = 200


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


@dataclass(frozen=True)
class _Candidates:
    """The clicks the rule may credit, newest first, and the order's own click as a fallback."""

    eligible: list[tuple[Document, Document]]  # (click, link)
    fallback: Credit | None


async def _click_candidates(
    db: AsyncDB, settings: Settings, order: OrderFacts
) -> _Candidates | None:
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
    eligible = []
    for click in clicks:
        if set(click.get("flags", ())) & UNCREDITABLE:
            continue
        link = links.get(click["link_id"])
        if link is not None and _eligible(click, link, campaigns, order, settings):
            eligible.append((click, link))
    link = links.get(named["link_id"])
    fallback = (
        _credit_for(named, link, HoldReason.FLAGGED_SOURCE)
        if link is not None and _eligible(named, link, campaigns, order, settings)
        else None
    )
    return _Candidates(eligible, fallback)


def _burst_hold(click: Document) -> HoldReason | None:
    return HoldReason.FLAGGED_SOURCE if FLAG_BURST in click.get("flags", ()) else None


async def _by_click(db: AsyncDB, settings: Settings, order: OrderFacts) -> Credit | None:
    candidates = await _click_candidates(db, settings, order)
    if candidates is None:
        return None
    if candidates.eligible:
        click, link = candidates.eligible[0]
        return _credit_for(click, link, _burst_hold(click))
    return candidates.fallback


async def credit_order(db: AsyncDB, settings: Settings, order: OrderFacts) -> Credit | None:
    """The influencer (and link, post, campaign) this order is credited to, or None."""
    return await _by_code(db, order) or await _by_click(db, settings, order)


# --- the campaign's attribution model ---------------------------------------------------------

DATA_DRIVEN_FALLBACK_NOTE = (
    "DATA_DRIVEN needs the journeys of many customers; this order was credited under LINEAR"
)


def _single(
    credit: Credit,
    model: AttributionModel = AttributionModel.LAST_CLICK,
    note: str | None = None,
) -> Attribution:
    return Attribution(credit, model, (CreditShare(credit, 1.0),), note)


def _order_model(campaign: Campaign | None) -> tuple[AttributionModel, str | None]:
    """The model an order of ``campaign`` is credited under, and why, if not the configured one."""
    if campaign is None:
        return AttributionModel.LAST_CLICK, None
    if campaign.attribution_model is AttributionModel.DATA_DRIVEN:
        return AttributionModel.LINEAR, DATA_DRIVEN_FALLBACK_NOTE
    return campaign.attribution_model, None


def touch_row(
    touch_id: str,
    visitor: str,
    customer: str | None,
    source: Document,
    at_ms: int,
    *,
    is_bot: bool = False,
    is_click: bool = True,
) -> tuple[Any, ...]:
    """A touchpoint in the engine's `TOUCH_SCHEMA` shape; ids are taken from ``source``."""
    return (
        touch_id,
        visitor,
        customer,
        source.get("influencer_id"),
        source.get("post_id"),
        source.get("link_id"),
        source.get("campaign_id"),
        at_ms,
        is_bot,
        is_click,
    )


def epoch_ms(at: datetime) -> int:
    return int(clock.as_utc(at).timestamp() * 1000)


def journey_credits(
    touches: Sequence[tuple[str, str, int]],
    order_ms: int,
    model: AttributionModel,
    *,
    currency: str,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> dict[str, float]:
    """Credit per influencer for one order's journey of (touch id, influencer id, time in ms).

    Every touch is taken as given (the caller has already chosen the journey): the window is
    made wide enough to hold it and the burst filter is off. The engine counts only touches
    strictly before the order, so a touch in the order's own millisecond is moved one
    millisecond earlier, as the reports do with a creator code's touchpoint.
    """
    if not touches:
        return {}
    oldest = min(ts for _, _, ts in touches)
    rows = [
        touch_row(
            touch_id,
            "journey",
            "journey",
            {"influencer_id": who, "link_id": touch_id, "campaign_id": "journey"},
            min(ts, order_ms - 1),
        )
        for touch_id, who, ts in touches
    ]
    credits = attribute(
        pl.DataFrame(rows, schema=TOUCH_SCHEMA, orient="row"),
        pl.DataFrame(
            # Shares ignore money: the order's revenue is left at zero.
            [("order", "journey", order_ms, 0, currency, False, 0)],
            schema=CONVERSION_SCHEMA,
            orient="row",
        ),
        model,
        Channel.INFLUENCER,
        window_days=(order_ms - oldest) / 86_400_000 + 1,
        half_life_days=half_life_days,
        max_clicks_per_minute=None,
    )
    totals: dict[str, float] = {}
    for who, credit in credits.select("channel", "credit").iter_rows():
        totals[who] = totals.get(who, 0.0) + credit
    return totals


async def attribute_order(db: AsyncDB, settings: Settings, order: OrderFacts) -> Attribution | None:
    """The order's credit split by its campaign's attribution model (see the module docstring)."""

    async def model_of(credit: Credit) -> tuple[AttributionModel, str | None]:
        if credit.campaign_id is None:
            return _order_model(None)
        return _order_model((await _campaigns(db, {credit.campaign_id})).get(credit.campaign_id))

    # A journey of one touchpoint gets all the credit under every model: a creator code, or a
    # held click whose id came back with the order, stays whole.
    by_code = await _by_code(db, order)
    if by_code is not None:
        return _single(by_code, *await model_of(by_code))
    candidates = await _click_candidates(db, settings, order)
    if candidates is None:
        return None
    if not candidates.eligible:
        fallback = candidates.fallback
        return _single(fallback, *await model_of(fallback)) if fallback else None
    last_click, last_link = candidates.eligible[0]
    credit = _credit_for(last_click, last_link, _burst_hold(last_click))
    model, note = await model_of(credit)
    if model is AttributionModel.LAST_CLICK:
        return _single(credit)
    journey = sorted(
        (
            (click, link)
            for click, link in candidates.eligible
            if link.get("campaign_id") == credit.campaign_id
        ),
        key=lambda pair: (clock.as_utc(pair[0]["at"]), pair[0]["_id"]),
    )
    credits = journey_credits(
        [(c["_id"], link["influencer_id"], epoch_ms(c["at"])) for c, link in journey],
        epoch_ms(order.at),
        model,
        currency=order.currency,
        half_life_days=settings.report_half_life_days,
    )
    shares: list[CreditShare] = []
    for influencer_id in dict.fromkeys(link["influencer_id"] for _, link in journey):
        if credits.get(influencer_id, 0.0) <= 0:
            continue
        own = [(c, link) for c, link in journey if link["influencer_id"] == influencer_id]
        latest_click, latest_link = own[-1]
        # Any flagged click that earned this influencer credit puts their part on hold.
        hold = next((h for c, _ in own if (h := _burst_hold(c))), None)
        shares.append(
            CreditShare(_credit_for(latest_click, latest_link, hold), credits[influencer_id])
        )
    if len(shares) == 1:
        # One influencer earns it all (FIRST_CLICK may name another than the last click).
        whole = (
            credit if shares[0].credit.influencer_id == credit.influencer_id else shares[0].credit
        )
        return _single(whole, model, note)
    return Attribution(credit, model, tuple(shares), note)
