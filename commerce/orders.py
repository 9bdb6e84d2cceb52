"""Order and return webhooks: verify, validate, store once, credit, and write the ledger.

Every check happens before anything is stored, so a refused webhook leaves no trace. An order
is stored under an id derived from (shop, the shop's order id): the unique `_id` index makes a
redelivery, or ten copies arriving at once, land on one document. The copy that stored it does
the work; the others wait briefly for its result and answer with the same attribution. If the
worker that stored an order died before finishing, the next delivery takes it over once its
lease has expired, and every later step is idempotent (the ledger entry id is derived from the
order, the return entry id from the return).

Attribution follows the campaign's model: the caller hands in `attribute`
(`attribution.crediting.attribute_order`, which sits above commerce). When the
model splits an order between several influencers, each gets its own commission entry with an id
derived from (order, influencer) (`ledger.order_commission_id(order, part=influencer)`). The
ledger's contract that a redelivered order can never credit anyone new still holds, because
neither the split nor the amounts are ever recomputed: the first worker fixes the split on the
order document (a conditional single-document update; a later worker adopts what is stored), then
fixes the amounts the same way, and the entries are built from the stored plan only. Each part is
reversed pro rata by returns, like a single commission.

Times: the order's time is when the webhook arrived (the platform clock), not a time the shop
states, so an order cannot be back-dated into an attribution window or out of a return window.
Customer ids are stored only as keyed hashes; a customer email is hashed on arrival and only
compared with the influencer's own email hash, never stored in clear.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
from pymongo import ReturnDocument
from redis.asyncio import Redis

from accounts import records
from accounts.users import email_hash
from commerce import campaigns as campaigns_io
from commerce import earnings, ledger, signing
from commerce.campaigns import DEFAULT_RETURN_WINDOW_DAYS, Campaign
from commerce.catalog import CURRENCY_EXPONENTS
from commerce.commission import CommissionError, RuleKind, allocate, order_commission
from commerce.credits import Attribute, Attribution, Credit, OrderFacts
from commerce.links import is_click_id
from commerce.products import product_id
from commerce.shops import Shop, get_shop
from commerce.tasks import notify_budget_exhausted
from core import clock
from core.derived_ids import derived_id
from core.mongo import AsyncDB, Document, is_duplicate
from core.settings import Settings

log = logging.getLogger(__name__)

SHOP_HEADER = "X-Trendloop-Shop"
MAX_LINES = 500
MAX_QUANTITY = 100_000
MAX_AMOUNT = 10**12
LEASE = timedelta(seconds=30)
WAIT_FOR_PEER_SECONDS = 5.0


class WebhookError(Exception):
    """A refused webhook: HTTP status, a stable code and a message for the shop's developers."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _bad(code: str, message: str, status: int = 422) -> WebhookError:
    return WebhookError(status, code, message)


# --- signature -----------------------------------------------------------------------------


async def verify_request(
    db: AsyncDB, settings: Settings, shop_id: str | None, signature: str | None, body: bytes
) -> Shop:
    if not shop_id:
        raise WebhookError(401, "UNKNOWN_SHOP", f"Send your shop id in {SHOP_HEADER}.")
    shop = await get_shop(db, shop_id)
    if shop is None or not shop.secrets:
        raise WebhookError(401, "UNKNOWN_SHOP", "No shop with this id takes webhooks.")
    try:
        signing.verify(
            shop.secrets,
            signature,
            body,
            clock.now().timestamp(),
            tolerance=settings.webhook_tolerance_seconds,
        )
    except signing.SignatureError as exc:
        raise WebhookError(401, f"SIGNATURE_{exc.code.value}", exc.message) from exc
    return shop


# --- payloads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    amount_minor: int


@dataclass(frozen=True)
class OrderPayload:
    order_id: str
    currency: str
    lines: tuple[Line, ...]
    customer_id: str | None
    customer_email: str | None
    click_id: str | None
    creator_code: str | None
    placed_at: str | None


@dataclass(frozen=True)
class ReturnPayload:
    return_id: str
    order_id: str
    lines: tuple[Line, ...]


