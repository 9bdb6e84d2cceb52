"""The reconciliation rules: two sightings of the same difference, at least `settle` apart,
before a correction; what a campaign's commissions hold; when the budget mark moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from commerce.commission import RuleKind
from commerce.ledger import (
    Entry,
    HoldReason,
    apply_return,
    fold,
    new_commission,
    order_commission_id,
    post_commission_id,
    reject_hold,
)
from commerce.reconcile import PlanPart, budget_differences, exhaustion_change, held_by_campaign
from core.reconcile import SETTLE, Sighting, decide

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
LATER = T0 + SETTLE


def sighting(subject: str, *difference: int, at: datetime = T0) -> Sighting:
    return Sighting(subject, tuple(difference), at, token=f"tok-{subject}")


def test_a_first_difference_is_only_remembered() -> None:
    decision = decide({"lnk_a": (3, 2), "lnk_b": (0, 0)}, {}, T0)
    assert decision.remember == [("lnk_a", (3, 2))]
    assert decision.corrections == [] and decision.forget == []


def test_the_same_difference_seen_again_is_corrected_by_its_opposite() -> None:
    decision = decide({"lnk_a": (3, 2)}, {"lnk_a": sighting("lnk_a", 3, 2)}, LATER)
    (correction,) = decision.corrections
    assert correction.subject == "lnk_a"
    assert correction.increments == (-3, -2)
    assert correction.sighting.token == "tok-lnk_a"
    assert decision.remember == [] and decision.forget == []


def test_a_second_sighting_too_soon_waits_and_keeps_the_first() -> None:
    soon = T0 + SETTLE - timedelta(seconds=1)
    decision = decide({"cmp_a": (-500,)}, {"cmp_a": sighting("cmp_a", -500)}, soon)
    assert decision.corrections == [] and decision.remember == [] and decision.forget == []
    assert decision.waiting == ["cmp_a"]


def test_a_changed_difference_replaces_the_sighting_and_a_vanished_one_drops_it() -> None:
    sightings = {"lnk_a": sighting("lnk_a", 3, 2), "lnk_b": sighting("lnk_b", 1, 1)}
    decision = decide({"lnk_a": (4, 2), "lnk_b": (0, 0)}, sightings, LATER)
    assert decision.corrections == []
    assert decision.remember == [("lnk_a", (4, 2))]
    assert decision.forget == ["lnk_b"]


def test_sightings_of_unjudged_subjects_are_kept_and_of_missing_ones_dropped() -> None:
    sightings = {"lnk_busy": sighting("lnk_busy", 1, 0), "lnk_gone": sighting("lnk_gone", 1, 0)}
    decision = decide({}, sightings, LATER, unjudged=["lnk_busy"])
    assert decision.forget == ["lnk_gone"]
    assert decision.corrections == [] and decision.remember == []


@given(st.lists(st.integers(-3, 3), min_size=1, max_size=30))
def test_only_a_difference_repeated_by_consecutive_runs_is_corrected(diffs: list[int]) -> None:
    """Run after run (each `settle` apart), a counter drifts by the observed amounts; a
    correction happens exactly when a run sees the non-zero difference the previous one saw
    and remembered."""
    sightings: dict[str, Sighting] = {}
    now = T0
    remembered_last: int | None = None
    for diff in diffs:
        decision = decide({"x": (diff,)}, sightings, now)
        expected = diff != 0 and remembered_last == diff
        assert [c.difference for c in decision.corrections] == ([(diff,)] if expected else [])
        if decision.corrections:
            sightings.pop("x")
        for subject in decision.forget:
            sightings.pop(subject)
        for subject, difference in decision.remember:
            sightings[subject] = Sighting(subject, difference, now, "t")
        remembered_last = diff if decision.remember else None
        now += SETTLE


# --- budgets -------------------------------------------------------------------------------


def _commission(
    commission_id: str,
    amount: int,
    *,
    campaign: str | None = "cmp_a",
    sale: int = 10_000,
    hold: HoldReason | None = None,
    rule: RuleKind = RuleKind.PERCENT,
    order_id: str | None = "ord_1",
    post_id: str | None = None,
) -> Entry:
    return new_commission(
        commission_id=commission_id,
        influencer_id="usr_a",
        currency="USD",
        amount_minor=amount,
        sale_minor=sale,
        rule=rule,
        at=T0,
        order_id=order_id,
        campaign_id=campaign,
        post_id=post_id,
        hold=hold,
    )


def test_held_money_is_original_less_reversed_and_rejected_fixed_fees_included() -> None:
    plain = _commission(order_commission_id("ord_1"), 1_000)
    returned = _commission(order_commission_id("ord_2"), 600, sale=6_000, order_id="ord_2")
    rejected = _commission(
        order_commission_id("ord_3"), 400, order_id="ord_3", hold=HoldReason.SELF_PURCHASE
    )
    fee = _commission(
        post_commission_id("pst_1"),
        2_500,
        sale=0,
        rule=RuleKind.FIXED_FEE,
        order_id=None,
        post_id="pst_1",
    )
    elsewhere = _commission(order_commission_id("ord_4"), 700, campaign="cmp_b", order_id="ord_4")
    no_campaign = _commission(order_commission_id("ord_5"), 50, campaign=None, order_id="ord_5")
    log = [plain, returned, rejected, fee, elsewhere, no_campaign]
    log += apply_return(log, returned.id, "rtn_1", 2_000, T0 + timedelta(days=1))
    log += reject_hold(log, rejected.id, T0 + timedelta(days=2))
    held = held_by_campaign(fold(log).values())
    # 1000 + (600 - 200 reversed) + (400 - 400 rejected) + 2500 fee
    assert held == {"cmp_a": 3_900, "cmp_b": 700}


def test_a_split_plan_holds_its_parts_until_their_entries_are_written() -> None:
    written = _commission(order_commission_id("ord_9", part="usr_a"), 300, order_id="ord_9")
    plan = [
        PlanPart("cmp_a", order_commission_id("ord_9", part="usr_a"), 300),
        PlanPart("cmp_a", order_commission_id("ord_9", part="usr_b"), 700),
    ]
    # usr_a's part is in the ledger (counted once, from its entry); usr_b's is still only planned.
    assert held_by_campaign(fold([written]).values(), plan) == {"cmp_a": 1_000}
    assert held_by_campaign([], plan) == {"cmp_a": 1_000}


def test_budget_differences_are_spend_less_held() -> None:
    assert budget_differences({"cmp_a": 5_000, "cmp_b": 0}, {"cmp_a": 3_900}) == {
        "cmp_a": (1_100,),
        "cmp_b": (0,),
    }


def test_the_budget_mark_moves_only_when_a_correction_crosses_the_cap() -> None:
    # Freeing budget under the cap clears the mark; freeing some while still over leaves it.
    assert exhaustion_change(10_000, -1_000, 10_000, exhausted=True) == "clear"
    assert exhaustion_change(12_000, -1_000, 10_000, exhausted=True) is None
    # Raising the spend to the cap sets it (and the brand is told); once set, never again.
    assert exhaustion_change(9_000, 1_000, 10_000, exhausted=False) == "set"
    assert exhaustion_change(9_000, 1_000, 10_000, exhausted=True) is None
    assert exhaustion_change(5_000, 1_000, 10_000, exhausted=False) is None
    assert exhaustion_change(5_000, -1_000, 10_000, exhausted=False) is None
