"""Attribution report requests: served from the report cache, against computing on the request.

A synthetic brand — influencers with links in a few campaigns, visitors who click them over a
month, some of whom order (by their last click), the ledger's commissions — is written to the
embedded store in the shapes the click consumer, the order webhook and the ledger write. Then:

1. the Celery job's work, `report_refresh.compute` for the brand-wide key (load from Mongo, then
   every grouping under every model: 24 reports), timed once;
2. the request: `attributionReport(groupBy: INFLUENCER, model: LINEAR)` posted to the GraphQL
   endpoint of the ASGI app, answered from the warm cache (median of many requests);
3. the reference, in the same run: that one report computed on the request instead (load from
   Mongo, journeys, LINEAR credits, metrics — without any GraphQL around it); its totals must
   equal the cached report's.

The ratio is reference / cached request. The cached request's time does not grow with the click
history; the reference's does. Most of the job's and the reference's time is the embedded store
filtering documents in Python (0.1-0.2 ms a click); a real MongoDB reads them from its indexes,
so the job's time is a figure here, not a target.

    .venv/bin/python bench/attribution_reports.py [--quick]

Ends with one JSON line: {"bench": "attribution_reports", "figures", "targets", "meets"}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accounts.users import Role, User, issue_token, new_user_doc
from api.app import close_state, create_app, open_state
from attribution import report_refresh
from attribution.journeys import Channel
from attribution.models import AttributionModel
from attribution.report_cache import ReportKey
from attribution.report_inputs import load_inputs
from attribution.reporting import ReportComputation
from commerce import ledger
from commerce.commission import RuleKind
from core import clock
from core.mongo import sync_db
from core.redis import resolve_url, sync_client
from core.settings import Settings

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
DAYS = 30
QUERY = """query($from: Date, $to: Date) { attributionReport(groupBy: INFLUENCER, model: LINEAR,
  from: $from, to: $to) { stale pending totals { conversions revenue { amountMinor } }
  rows(first: 25) { edges { node { channelId conversions roas cac { amountMinor } } } } } }"""


def build_world(settings: Settings, n_clicks: int, rng: random.Random) -> tuple[str, int, int]:
    """Insert the brand's world; (brand id, clicks, orders)."""
    db = sync_db(settings)
    brand = new_user_doc("brand@bench.example", "x", "Bench Brand", Role.BRAND)
    influencers = [
        new_user_doc(f"kol{i}@bench.example", "x", f"KOL {i}", Role.INFLUENCER)
        for i in range(max(20, n_clicks // 1_000))
    ]
    db.users.insert_many([brand, *influencers])
    start = NOW - timedelta(days=DAYS)
    campaigns = [
        {
            "_id": f"cmp_bench{c:021d}",
            "brand_id": brand["_id"],
            "name": f"Campaign {c}",
            "brief": "",
            "markets": ["US"],
            "product_ids": [],
            "starts_at": start - timedelta(days=30),
            "ends_at": NOW + timedelta(days=30),
            "budget_minor": 10**12,
            "spent_minor": 0,
            "currency": "USD",
            "rule": {"kind": "PERCENT", "basis_points": 1000},
            "attribution_window_days": 30,
            "return_window_days": 45,
            "attribution_model": AttributionModel.LAST_CLICK.value,
            "status": "ACTIVE",
            "created_at": start,
        }
        for c in range(5)
    ]
    db.campaigns.insert_many(campaigns)
    links = [
        {
            "_id": f"lnk_bench{n:021d}",
            "code": f"B{n:07d}",
            "influencer_id": influencer["_id"],
            "product_id": "prd_bench000000000000000000001",
            "brand_id": brand["_id"],
            "campaign_id": campaigns[n % len(campaigns)]["_id"],
            "post_id": f"pst_bench{n:021d}",
            "target_url": "https://shop.bench.example/p/1",
            "created_at": start,
        }
        for n, influencer in enumerate(influencers * 2)
    ]
    db.links.insert_many(links)

    clicks: list[dict[str, Any]] = []
    orders: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    visitor = 0
    while len(clicks) < n_clicks:
        visitor += 1
        vid = f"visitor-{visitor:012d}"
        at = start + timedelta(seconds=rng.uniform(0, DAYS * 86_400 * 0.9))
        last: dict[str, Any] = {}
        for _ in range(rng.randint(1, 6)):
            link = rng.choice(links)
            at += timedelta(seconds=rng.expovariate(1 / 86_400))
            if at >= NOW:
                break
            last = {
                "_id": f"clk_{len(clicks):022d}",
                "link_id": link["_id"],
                "influencer_id": link["influencer_id"],
                "product_id": link["product_id"],
                "campaign_id": link["campaign_id"],
                "post_id": link["post_id"],
                "at": at,
                "visitor": vid,
                "ua": "mobile",
                "counted": True,
            }
            clicks.append(last)
        if last and rng.random() < 0.12:
            order_at = last["at"] + timedelta(minutes=rng.uniform(1, 600))
            if order_at >= NOW:
                continue
            amount = rng.randint(1_000, 20_000)
            order_id = f"ord_bench{len(orders):021d}"
            orders.append(
                {
                    "_id": order_id,
                    "shop_id": "shp_bench",
                    "brand_id": brand["_id"],
                    "order_id": str(len(orders)),
                    "currency": "USD",
                    "lines": [
                        {
                            "sku": "TEE",
                            "product_id": "prd_bench000000000000000000001",
                            "quantity": 1,
                            "amount_minor": amount,
                        }
                    ],
                    "total_minor": amount,
                    "returned_minor": amount // 4 if rng.random() < 0.1 else 0,
                    "click_id": last["_id"],
                    "customer_hash": f"customer-{visitor}",
                    "at": order_at,
                    "state": "CREDITED",
                    "processed_at": order_at,
                    "attribution": {
                        "influencer_id": last["influencer_id"],
                        "method": "CLICK",
                        "link_id": last["link_id"],
                        "campaign_id": last["campaign_id"],
                        "click_id": last["_id"],
                    },
                }
            )
            entries.append(
                ledger.entry_to_document(
                    ledger.new_commission(
                        commission_id=ledger.order_commission_id(order_id),
                        influencer_id=last["influencer_id"],
                        currency="USD",
                        amount_minor=amount // 10,
                        sale_minor=amount,
                        rule=RuleKind.PERCENT,
                        at=order_at,
                        order_id=order_id,
                        campaign_id=last["campaign_id"],
                        link_id=last["link_id"],
                        post_id=last["post_id"],
                    )
                )
            )
    for part in range(0, len(clicks), 50_000):
        db.clicks.insert_many(clicks[part : part + 50_000])
    db.orders.insert_many(orders)
    db.ledger.insert_many(entries)
    return brand["_id"], len(clicks), len(orders)


def on_request(settings: Settings, key: ReportKey) -> tuple[float, tuple[float, int]]:
    """The reference: one report computed where the request is served; (seconds, (credited
    conversions, revenue) of its totals)."""
    begin = time.perf_counter()
    inputs = load_inputs(sync_db(settings), key.brand_id, key.start_at, key.end_at, 30)
    computation = ReportComputation(
        inputs,
        window_days=30,
        half_life_days=settings.report_half_life_days,
        max_clicks_per_minute=settings.report_max_clicks_per_minute,
    )
    report = computation.report(key.scope, Channel.INFLUENCER, AttributionModel.LINEAR, "USD")
    assert report.rows
    return time.perf_counter() - begin, (report.totals.conversions, report.totals.revenue_minor)


async def cached_requests(
    settings: Settings, brand: User, variables: dict[str, str], n: int
) -> tuple[list[float], dict[str, Any]]:
    import httpx

    state = await open_state(settings, start_worker=False)
    try:
        app = create_app(settings, state=state)
        transport = httpx.ASGITransport(app=app)
        headers = {"authorization": f"Bearer {issue_token(settings, brand)}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            times = []
            body: dict[str, Any] = {}
            for _ in range(n + 3):  # the first few warm the app up
                begin = time.perf_counter()
                response = await http.post(
                    "/graphql", json={"query": QUERY, "variables": variables}, headers=headers
                )
                times.append(time.perf_counter() - begin)
                body = response.json()
            return times[3:], body
    finally:
        await close_state(state)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k clicks instead of 50k")
    args = parser.parse_args()
    n_clicks = 10_000 if args.quick else 50_000
    n_requests = 50 if args.quick else 200
    n_reference = 3

    clock.install(clock.FrozenClock(NOW))
    settings = Settings(
        environment="test",
        data_dir=Path(tempfile.mkdtemp(prefix="trendloop-bench-")),
        mongodb_db="bench_reports",
        seed_demo="never",
        embedded_worker=False,
        log_json=False,
        log_level="WARNING",
    )
    rng = random.Random(5)
    begin = time.perf_counter()
    brand_id, clicks, orders = build_world(settings, n_clicks, rng)
    written_s = time.perf_counter() - begin
    print(f"world: {clicks:,} clicks, {orders:,} orders; written in {written_s:.1f} s")
    brand = User.from_doc(sync_db(settings).users.find_one({"_id": brand_id}) or {})
    first, last = (NOW - timedelta(days=DAYS)).date(), NOW.date()
    key = ReportKey(brand_id, None, None, first, last, "USD")

    begin = time.perf_counter()
    written = report_refresh.compute(
        sync_db(settings), sync_client(resolve_url(settings)), settings, [key]
    )
    job_s = time.perf_counter() - begin
    print(f"job: {written} reports (4 groupings x 6 models) in {job_s:.2f} s")

    variables = {"from": first.isoformat(), "to": last.isoformat()}
    times, body = asyncio.run(cached_requests(settings, brand, variables, n_requests))
    report = body["data"]["attributionReport"]
    assert not report["pending"] and not report["stale"], report
    cached_p50 = statistics.median(times)
    cached_p95 = sorted(times)[int(0.95 * (len(times) - 1))]
    print(
        f"cached request via GraphQL: p50 {cached_p50 * 1000:.1f} ms, "
        f"p95 {cached_p95 * 1000:.1f} ms over {len(times)} requests "
        f"({len(report['rows']['edges'])} rows, {report['totals']['conversions']:.0f} conversions)"
    )
    runs = [on_request(settings, key) for _ in range(n_reference)]
    reference_p50 = statistics.median(seconds for seconds, _ in runs)
    conversions, revenue = runs[0][1]
    totals = report["totals"]
    same = (
        abs(totals["conversions"] - conversions) < 1e-6
        and totals["revenue"]["amountMinor"] == revenue
    )
    print(
        f"reference, computed on the request: median {reference_p50 * 1000:.0f} ms; "
        f"totals {'equal to' if same else 'DIFFERENT from'} the cached report's"
    )
    ratio = reference_p50 / cached_p50
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratio (reference / cached): {ratio:.1f}x; peak RSS {peak_mib:.0f} MiB")

    figures = {
        "clicks": clicks,
        "orders": orders,
        "job_s": round(job_s, 3),
        "cached_p50_ms": round(cached_p50 * 1000, 2),
        "cached_p95_ms": round(cached_p95 * 1000, 2),
        "reference_p50_ms": round(reference_p50 * 1000, 1),
        "ratio": round(ratio, 1),
        "peak_rss_mib": round(peak_mib),
        "same_totals": same,
    }
    targets = {"cached_p50_ms": 50, "ratio": 20, "same_totals": True}
    meets = (
        figures["cached_p50_ms"] <= targets["cached_p50_ms"]
        and figures["ratio"] >= targets["ratio"]
        and same
    )
    print(
        json.dumps(
            {"bench": "attribution_reports", "figures": figures, "targets": targets, "meets": meets}
        )
    )


if __name__ == "__main__":
    main()
