"""The pure supplier rules: KPIs from order facts, grades with shrinkage and their explanation,
allocation by grade and capacity, payable arithmetic, lead times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from commerce.allocation import AllocationParams, Candidate, allocate, check_override
from commerce.lead_times import order_lead_time
from commerce.payables import discount_of, passed_amount
from commerce.supplier_grades import Grade, GradeParams, grade_supplier
from commerce.supplier_kpis import (
    OrderFacts,
    ReceivedBatch,
    ReturnedPiece,
    supplier_kpis,
    trace_quality_returns,
)
from core.settings import Settings

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PARAMS = GradeParams.from_settings(Settings(environment="test"))


def order(
    n: int,
    *,
    late_days: int = -1,
    defective: int = 0,
    pieces: int = 100,
    cost: int = 1000,
    supplier: str = "sup_x",
) -> OrderFacts:
    issued = T0 + timedelta(days=3 * n)
    due = (issued + timedelta(days=7)).date()
    return OrderFacts(
        po_id=f"po_{supplier}_{n}",
        supplier_id=supplier,
        category="dresses",
        issued_at=issued,
        due_on=due,
        ordered=pieces,
        unit_cost_minor=cost,
        amount_minor=pieces * cost,
        accepted_at=issued + timedelta(hours=2),
        received_at=datetime.combine(due, datetime.min.time(), tzinfo=UTC)
        + timedelta(days=late_days, hours=12),
        passed=pieces - defective,
        defective=defective,
    )


def grade_of(facts: list[OrderFacts]) -> tuple[Grade, float]:
    as_of = T0 + timedelta(days=200)
    result = grade_supplier(supplier_kpis("sup_x", facts, as_of, {"dresses": 1000.0}), PARAMS)
    return result.grade, result.score


def test_kpis_count_overdue_orders_as_late_and_quality_returns_as_defects() -> None:
    facts = [order(0), order(1, late_days=3, defective=4)]
    open_late = OrderFacts(
        po_id="po_open",
        supplier_id="sup_x",
        category="dresses",
        issued_at=T0,
        due_on=(T0 + timedelta(days=7)).date(),
        ordered=50,
        unit_cost_minor=1000,
        amount_minor=50_000,
        accepted_at=T0 + timedelta(hours=1),
    )
    returned = [*facts[:1], OrderFacts(**{**facts[1].__dict__, "quality_returns": 6}), open_late]
    k = supplier_kpis("sup_x", returned, T0 + timedelta(days=30), {"dresses": 1000.0})
    assert (k.due, k.on_time) == (3, 1)
    assert k.defects == 10 and k.defect_rate == 10 / 200
    assert k.purchase_amount_minor == 250_000
    assert k.cost_index == 1.0


def test_two_lucky_orders_do_not_make_an_s_but_forty_do() -> None:
    few, few_score = grade_of([order(n, cost=5000) for n in range(2)])
    many, many_score = grade_of([order(n, cost=5000) for n in range(40)])
    assert few is not Grade.S
    assert many is Grade.S
    assert many_score > few_score


def test_a_grade_explains_itself_and_says_what_would_raise_it() -> None:
    facts = [order(n, late_days=4 if n % 2 else -1) for n in range(20)]
    result = grade_supplier(
        supplier_kpis("sup_x", facts, T0 + timedelta(days=90), {"dresses": 1000.0}), PARAMS
    )
    on_time = next(c for c in result.components if c.name == "on_time")
    assert on_time.effect < 0
    # Half late: the on-time rate is named as lowering the score; no defects raised it.
    assert any(r.startswith("On-time rate") and "lowered" in r for r in result.reasons)
    assert any(r.startswith("Defect rate") and "raised" in r for r in result.reasons)
    assert result.next_grade is not None
    assert any(i.component == "on_time" for i in result.improvements)


def test_a_new_supplier_stands_at_the_prior_and_is_capped_by_amount() -> None:
    grade, score = grade_of([])
    assert grade is Grade.B
    assert abs(score - grade_of([])[1]) == 0


def test_returns_go_to_the_latest_order_received_before_them() -> None:
    batches = [
        ReceivedBatch("po_1", "SKU", T0),
        ReceivedBatch("po_2", "SKU", T0 + timedelta(days=10)),
    ]
    returns = [
        ReturnedPiece("SKU", 2, T0 + timedelta(days=5)),
        ReturnedPiece("SKU", 3, T0 + timedelta(days=11)),
        ReturnedPiece("SKU", 1, T0 - timedelta(days=1)),
        ReturnedPiece("OTHER", 9, T0 + timedelta(days=11)),
    ]
    assert trace_quality_returns(returns, batches) == {"po_1": 2, "po_2": 3}


def cand(sid: str, grade: Grade, capacity: int = 1000, min_order: int = 0) -> Candidate:
    return Candidate(sid, sid, grade, 0.5, frozenset({"dresses"}), capacity, min_order)


def test_allocation_puts_s_and_a_first_caps_b_keeps_c_small_and_d_out() -> None:
    split = allocate(
        "dresses",
        100,
        [cand("s", Grade.S), cand("b", Grade.B), cand("c", Grade.C), cand("d", Grade.D)],
        AllocationParams(max_suppliers=4),
    )
    got = {s.supplier_id: s.quantity for s in split.shares}
    assert sum(got.values()) == 100 and split.unallocated == 0
    assert "d" not in got and {e.supplier_id for e in split.excluded} == {"d"}
    assert got["s"] > got["b"] > got["c"]
    assert got["b"] <= 30 and got["c"] <= 10


def test_capacity_and_minimum_orders_are_respected() -> None:
    split = allocate(
        "dresses",
        100,
        [cand("a", Grade.A, capacity=20), cand("b", Grade.B, min_order=50)],
        AllocationParams(),
    )
    got = {s.supplier_id: s.quantity for s in split.shares}
    # A has room for 20; B's capped 30 is under its minimum of 50, so it is withdrawn.
    assert got == {"a": 20}
    assert split.unallocated == 80 and split.notes


def test_with_no_s_or_a_room_the_b_cap_gives_way() -> None:
    split = allocate("dresses", 100, [cand("b1", Grade.B), cand("b2", Grade.B)], AllocationParams())
    assert sorted(s.quantity for s in split.shares) == [50, 50]
    assert split.unallocated == 0 and "lifted" in split.notes[0]


def test_an_override_is_checked_like_an_allocation() -> None:
    candidates = [cand("a", Grade.A, capacity=60), cand("d", Grade.D)]
    _, problems = check_override("dresses", 100, [("a", 70), ("d", 30)], candidates)
    assert [(p.index, p.code) for p in problems] == [(0, "OVER_CAPACITY"), (1, "NOT_QUALIFIED")]
    _, short = check_override("dresses", 100, [("a", 50)], candidates)
    assert [p.code for p in short] == ["INVALID"]
    ok, none = check_override("dresses", 60, [("a", 60)], candidates)
    assert none == [] and ok is not None and ok.overridden


@given(
    quantity=st.integers(1, 5000),
    grades=st.lists(st.sampled_from(list(Grade)), min_size=1, max_size=6),
    capacities=st.lists(st.integers(0, 3000), min_size=6, max_size=6),
)
def test_allocation_never_exceeds_capacity_or_the_batch(
    quantity: int, grades: list[Grade], capacities: list[int]
) -> None:
    candidates = [cand(f"s{i}", g, capacities[i]) for i, g in enumerate(grades)]
    split = allocate("dresses", quantity, candidates, AllocationParams(max_suppliers=6))
    assert split.allocated + split.unallocated == quantity
    for share in split.shares:
        c = next(x for x in candidates if x.supplier_id == share.supplier_id)
        assert 0 < share.quantity <= c.free_capacity and c.grade is not Grade.D
        if c.grade is Grade.C:
            assert share.quantity <= int(0.10 * quantity)


def test_payable_arithmetic_in_minor_units() -> None:
    assert passed_amount([(60, 1000), (40, 1500)], 80) == (80, 60 * 1000 + 20 * 1500)
    assert passed_amount([(60, 1000)], 75) == (60, 60_000)  # over-delivery is not billed
    assert passed_amount([(60, 1000)], 0) == (0, 0)
    assert discount_of(117_230, 250) == 2_930
    assert discount_of(1, 9_999) == 0
    assert discount_of(2**53 - 1, 200) == (2**53 - 1) * 200 // 10_000


def test_lead_time_against_the_target() -> None:
    drop = T0
    issued = T0 + timedelta(days=1)
    listed = T0 + timedelta(days=8)
    late = order_lead_time(
        noticed_at=None, drop_created_at=drop, issued_at=issued, listed_at=listed,
        now=listed, target_days=7,
    )  # fmt: skip
    assert late.total_days == 8 and late.on_target is False and late.drop_to_issue_days == 1
    running = order_lead_time(
        noticed_at=drop - timedelta(days=2), drop_created_at=drop, issued_at=issued,
        listed_at=None, now=T0 + timedelta(days=3), target_days=7,
    )  # fmt: skip
    assert running.on_target is None and running.elapsed_days == 5
    assert running.noticed_to_drop_days == 2
