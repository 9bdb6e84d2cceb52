"""The reconciliation jobs against the store: drift is injected by writing the store directly,
the first run only remembers it, a run `SETTLE` later corrects it by an increment, transient
differences are never corrected, and increments landing meanwhile are kept. The Celery tasks
and the CLI run for real."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from celery.result import allow_join_result
from rich.console import Console

from accounts.users import Role
from api.cli.commerce import run_reconcile
from api.state import AppState
from attribution import report_refresh
from commerce import consumer, earnings, ledger, reconcile_io
from commerce.commission import RuleKind
from commerce.links import new_click_id
from commerce.tasks import reconcile_budgets, recount_link_clicks
from core import clock
from core.ids import new_id
from core.mongo import Document, SyncDB, sync_db
from core.reconcile import SETTLE
from core.reconcile_io import SIGHTINGS, CounterFix
from tests.api.helpers import make_account

ROOT = Path(__file__).resolve().parents[2]


# --- builders ------------------------------------------------------------------------------


def make_link(db: SyncDB, code: str = "summer1") -> str:
    link_id = new_id("lnk")
    db.links.insert_one(
        {
            "_id": link_id,
            "code": code,
            "influencer_id": "usr_a",
            "clicks_total": 0,
            "clicks_counted": 0,
        }
    )
    return link_id


def click_docs(link_id: str, count: int, *, counted: bool = True) -> list[Document]:
    return [
        {
            "_id": new_click_id(),
            "link_id": link_id,
            "influencer_id": "usr_a",
            "product_id": "prd_a",
            "at": clock.now(),
            "visitor": f"visitor-{new_id('v')}",
            "ua": "MOBILE",
            "counted": counted,
        }
        for _ in range(count)
    ]


def counters(db: SyncDB, link_id: str) -> tuple[int, int]:
    doc = db.links.find_one({"_id": link_id})
    assert doc is not None
    return doc["clicks_total"], doc["clicks_counted"]


async def make_campaign(state: AppState, *, budget: int = 10_000, spent: int = 0) -> str:
    brand = await make_account(state, Role.BRAND)
    campaign_id = new_id("cmp")
    await state.db.campaigns.insert_one(
        {
            "_id": campaign_id,
            "brand_id": brand.user.id,
            "name": "Summer drop",
            "budget_minor": budget,
            "spent_minor": spent,
            "currency": "USD",
            "status": "ACTIVE",
        }
    )
    return campaign_id


def open_commission(
    db: SyncDB, campaign_id: str, order_id: str, amount: int, *, sale: int = 10_000
) -> ledger.Entry:
    entry = ledger.new_commission(
        commission_id=ledger.order_commission_id(order_id),
        influencer_id="usr_a",
        currency="USD",
        amount_minor=amount,
        sale_minor=sale,
        rule=RuleKind.PERCENT,
        at=clock.now(),
        order_id=order_id,
        campaign_id=campaign_id,
    )
    assert earnings.insert_entries_sync(db, [entry]) == 1
    return entry


def campaign(db: SyncDB, campaign_id: str) -> Document:
    doc = db.campaigns.find_one({"_id": campaign_id})
    assert doc is not None
    return doc


# --- link click counters -------------------------------------------------------------------


async def test_a_counter_raised_without_clicks_is_corrected_on_the_second_run(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    link_id, healthy = make_link(db, "drift1"), make_link(db, "fine1")
    consumer.write_clicks(
        db,
        click_docs(link_id, 4) + click_docs(link_id, 2, counted=False),
        on_written=report_refresh.mark_clicked_orders,
    )
    consumer.write_clicks(db, click_docs(healthy, 3), on_written=report_refresh.mark_clicked_orders)
    # A batch counted twice, or counted with its clicks lost: +3 total, +1 counted, no clicks.
    db.links.update_one({"_id": link_id}, {"$inc": {"clicks_total": 3, "clicks_counted": 1}})

    first = reconcile_io.recount_link_clicks(db, clock.now())
    assert (first.checked, first.differing, first.remembered, first.fixes) == (2, 1, 1, [])
    assert counters(db, link_id) == (9, 5)

    # Asked again at once: the difference may still be a write in flight, so it waits.
    frozen_clock.advance(SETTLE / 2)
    soon = reconcile_io.recount_link_clicks(db, clock.now())
    assert (soon.waiting, soon.fixes) == (1, [])

    frozen_clock.advance(SETTLE / 2)
    second = reconcile_io.recount_link_clicks(db, clock.now())
    assert second.fixes == [
        CounterFix("links", link_id, "drift1", (("clicks_total", -3), ("clicks_counted", -1)))
    ]
    assert counters(db, link_id) == (6, 4)
    assert counters(db, healthy) == (3, 3)

    frozen_clock.advance(SETTLE)
    third = reconcile_io.recount_link_clicks(db, clock.now())
    assert (third.differing, third.remembered, third.fixes) == (0, 0, [])
    assert db[SIGHTINGS].count_documents({}) == 0


async def test_clicks_in_flight_are_never_corrected(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    link_id = make_link(db)
    consumer.write_clicks(db, click_docs(link_id, 2), on_written=report_refresh.mark_clicked_orders)
    # A consumer has inserted a batch and not yet raised the counters.
    db.clicks.insert_many(click_docs(link_id, 3))
    first = reconcile_io.recount_link_clicks(db, clock.now())
    assert first.remembered == 1
    db.links.update_one({"_id": link_id}, {"$inc": {"clicks_total": 3, "clicks_counted": 3}})

    frozen_clock.advance(SETTLE)
    second = reconcile_io.recount_link_clicks(db, clock.now())
    assert (second.differing, second.fixes) == (0, [])
    assert counters(db, link_id) == (5, 5)
    assert db[SIGHTINGS].count_documents({}) == 0


async def test_clicks_counted_while_the_job_runs_are_kept(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    link_id = make_link(db)
    consumer.write_clicks(db, click_docs(link_id, 5), on_written=report_refresh.mark_clicked_orders)
    db.links.update_one({"_id": link_id}, {"$inc": {"clicks_total": 2, "clicks_counted": 2}})
    reconcile_io.recount_link_clicks(db, clock.now())
    frozen_clock.advance(SETTLE)

    def consumer_writes_at(moment: int) -> Callable[[int, int], None]:
        calls = iter(range(100))

        def advance(done: int, total: int) -> None:
            if next(calls) == moment:
                consumer.write_clicks(
                    db, click_docs(link_id, 4), on_written=report_refresh.mark_clicked_orders
                )

        return advance

    # The consumer counts clicks between the run's two reads of the counters: the link is
    # left for the next run, its sighting kept.
    busy = reconcile_io.recount_link_clicks(db, clock.now(), consumer_writes_at(0))
    assert (busy.unsettled, busy.fixes) == (1, [])
    assert counters(db, link_id) == (11, 11)

    # Now after the run has judged the link and before it corrects it: the correction is an
    # increment, so those four stay counted.
    frozen_clock.advance(SETTLE)
    fixed = reconcile_io.recount_link_clicks(db, clock.now(), consumer_writes_at(1))
    assert fixed.fixes == [
        CounterFix("links", link_id, "summer1", (("clicks_total", -2), ("clicks_counted", -2)))
    ]
    assert counters(db, link_id) == (13, 13)
    assert db.clicks.count_documents({"link_id": link_id}) == 13


async def test_two_runs_at_once_correct_a_difference_once(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    link_id = make_link(db)
    db.links.update_one({"_id": link_id}, {"$inc": {"clicks_total": 7, "clicks_counted": 7}})
    reconcile_io.recount_link_clicks(db, clock.now())
    frozen_clock.advance(SETTLE)
    nested: list[reconcile_io.RunSummary] = []

    def another_run_meanwhile(done: int, total: int) -> None:
        if done == total and not nested:
            nested.append(reconcile_io.recount_link_clicks(db, clock.now()))

    outer = reconcile_io.recount_link_clicks(db, clock.now(), another_run_meanwhile)
    assert [len(nested[0].fixes), len(outer.fixes)] == [1, 0]
    assert counters(db, link_id) == (0, 0)


# --- campaign budgets ----------------------------------------------------------------------


async def test_a_spend_without_a_ledger_entry_is_given_back_and_recorded(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    campaign_id = await make_campaign(state, budget=3_000)
    returned = open_commission(db, campaign_id, "ord_1", 1_000)
    open_commission(db, campaign_id, "ord_2", 600, sale=6_000)
    reversal = ledger.apply_return(
        [returned], returned.id, "rtn_1", 2_000, clock.now() + timedelta(hours=1)
    )
    earnings.insert_entries_sync(db, reversal)
    # Held: 1000 - 200 + 600 = 1400. Spent: that, plus 1500 of an order whose worker died
    # between spending and writing the entry; the budget reads used up.
    db.campaigns.update_one(
        {"_id": campaign_id}, {"$set": {"spent_minor": 2_900, "budget_exhausted_at": clock.now()}}
    )

    first = reconcile_io.reconcile_budgets(db, clock.now())
    assert (first.checked, first.remembered, first.fixes) == (1, 1, [])
    assert campaign(db, campaign_id)["spent_minor"] == 2_900

    frozen_clock.advance(SETTLE)
    second = reconcile_io.reconcile_budgets(db, clock.now())
    (fix,) = second.fixes
    assert isinstance(fix, reconcile_io.BudgetFix)
    assert (fix.before_minor, fix.after_minor, fix.delta_minor, fix.exhaustion) == (
        2_900,
        1_400,
        -1_500,
        "clear",
    )
    after = campaign(db, campaign_id)
    assert after["spent_minor"] == 1_400 and after["budget_exhausted_at"] is None
    (record,) = list(db[reconcile_io.CORRECTIONS].find({"campaign_id": campaign_id}))
    assert (record["before_minor"], record["after_minor"], record["delta_minor"]) == (
        2_900,
        1_400,
        -1_500,
    )
    assert record["brand_id"] == after["brand_id"] and record["at"] == clock.now()

    frozen_clock.advance(SETTLE)
    assert reconcile_io.reconcile_budgets(db, clock.now()).differing == 0


async def test_a_correction_that_uses_the_budget_up_tells_the_brand(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    campaign_id = await make_campaign(state, budget=1_000, spent=0)
    # The spend was lost (a release counted twice), the commission stands.
    open_commission(db, campaign_id, "ord_1", 1_000)
    reconcile_io.reconcile_budgets(db, clock.now())
    frozen_clock.advance(SETTLE)
    (fix,) = reconcile_io.reconcile_budgets(db, clock.now()).fixes
    assert isinstance(fix, reconcile_io.BudgetFix)
    assert (fix.delta_minor, fix.exhaustion) == (1_000, "set")
    after = campaign(db, campaign_id)
    assert after["spent_minor"] == 1_000 and after["budget_exhausted_at"] is not None
    (notice,) = list(db.notifications.find({"campaign_id": campaign_id}))
    assert notice["kind"] == "BUDGET_EXHAUSTED" and notice["user_id"] == after["brand_id"]


async def test_spends_in_flight_split_plans_and_post_fees_are_not_drift(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    campaign_id = await make_campaign(state, budget=100_000)
    # A post's fixed fee: an ordinary commission of the campaign, with no order.
    fee = ledger.new_commission(
        commission_id=ledger.post_commission_id("pst_1"),
        influencer_id="usr_a",
        currency="USD",
        amount_minor=2_500,
        sale_minor=0,
        rule=RuleKind.FIXED_FEE,
        at=clock.now(),
        campaign_id=campaign_id,
        post_id="pst_1",
    )
    earnings.insert_entries_sync(db, [fee])
    # A split order being processed: the plan spent 1000 once, one part's entry is written.
    db.orders.insert_one(
        {
            "_id": "ord_split",
            "state": "RECEIVED",
            "split": {"credit": {"influencer_id": "usr_a", "campaign_id": campaign_id}},
            "commission_plan": [
                {"influencer_id": "usr_a", "amount_minor": 400},
                {"influencer_id": "usr_b", "amount_minor": 600},
            ],
        }
    )
    part = ledger.new_commission(
        commission_id=ledger.order_commission_id("ord_split", part="usr_a"),
        influencer_id="usr_a",
        currency="USD",
        amount_minor=400,
        sale_minor=10_000,
        rule=RuleKind.PERCENT,
        at=clock.now(),
        order_id="ord_split",
        campaign_id=campaign_id,
    )
    earnings.insert_entries_sync(db, [part])
    # And a single order whose budget was just spent, its entry a moment from being written.
    db.campaigns.update_one({"_id": campaign_id}, {"$set": {"spent_minor": 2_500 + 1_000 + 300}})

    first = reconcile_io.reconcile_budgets(db, clock.now())
    assert (first.differing, first.remembered) == (1, 1)
    open_commission(db, campaign_id, "ord_single", 300)
    frozen_clock.advance(SETTLE)
    second = reconcile_io.reconcile_budgets(db, clock.now())
    assert (second.differing, second.fixes) == (0, [])
    assert campaign(db, campaign_id)["spent_minor"] == 3_800


async def test_spends_while_the_job_runs_are_kept(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    campaign_id = await make_campaign(state, budget=100_000, spent=5_000)
    open_commission(db, campaign_id, "ord_1", 1_000)
    reconcile_io.reconcile_budgets(db, clock.now())
    frozen_clock.advance(SETTLE)

    def an_order_spends(done: int, total: int) -> None:
        if done == total:  # judged already, not yet corrected
            db.campaigns.update_one({"_id": campaign_id}, {"$inc": {"spent_minor": 700}})
            open_commission(db, campaign_id, "ord_2", 700)

    (fix,) = reconcile_io.reconcile_budgets(db, clock.now(), an_order_spends).fixes
    assert isinstance(fix, reconcile_io.BudgetFix)
    assert (fix.before_minor, fix.delta_minor, fix.after_minor) == (5_700, -4_000, 1_700)
    assert campaign(db, campaign_id)["spent_minor"] == 1_700


# --- the Celery tasks and the CLI ----------------------------------------------------------


def _run_task(task: Any) -> dict[str, Any]:
    with allow_join_result():
        result: dict[str, Any] = task.delay().get(timeout=60)
    return result


async def test_the_celery_tasks_reconcile_for_real(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    link_id = make_link(db, "task1")
    consumer.write_clicks(db, click_docs(link_id, 2), on_written=report_refresh.mark_clicked_orders)
    db.links.update_one({"_id": link_id}, {"$inc": {"clicks_total": 1}})
    campaign_id = await make_campaign(state, spent=800)
    open_commission(db, campaign_id, "ord_1", 500)

    links = await asyncio.to_thread(_run_task, recount_link_clicks)
    budgets = await asyncio.to_thread(_run_task, reconcile_budgets)
    assert (links["remembered"], links["corrected"]) == (1, [])
    assert (budgets["remembered"], budgets["corrected"]) == (1, [])

    frozen_clock.advance(SETTLE)
    links = await asyncio.to_thread(_run_task, recount_link_clicks)
    budgets = await asyncio.to_thread(_run_task, reconcile_budgets)
    assert links["corrected"] == [
        {
            "job": "links",
            "subject": link_id,
            "label": "task1",
            "increments": [["clicks_total", -1], ["clicks_counted", 0]],
        }
    ]
    assert [(c["campaign_id"], c["delta_minor"]) for c in budgets["corrected"]] == [
        (campaign_id, -300)
    ]
    assert counters(db, link_id) == (2, 2)
    assert campaign(db, campaign_id)["spent_minor"] == 500


async def test_the_command_shows_progress_and_what_it_corrected(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    link_id = make_link(db, "cli1")
    db.links.update_one({"_id": link_id}, {"$inc": {"clicks_total": 2, "clicks_counted": 2}})
    campaign_id = await make_campaign(state, spent=1_234)
    out = io.StringIO()
    console = Console(file=out, width=160, force_terminal=False)

    run_reconcile(db, console, clock.now())
    printed = out.getvalue()
    assert "Recounting link clicks" in printed and "Reconciling campaign budgets" in printed
    assert "New differences on 1 link:" in printed and "on 1 campaign:" in printed
    assert "0 corrected" in printed

    frozen_clock.advance(SETTLE)
    out.seek(0)
    out.truncate()
    links, budgets, posts, people = run_reconcile(db, console, clock.now())
    printed = out.getvalue()
    assert len(links.fixes) == 1 and len(budgets.fixes) == 1
    assert (posts.job, people.job, posts.fixes, people.fixes) == ("posts", "people", [], [])
    assert link_id in printed and "cli1" in printed and "-2" in printed
    assert campaign_id in printed and "12.34 USD" in printed and "-12.34 USD" in printed


def test_the_command_explains_it_needs_a_database() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MONGODB_URI"}
    result = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "reconcile"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "MONGODB_URI" in result.stderr and "Traceback" not in result.stderr