def _object(body: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _bad("MALFORMED_JSON", f"The body is not JSON: {exc}", 400) from exc
    if not isinstance(data, dict):
        raise _bad("MALFORMED_JSON", "The body must be a JSON object.", 400)
    return data


def _text(data: dict[str, Any], name: str, *, required: bool, max_length: int) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise _bad("REQUIRED", f"{name} is required.")
        return None
    if not isinstance(value, str) or len(value) > max_length or not value.isprintable():
        raise _bad("INVALID", f"{name} must be text of at most {max_length} characters.")
    return value.strip()


def _integer(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad("INVALID", f"{name} must be an integer (amounts are in minor units).")
    if value < low:
        code = "NEGATIVE_AMOUNT" if low == 0 else "INVALID"
        raise _bad(code, f"{name} must be at least {low}.")
    if value > high:
        raise _bad("INVALID", f"{name} must be at most {high}.")
    return value


def _lines(data: dict[str, Any]) -> tuple[Line, ...]:
    raw = data.get("lines")
    if not isinstance(raw, list) or not raw:
        raise _bad("REQUIRED", "lines must be a non-empty list.")
    if len(raw) > MAX_LINES:
        raise _bad("INVALID", f"At most {MAX_LINES} lines per webhook.")
    lines = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise _bad("INVALID", f"lines[{index}] must be an object.")
        sku = _text(item, "sku", required=True, max_length=64)
        assert sku is not None
        lines.append(
            Line(
                sku=sku,
                quantity=_integer(
                    item.get("quantity"), f"lines[{index}].quantity", 1, MAX_QUANTITY
                ),
                amount_minor=_integer(item.get("amount"), f"lines[{index}].amount", 0, MAX_AMOUNT),
            )
        )
    return tuple(lines)


def parse_order(body: bytes) -> OrderPayload:
    data = _object(body)
    order_id = _text(data, "order_id", required=True, max_length=100)
    currency = (_text(data, "currency", required=True, max_length=3) or "").upper()
    if currency not in CURRENCY_EXPONENTS:
        raise _bad("INVALID", "currency must be an ISO 4217 code such as USD.")
    click_id = _text(data, "click_id", required=False, max_length=26)
    if click_id is not None and not is_click_id(click_id):
        raise _bad("INVALID", "click_id is not a click id from a Trendloop link.")
    assert order_id is not None
    return OrderPayload(
        order_id=order_id,
        currency=currency,
        lines=_lines(data),
        customer_id=_text(data, "customer_id", required=False, max_length=200),
        customer_email=_text(data, "customer_email", required=False, max_length=254),
        click_id=click_id,
        creator_code=_text(data, "creator_code", required=False, max_length=32),
        placed_at=_text(data, "placed_at", required=False, max_length=40),
    )


def parse_return(body: bytes) -> ReturnPayload:
    data = _object(body)
    return_id = _text(data, "return_id", required=True, max_length=100)
    order_id = _text(data, "order_id", required=True, max_length=100)
    assert return_id is not None and order_id is not None
    return ReturnPayload(return_id=return_id, order_id=order_id, lines=_lines(data))


# --- ids and hashes ------------------------------------------------------------------------


def order_key(shop_id: str, order_id: str) -> str:
    return derived_id("ord", shop_id, order_id)


def return_key(shop_id: str, return_id: str) -> str:
    return derived_id("rtn", shop_id, return_id)


def customer_hash(settings: Settings, shop_id: str, customer_id: str) -> str:
    message = f"{shop_id}\x1f{customer_id}".encode()
    return hmac.new(settings.customer_hash_secret.encode(), message, hashlib.sha256).hexdigest()


# --- orders --------------------------------------------------------------------------------


CatchUp = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Outcome:
    body: dict[str, Any]
    created: bool


async def receive_order(
    db: AsyncDB,
    redis: Redis,
    settings: Settings,
    shop: Shop,
    payload: OrderPayload,
    attribute: Attribute,
    catch_up: CatchUp | None = None,
) -> Outcome:
    """Store the order once, credit it (`attribute` decides to whom) and open its commission;
    the shop gets the result."""
    skus = {line.sku for line in payload.lines}
    ids = {product_id(shop.brand_id, sku): sku for sku in skus}
    found = await db.products.find({"_id": {"$in": list(ids)}}, {"_id": 1}).to_list()
    unknown = sorted(skus - {ids[d["_id"]] for d in found})
    if unknown:
        raise _bad("UNKNOWN_SKU", f"Unknown SKU(s) for this shop: {', '.join(unknown[:20])}.")
    now = clock.now()
    doc: Document = {
        "_id": order_key(shop.id, payload.order_id),
        "shop_id": shop.id,
        "brand_id": shop.brand_id,
        "order_id": payload.order_id,
        "currency": payload.currency,
        "lines": [
            {
                "sku": line.sku,
                "product_id": product_id(shop.brand_id, line.sku),
                "quantity": line.quantity,
                "amount_minor": line.amount_minor,
            }
            for line in payload.lines
        ],
        "total_minor": sum(line.amount_minor for line in payload.lines),
        "returned_minor": 0,
        "click_id": payload.click_id,
        "creator_code": payload.creator_code,
        "customer_hash": (
            customer_hash(settings, shop.id, payload.customer_id) if payload.customer_id else None
        ),
        "email_hash": email_hash(payload.customer_email) if payload.customer_email else None,
        "placed_at": payload.placed_at,
        "at": now,
        "state": "RECEIVED",
        "lease_until": now + LEASE,
    }
    try:
        await db.orders.insert_one(dict(doc))
    except Exception as exc:
        if not is_duplicate(exc):
            raise
        return Outcome(
            await _answer_duplicate(db, redis, settings, doc["_id"], attribute, catch_up), False
        )
    return Outcome(await _process(db, redis, settings, doc, attribute, catch_up), True)


async def _answer_duplicate(
    db: AsyncDB,
    redis: Redis,
    settings: Settings,
    key: str,
    attribute: Attribute,
    catch_up: CatchUp | None,
) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + WAIT_FOR_PEER_SECONDS
    while True:
        stored = await db.orders.find_one({"_id": key})
        assert stored is not None
        if stored["state"] != "RECEIVED":
            return {**stored["result"], "duplicate": True}
        now = clock.now()
        taken = await db.orders.find_one_and_update(
            {"_id": key, "state": "RECEIVED", "lease_until": {"$lt": now}},
            {"$set": {"lease_until": now + LEASE}},
            return_document=ReturnDocument.AFTER,
        )
        if taken is not None:  # whoever stored it gave up; finish the job
            result = await _process(db, redis, settings, taken, attribute, catch_up)
            return {**result, "duplicate": True}
        if asyncio.get_running_loop().time() > deadline:
            raise WebhookError(409, "IN_PROGRESS", "This order is being processed; retry later.")
        await asyncio.sleep(0.02)


async def _credit(
    db: AsyncDB,
    settings: Settings,
    order: Document,
    attribute: Attribute,
    catch_up: CatchUp | None,
) -> Attribution | None:
    facts = OrderFacts(
        order_id=order["_id"],
        brand_id=order["brand_id"],
        at=clock.as_utc(order["at"]),
        click_id=order.get("click_id"),
        creator_code=order.get("creator_code"),
        currency=order["currency"],
    )
    if (
        facts.click_id
        and catch_up is not None
        and await db.clicks.find_one({"_id": facts.click_id}, {"_id": 1}) is None
    ):
        # The click may still be on the stream: drain it before deciding.
        await catch_up()
    attribution = await attribute(db, settings, facts)
    if attribution is None or not attribution.split:
        return attribution
    # Fix the split once: a takeover after a crash, having drained more clicks, must not
    # credit anyone the first worker did not.
    await db.orders.update_one(
        {"_id": order["_id"], "split": {"$exists": False}},
        {"$set": {"split": attribution.as_document()}},
    )
    stored = await db.orders.find_one({"_id": order["_id"]}, {"split": 1})
    assert stored is not None
    return Attribution.from_document(stored["split"])


def _net_sale(order: Document, campaign: Campaign) -> int:
    lines = order["lines"]
    if campaign.product_ids:
        chosen = set(campaign.product_ids)
        lines = [line for line in lines if line["product_id"] in chosen]
    return sum(line["amount_minor"] for line in lines)


async def _hold(db: AsyncDB, order: Document, credit: Credit) -> ledger.HoldReason | None:
    influencer = await db.users.find_one(
        {"_id": credit.influencer_id}, {"email_hash": 1, "customer_hashes": 1}
    )
    influencer = influencer or {}
    reason = ledger.hold_reason(
        buyer_customer_hash=order.get("customer_hash"),
        buyer_email_hash=order.get("email_hash"),
        influencer_customer_hashes=influencer.get("customer_hashes", ()),
        influencer_email_hashes=[influencer["email_hash"]] if influencer.get("email_hash") else [],
        click_source_flagged=credit.hold is ledger.HoldReason.FLAGGED_SOURCE,
    )
    if reason is ledger.HoldReason.SELF_PURCHASE and order.get("customer_hash"):
        # Remember the influencer's customer id at this shop: their next order is caught even
        # without an email.
        await records.remember_customer_hash(db, credit.influencer_id, order["customer_hash"])
    return reason


async def _commission_campaign(
    db: AsyncDB, order: Document, credit: Credit
) -> tuple[Campaign | None, str | None]:
    """The campaign that pays the order's commission, or why none does."""
    if credit.campaign_id is None:
        return None, "NO_CAMPAIGN"
    campaign = await campaigns_io.get_campaign(db, credit.campaign_id)
    if campaign is None:
        return None, "NO_CAMPAIGN"
    if campaign.rule_kind is RuleKind.FIXED_FEE:
        return None, "FIXED_FEE_CAMPAIGN"
    if order["currency"] != campaign.currency:
        return None, "CURRENCY_MISMATCH"
    return campaign, None


def _summary(stored: ledger.Entry) -> dict[str, Any]:
    return {
        "id": stored.id,
        "amount_minor": stored.amount_minor,
        "currency": stored.currency,
        "state": "ON_HOLD" if stored.hold_reason else "PENDING",
        "hold_reason": stored.hold_reason.value if stored.hold_reason else None,
        "window_closes_at": stored.window_closes_at.isoformat()
        if stored.window_closes_at
        else None,
    }


async def _open_commission(
    db: AsyncDB, order: Document, credit: Credit
) -> tuple[dict[str, Any] | None, str | None]:
    """Open the order's commission; (summary, why none) for the webhook's answer."""
    campaign, why_not = await _commission_campaign(db, order, credit)
    if campaign is None:
        return None, why_not
    commission_id = ledger.order_commission_id(order["_id"])
    existing = await db.ledger.find_one({"_id": commission_id})
    if existing is None:
        try:
            amount = order_commission(campaign.rule, _net_sale(order, campaign), order["currency"])
        except CommissionError as exc:
            log.warning(
                "no commission for order", extra={"order": order["_id"], "why": exc.message}
            )
            return None, exc.code.value
        outcome, used_up = await campaigns_io.spend_budget(db, campaign.id, amount)
        if used_up:
            notify_budget_exhausted.delay(campaign.id)
        if outcome.credited == 0:
            return None, "BUDGET_EXHAUSTED" if amount else "ZERO_COMMISSION"
        entry = ledger.new_commission(
            commission_id=commission_id,
            influencer_id=credit.influencer_id,
            currency=order["currency"],
            amount_minor=outcome.credited,
            sale_minor=_net_sale(order, campaign),
            rule=campaign.rule_kind,
            at=clock.as_utc(order["at"]),
            return_window=timedelta(days=campaign.return_window_days),
            order_id=order["_id"],
            campaign_id=campaign.id,
            link_id=credit.link_id,
            post_id=credit.post_id,
            hold=await _hold(db, order, credit),
        )
        if await earnings.insert_entries(db, [entry]) == 0:
            # Lost a race with a takeover of this order: give the budget back.
            await campaigns_io.release_budget(db, campaign.id, outcome.credited)
        existing = await db.ledger.find_one({"_id": commission_id})
        assert existing is not None
    return _summary(ledger.entry_from_document(existing)), None


def _part_id(order: Document, influencer_id: str) -> str:
    return ledger.order_commission_id(order["_id"], part=influencer_id)


async def _split_plan(
    db: AsyncDB, order: Document, campaign: Campaign, attribution: Attribution
) -> tuple[list[dict[str, Any]] | None, str | None]:
    """Each part's amount, fixed once on the order: (plan, why none)."""
    if order.get("commission_plan") is not None:
        return list(order["commission_plan"]), None
    try:
        amount = order_commission(campaign.rule, _net_sale(order, campaign), order["currency"])
    except CommissionError as exc:
        log.warning("no commission for order", extra={"order": order["_id"], "why": exc.message})
        return None, exc.code.value
    outcome, used_up = await campaigns_io.spend_budget(db, campaign.id, amount)
    if used_up:
        notify_budget_exhausted.delay(campaign.id)
    if outcome.credited == 0:
        return None, "BUDGET_EXHAUSTED" if amount else "ZERO_COMMISSION"
    # Shares are floats summing to 1; integer weights at a billionth keep allocate exact.
    weights = [round(share.share * 1_000_000_000) for share in attribution.shares]
    plan = [
        {"influencer_id": share.credit.influencer_id, "amount_minor": part}
        for share, part in zip(attribution.shares, allocate(outcome.credited, weights), strict=True)
    ]
    fixed = await db.orders.update_one(
        {"_id": order["_id"], "commission_plan": {"$exists": False}},
        {"$set": {"commission_plan": plan}},
    )
    if fixed.modified_count == 1:
        return plan, None
    # Another worker fixed the plan first: its budget spend stands, ours goes back.
    await campaigns_io.release_budget(db, campaign.id, outcome.credited)
    stored = await db.orders.find_one({"_id": order["_id"]}, {"commission_plan": 1})
    assert stored is not None
    return list(stored["commission_plan"]), None


async def _open_split_commission(
    db: AsyncDB, order: Document, attribution: Attribution
) -> tuple[list[dict[str, Any]] | None, str | None]:
    """Open one commission per credited influencer; (summaries, why none)."""
    campaign, why_not = await _commission_campaign(db, order, attribution.credit)
    if campaign is None:
        return None, why_not
    plan, why_not = await _split_plan(db, order, campaign, attribution)
    if plan is None:
        return None, why_not
    amounts = {item["influencer_id"]: int(item["amount_minor"]) for item in plan}
    entries = []
    for share in attribution.shares:
        if amounts.get(share.credit.influencer_id, 0) <= 0:
            continue  # a share smaller than one minor unit earns nothing
        entry = ledger.new_commission(
            commission_id=_part_id(order, share.credit.influencer_id),
            influencer_id=share.credit.influencer_id,
            currency=order["currency"],
            amount_minor=amounts[share.credit.influencer_id],
            sale_minor=_net_sale(order, campaign),
            rule=campaign.rule_kind,
            at=clock.as_utc(order["at"]),
            return_window=timedelta(days=campaign.return_window_days),
            order_id=order["_id"],
            campaign_id=campaign.id,
            link_id=share.credit.link_id,
            post_id=share.credit.post_id,
            hold=await _hold(db, order, share.credit),
        )
        entries.append(dataclasses.replace(entry, note=attribution.note))
    await earnings.insert_entries(db, entries)
    stored = {
        d["_id"]: ledger.entry_from_document(d)
        for d in await db.ledger.find({"_id": {"$in": [e.id for e in entries]}}).to_list()
    }
    shares = {s.credit.influencer_id: s.share for s in attribution.shares}
    return [
        {
            **_summary(stored[e.id]),
            "influencer_id": e.influencer_id,
            "share": shares[e.influencer_id],
        }
        for e in entries
    ], None


def _credits(
    attribution: Attribution, commissions: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    """Every credited influencer with its share (and its commission, if one was opened)."""
    by_influencer = {
        c.get("influencer_id", attribution.credit.influencer_id): c for c in commissions or []
    }
    credits = []
    for share in attribution.shares:
        commission = by_influencer.get(share.credit.influencer_id)
        credits.append(
            {
                **share.as_document(),
                "commission_id": commission["id"] if commission else None,
                "amount_minor": commission["amount_minor"] if commission else 0,
            }
        )
    return credits


async def _process(
    db: AsyncDB,
    redis: Redis,
    settings: Settings,
    order: Document,
    attribute: Attribute,
    catch_up: CatchUp | None,
) -> dict[str, Any]:
    attribution = await _credit(db, settings, order, attribute, catch_up)
    credit = attribution.credit if attribution else None
    commissions: list[dict[str, Any]] | None
    why_not: str | None
    if attribution is None:
        commissions, why_not = None, "NOT_ATTRIBUTED"
    elif attribution.split:
        stored = await db.orders.find_one({"_id": order["_id"]}) or order
        commissions, why_not = await _open_split_commission(db, stored, attribution)
    else:
        single, why_not = await _open_commission(db, order, attribution.credit)
        commissions = [single] if single else None
    # The commission of the order's own credit speaks for the order; `credits` lists them all.
    primary = credit.influencer_id if credit else None
    commission = next(
        (c for c in commissions or [] if c.get("influencer_id", primary) == primary), None
    )
    if commission is None and commissions:
        commission = commissions[0]
    if credit is None:
        status = "NOT_CREDITED"
    elif any(c["state"] == "ON_HOLD" for c in commissions or []):
        status = "ON_HOLD"
    else:
        status = "CREDITED"
    result = {
        "order_id": order["order_id"],
        "status": status,
        "attribution": credit.as_document() if credit else None,
        "attribution_model": attribution.model.value if attribution else None,
        "attribution_note": attribution.note if attribution else None,
        "credits": _credits(attribution, commissions) if attribution else [],
        "commission": commission,
        "no_commission_reason": None if commission else why_not,
    }
    await db.orders.update_one(
        {"_id": order["_id"]},
        {
            "$set": {
                "state": status,
                "attribution": credit.as_document() if credit else None,
                "commission_id": commission["id"] if commission else None,
                "commission_ids": [c["id"] for c in commissions or []],
                "result": result,
                "processed_at": clock.now(),
            }
        },
    )
    return {**result, "duplicate": False}


# --- returns -------------------------------------------------------------------------------


def _check_return(order: Document, payload: ReturnPayload) -> int:
    ordered: dict[str, tuple[int, int]] = {}
    for line in order["lines"]:
        quantity, amount = ordered.get(line["sku"], (0, 0))
        ordered[line["sku"]] = (quantity + line["quantity"], amount + line["amount_minor"])
    asked: dict[str, tuple[int, int]] = {}
    for line in payload.lines:
        if line.sku not in ordered:
            raise _bad("UNKNOWN_SKU", f"SKU {line.sku} is not part of order {order['order_id']}.")
        quantity, amount = asked.get(line.sku, (0, 0))
        asked[line.sku] = (quantity + line.quantity, amount + line.amount_minor)
    for sku, (quantity, amount) in asked.items():
        if quantity > ordered[sku][0] or amount > ordered[sku][1]:
            raise _bad("RETURN_EXCEEDS_ORDER", f"The return of {sku} is larger than the order's.")
    total = sum(amount for _, amount in asked.values())
    if total == 0:
        raise _bad("INVALID", "A return must give back a positive amount.")
    if order.get("returned_minor", 0) + total > order["total_minor"]:
        raise _bad(
            "RETURN_EXCEEDS_ORDER",
            f"Returns would total {order.get('returned_minor', 0) + total}, "
            f"more than the order's {order['total_minor']}.",
        )
    return total


async def _return_in_ledger(
    db: AsyncDB, redis: Redis, settings: Settings, order: Document, return_id: str, amount: int
) -> dict[str, Any]:
    commission_id = order.get("commission_id")
    campaign = (
        await campaigns_io.get_campaign(db, order["attribution"]["campaign_id"])
        if order.get("attribution") and order["attribution"].get("campaign_id")
        else None
    )
    window = campaign.return_window_days if campaign else DEFAULT_RETURN_WINDOW_DAYS
    late = clock.now() >= clock.as_utc(order["at"]) + timedelta(days=window)
    if not commission_id:
        return {"late": late, "reversed_minor": 0, "commission_state": None}
    # A split order has one commission per credited influencer; each is reversed pro rata.
    parts = [(commission_id, order["attribution"]["influencer_id"])]
    if len(order.get("commission_ids") or ()) > 1:
        # Each part's owner from its opening entry: the order's own credit may have no part.
        owners = {
            d["_id"]: d["influencer_id"]
            for d in await db.ledger.find(
                {"_id": {"$in": order["commission_ids"]}}, {"influencer_id": 1}
            ).to_list()
        }
        parts = [(part_id, owners[part_id]) for part_id in order["commission_ids"]]
    new: list[ledger.Entry] = []
    states: dict[str, ledger.CommissionState] = {}
    for part_id, influencer_id in parts:
        async with earnings.async_lock(redis, settings, influencer_id):
            entries = await earnings.subject_entries(db, [part_id])
            sale = ledger.fold(entries)[part_id].sale_minor
            # The ledger returns the commission's share of the sale: lines outside the campaign
            # are not part of it, so the order's return is scaled to the commissioned sale.
            # Cumulative floors, so a full return of the order returns the whole commissioned
            # sale.
            total, before = order["total_minor"], order.get("returned_minor", 0)
            share = (before + amount) * sale // total - before * sale // total if total else 0
            part_new = (
                ledger.apply_return(entries, part_id, return_id, share, clock.now())
                if share > 0
                else []
            )
            await earnings.insert_entries(db, part_new)
            states[part_id] = ledger.fold([*entries, *part_new])[part_id]
            new.extend(part_new)
    reversed_minor = -sum(e.amount_minor for e in new if e.kind is ledger.EntryKind.REVERSAL)
    if reversed_minor and campaign is not None:
        await campaigns_io.release_budget(db, campaign.id, reversed_minor)
    late = late or any(e.kind is ledger.EntryKind.LATE_RETURN for e in new)
    outcome: dict[str, Any] = {
        "late": late,
        "reversed_minor": reversed_minor,
        "commission_state": states[commission_id].state.value,
    }
    if len(parts) > 1:
        outcome["commissions"] = [
            {
                "id": part_id,
                "influencer_id": influencer_id,
                "reversed_minor": states[part_id].reversed_minor,
                "state": states[part_id].state.value,
            }
            for part_id, influencer_id in parts
        ]
    return outcome


async def receive_return(
    db: AsyncDB, redis: Redis, settings: Settings, shop: Shop, payload: ReturnPayload
) -> Outcome:
    order = await db.orders.find_one({"_id": order_key(shop.id, payload.order_id)})
    if order is None:
        raise _bad("UNKNOWN_ORDER", f"No order {payload.order_id} was received from this shop.")
    if order["state"] == "RECEIVED":
        raise WebhookError(409, "IN_PROGRESS", "The order is still being processed; retry later.")
    key = return_key(shop.id, payload.return_id)
    stored = await db.returns.find_one({"_id": key})
    if stored is not None:
        return Outcome(await _answer_return_duplicate(db, key), False)
    total = _check_return(order, payload)
    doc = {
        "_id": key,
        "shop_id": shop.id,
        "brand_id": shop.brand_id,
        "return_id": payload.return_id,
        "order_key": order["_id"],
        "order_id": payload.order_id,
        "lines": [
            {"sku": line.sku, "quantity": line.quantity, "amount_minor": line.amount_minor}
            for line in payload.lines
        ],
        "amount_minor": total,
        "currency": order["currency"],
        "campaign_id": (order.get("attribution") or {}).get("campaign_id"),
        "at": clock.now(),
        "state": "RECEIVED",
    }
    try:
        await db.returns.insert_one(dict(doc))
    except Exception as exc:
        if not is_duplicate(exc):
            raise
        return Outcome(await _answer_return_duplicate(db, key), False)
    # The order's returned total only grows while it stays within the order (one atomic
    # update), so two different returns arriving together cannot exceed it.
    grown = await db.orders.update_one(
        {"_id": order["_id"], "returned_minor": {"$lte": order["total_minor"] - total}},
        {"$inc": {"returned_minor": total}},
    )
    if grown.modified_count != 1:
        await db.returns.delete_one({"_id": key})
        raise _bad("RETURN_EXCEEDS_ORDER", "Returns would exceed the order's total.")
    outcome = await _return_in_ledger(db, redis, settings, order, key, total)
    result = {"return_id": payload.return_id, "order_id": payload.order_id, **outcome}
    await db.returns.update_one(
        {"_id": key}, {"$set": {"state": "DONE", "late": outcome["late"], "result": result}}
    )
    return Outcome({**result, "duplicate": False}, True)


async def _answer_return_duplicate(db: AsyncDB, key: str) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + WAIT_FOR_PEER_SECONDS
    while True:
        stored = await db.returns.find_one({"_id": key})
        if stored is None:  # the other copy was refused and rolled back
            raise _bad("RETURN_EXCEEDS_ORDER", "Returns would exceed the order's total.")
        if stored["state"] == "DONE":
            return {**stored["result"], "duplicate": True}
        if asyncio.get_running_loop().time() > deadline:
            raise WebhookError(409, "IN_PROGRESS", "This return is being processed; retry later.")
        await asyncio.sleep(0.02)
