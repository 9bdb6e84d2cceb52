"""The verdict run: judge every product of some test drops from its sales, store the verdicts,
and tell designers what is about to sell out.

Per run: the drops' product documents, one read of their orders and one of their returns
(`feeds.drops.store`), the trend state of their elements from the designers' trending lists,
and the last stored speed of every other test product in their categories (the peers of the
category baseline, so a run over a few drops still compares them with all the others). Each
product's verdict goes onto its `drop_products` document with the figures behind it; each drop
gets its distinct verdicts, categories and urgency (least days of cover). A run writes the same
documents when it runs twice on the same sales, and a "sold out soon" notice has an id derived
from the product and the batches arrived so far, so it is stored once per stock cycle.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from accounts import notifications
from core import clock
from core.derived_ids import derived_id
from core.mongo import Document, SyncDB
from core.settings import Settings
from feeds import trend_store
from feeds.drops import judging as drops
from feeds.drops.judging import ElementTrend, Judgement
from feeds.drops.store import (
    DROPS,
    PRODUCTS,
    URGENCY_NONE,
    Evaluation,
    as_day,
    day_start,
    evaluate,
    policy,
    sales_of_sync,
    verdict_params,
)
from feeds.taxonomy import Taxonomy
from feeds.trends import TrendState

SOLD_OUT_SOON = "SOLD_OUT_SOON"

# (element ids, the drop's markets) -> each element's trend state, None without trend data.
ElementStates = Callable[[Sequence[str], Sequence[str]], Mapping[str, TrendState | None]]


@dataclass
class RecomputeStats:
    drops: int = 0
    products: int = 0
    notified: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)


def active_drop_ids(
    db: SyncDB, settings: Settings, now: datetime, after: str | None, limit: int
) -> list[str]:
    """Drops launched within `drops_active_days` (and those yet to launch), by id."""
    since = day_start(now.date() - timedelta(days=settings.drops_active_days))
    query: dict[str, Any] = {"launch_on": {"$gte": since}}
    if after is not None:
        query["_id"] = {"$gt": after}
    docs = db[DROPS].find(query, {"_id": 1}).sort([("_id", 1)]).limit(limit)
    return [doc["_id"] for doc in docs]


def element_states_sync(db: SyncDB, version: str, now: datetime) -> ElementStates:
    """States from the designers' trending lists (`feeds.trend_store`), the same labels the
    designer sees: the market's list for a drop in one market, the all-markets list for a drop
    in several. A list missing or older than its day is ranked and stored on the way."""
    found: dict[trend_store.ListKey, dict[str, TrendState]] = {}

    def states(element_ids: Sequence[str], markets: Sequence[str]) -> dict[str, TrendState | None]:
        key = trend_store.ListKey(
            market=markets[0] if len(markets) == 1 else None,
            kind=None,
            window=trend_store.DEFAULT_WINDOW,
        )
        if key not in found:
            found[key] = _list_states(db, key, version, now)
        return {element_id: found[key].get(element_id) for element_id in element_ids}

    return states


def _list_states(
    db: SyncDB, key: trend_store.ListKey, version: str, now: datetime
) -> dict[str, TrendState]:
    doc = db[trend_store.SNAPSHOTS].find_one({"_id": key.id})
    snapshot = trend_store.snapshot_from_doc(doc) if doc is not None else None
    if (
        snapshot is None
        or snapshot.taxonomy_version != version
        or snapshot.as_of < trend_store.list_day(key, now)
    ):
        (snapshot,) = trend_store.refresh_sync(db, [key], version, now)
    return {row.element_id: row.state for row in snapshot.rows}


def _peer_speeds(
    db: SyncDB, categories: set[str], fresh: Mapping[str, tuple[str | None, float, bool]]
) -> dict[str, tuple[str | None, float, bool]]:
    """Speeds of every drop product in these categories: fresh ones, else the last stored."""
    speeds = dict(fresh)
    stored = db[PRODUCTS].find(
        {"verdict.category_key": {"$in": sorted(categories)}, "_id": {"$nin": list(fresh)}},
        {"category": 1, "verdict.speed": 1, "verdict.peer": 1},
    )
    for doc in stored:
        verdict = doc.get("verdict") or {}
        speeds[doc["_id"]] = (
            doc.get("category"),
            float(verdict.get("speed", 0.0)),
            bool(verdict.get("peer")),
        )
    return speeds


def _element_names(taxonomy: Taxonomy, element_ids: Iterable[str]) -> dict[str, str]:
    names = {}
    for element_id in element_ids:
        element = taxonomy.get(element_id)
        names[element_id] = element.name if element else element_id.split("/", 1)[-1]
    return names


def _verdict_doc(
    judgement: Judgement,
    evaluation: Evaluation,
    *,
    baseline: float,
    category: str | None,
    peer: bool,
    states: Mapping[str, TrendState | None],
    settings: Settings,
    now: datetime,
) -> Document:
    perf, plan = evaluation.performance, judgement.plan
    return {
        "verdict": judgement.verdict.value,
        "reasons": list(judgement.reasons),
        "suggested_quantity": judgement.suggested_quantity,
        "speed": perf.speed,
        "speed_ratio": judgement.speed_ratio,
        "baseline": baseline,
        "category_key": drops.category_key(category),
        "peer": peer,
        "days_of_cover": judgement.days_of_cover,
        "days_on_sale": perf.days_on_sale,
        "sell_through": perf.sell_through,
        "return_rate": perf.return_rate,
        "stock_on_hand": perf.stock_on_hand,
        "units_on_order": perf.units_on_order,
        "rate": plan.rate,
        "sigma": plan.sigma,
        "rate_days": evaluation.forecast.days,
        "cycle_demand": plan.cycle_demand,
        "safety_stock": plan.safety_stock,
        "position": plan.position,
        "need": plan.need,
        "plan_quantity": plan.quantity,
        "lead_days": settings.drops_lead_time_days,
        "coverage_days": settings.drops_coverage_days,
        "z": settings.drops_service_z,
        "batch_multiple": settings.drops_batch_multiple,
        "element_states": {k: (v.value if v else None) for k, v in states.items()},
        "computed_at": now,
    }


def recompute_sync(
    db: SyncDB,
    settings: Settings,
    drop_ids: Sequence[str],
    *,
    taxonomy: Taxonomy,
    element_states: ElementStates,
    now: datetime | None = None,
) -> RecomputeStats:
    """Recompute the verdicts of these drops' products, store them, tell designers what is
    about to sell out. Running it twice gives the same documents and no second notice."""
    now = now or clock.now()
    stats = RecomputeStats()
    drop_docs = list(db[DROPS].find({"_id": {"$in": list(drop_ids)}}))
    if not drop_docs:
        return stats
    product_docs = list(db[PRODUCTS].find({"drop_id": {"$in": [d["_id"] for d in drop_docs]}}))
    sales = sales_of_sync(db, product_docs)
    evaluations = {
        doc["_id"]: evaluate(doc, sales[doc["_id"]], now, settings) for doc in product_docs
    }
    params = verdict_params(settings)
    fresh = {
        doc["_id"]: (
            doc.get("category"),
            evaluations[doc["_id"]].performance.speed,
            evaluations[doc["_id"]].performance.days_on_sale >= params.min_days,
        )
        for doc in product_docs
    }
    categories = {drops.category_key(doc.get("category")) for doc in product_docs}
    baselines = drops.category_baselines(
        _peer_speeds(db, categories, fresh),
        default_rate=settings.drops_baseline_daily_sell_through,
        prior_weight=settings.drops_baseline_prior_weight,
    )
    reorder = policy(settings)
    states_by_drop: dict[str, Mapping[str, TrendState | None]] = {}
    for drop in drop_docs:
        states_by_drop[drop["_id"]] = element_states(drop["element_ids"], drop["markets"])
    names = _element_names(taxonomy, {e for d in drop_docs for e in d["element_ids"]})
    by_drop: dict[str, list[tuple[Document, Judgement]]] = defaultdict(list)
    for doc in product_docs:
        evaluation = evaluations[doc["_id"]]
        states = states_by_drop.get(doc["drop_id"], {})
        judgement = drops.judge(
            evaluation.performance,
            evaluation.forecast,
            baseline_rate=baselines[doc["_id"]],
            category=doc.get("category"),
            elements=[
                ElementTrend(element_id, names[element_id], states.get(element_id))
                for element_id in doc["element_ids"]
            ],
            policy=reorder,
            params=params,
            launch_on=as_day(doc["launch_on"]),
            today=now.date(),
        )
        verdict = _verdict_doc(
            judgement,
            evaluation,
            baseline=baselines[doc["_id"]],
            category=doc.get("category"),
            peer=fresh[doc["_id"]][2],
            states=states,
            settings=settings,
            now=now,
        )
        # A run that started earlier (a queued one-drop run overtaken by the periodic run) must
        # not put its older reading of the sales back over a newer one.
        db[PRODUCTS].update_one(
            {"_id": doc["_id"], "$or": [{"verdict": None}, {"verdict.computed_at": {"$lte": now}}]},
            {"$set": {"verdict": verdict}},
        )
        by_drop[doc["drop_id"]].append((doc, judgement))
        stats.products += 1
        stats.verdicts[judgement.verdict.value] += 1
        if _notify_sold_out_soon(db, settings, doc, evaluation, judgement):
            stats.notified += 1
    for drop in drop_docs:
        judged = by_drop.get(drop["_id"], [])
        covers = [
            j.days_of_cover if j.days_of_cover is not None else URGENCY_NONE for _, j in judged
        ]
        db[DROPS].update_one(
            {"_id": drop["_id"], "$or": [{"computed_at": None}, {"computed_at": {"$lte": now}}]},
            {
                "$set": {
                    "verdicts": sorted({j.verdict.value for _, j in judged}),
                    "categories": sorted(
                        {drops.category_key(d.get("category")) for d, _ in judged}
                    ),
                    "urgency": min(covers, default=URGENCY_NONE),
                    "computed_at": now,
                }
            },
        )
        stats.drops += 1
    return stats


def _notify_sold_out_soon(
    db: SyncDB, settings: Settings, doc: Document, evaluation: Evaluation, judgement: Judgement
) -> bool:
    """Once per stock cycle (batches arrived so far): the product sells out within the set days."""
    cover = judgement.days_of_cover
    if cover is None or cover > settings.drops_sold_out_soon_days or not evaluation.series:
        return False
    arrived = sum(1 for b in evaluation.batches if b.arrived)
    perf = evaluation.performance
    title = f"“{doc['title']}” ({doc['sku']})"
    if perf.stock_on_hand <= 0:
        message = f"{title} has sold out."
    else:
        message = (
            f"{title} will sell out in about {drops.days_text(max(1.0, round(cover)))}: "
            f"{perf.stock_on_hand} left, "
            f"selling {judgement.plan.rate:.1f} a day."
        )
    if judgement.suggested_quantity:
        message += f" Suggested re-order: {judgement.suggested_quantity} units."
    elif perf.units_on_order:
        message += f" {perf.units_on_order} units are on order."
    return notifications.store_sync(
        db,
        derived_id(notifications.PREFIX, SOLD_OUT_SOON, doc["_id"], str(arrived)),
        doc["designer_id"],
        SOLD_OUT_SOON,
        message,
        test_drop_id=doc["drop_id"],
        product_id=doc["_id"],
    )
