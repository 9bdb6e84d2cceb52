"""Splitting a batch across the qualified suppliers of its category (pure).

Who qualifies: a supplier of the category with free capacity whose grade is not D (a D gets no
new orders). Who is chosen: S and A first, then B, then C, best score first within a grade, at
most `max_suppliers` of them. How much each gets: shares proportional to the grade's weight
(S 4, A 2, B 1, C 0.5), poured like water so no one exceeds its free capacity or its grade's
cap — a B at most `b_cap` of the batch, the C suppliers together (on probation) at most
`c_share` — and whatever one cannot take flows to the others. Only when the S and A suppliers
have no room left does the B cap give way (the C share never does). A share below a supplier's
minimum order is withdrawn and poured again without it. Pieces nobody can take are left
`unallocated`, said so, never forced on anyone. Every line says why.

The brand may override the split (`check_override`): the same qualification rules, its own
quantities.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from commerce.supplier_grades import GRADE_ORDER, Grade
from core.settings import Settings

GRADE_WEIGHTS: Mapping[Grade, float] = {Grade.S: 4.0, Grade.A: 2.0, Grade.B: 1.0, Grade.C: 0.5}


@dataclass(frozen=True)
class Candidate:
    supplier_id: str
    name: str
    grade: Grade
    score: float
    categories: frozenset[str]
    free_capacity: int
    """Pieces it can still make in the category by the due date."""
    min_order: int = 0


@dataclass(frozen=True)
class AllocationParams:
    b_cap: float = 0.30
    c_share: float = 0.10
    max_suppliers: int = 3
    weights: Mapping[Grade, float] = field(default_factory=lambda: dict(GRADE_WEIGHTS))

    @classmethod
    def from_settings(cls, settings: Settings) -> AllocationParams:
        return cls(
            b_cap=settings.supplier_alloc_b_cap,
            c_share=settings.supplier_alloc_c_share,
            max_suppliers=settings.supplier_alloc_max_suppliers,
        )


@dataclass(frozen=True)
class Share:
    supplier_id: str
    name: str
    grade: Grade
    quantity: int
    reason: str


@dataclass(frozen=True)
class Excluded:
    supplier_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class Allocation:
    category: str
    quantity: int
    shares: tuple[Share, ...]
    excluded: tuple[Excluded, ...]
    unallocated: int
    overridden: bool = False
    notes: tuple[str, ...] = ()

    @property
    def allocated(self) -> int:
        return sum(s.quantity for s in self.shares)


def _category(value: str) -> str:
    return value.strip().lower()


def qualify(
    category: str, candidates: Sequence[Candidate]
) -> tuple[list[Candidate], list[Excluded]]:
    """The candidates that may get this category's batch, and why the others may not."""
    key = _category(category)
    fit: list[Candidate] = []
    out: list[Excluded] = []
    for c in candidates:
        if key not in {_category(x) for x in c.categories}:
            out.append(Excluded(c.supplier_id, c.name, f"Does not make {category}."))
        elif c.grade is Grade.D:
            out.append(Excluded(c.supplier_id, c.name, "Grade D: no new orders."))
        elif c.free_capacity <= 0:
            out.append(Excluded(c.supplier_id, c.name, "No free capacity in the category."))
        else:
            fit.append(c)
    return fit, out


def _caps(chosen: Sequence[Candidate], quantity: int, p: AllocationParams) -> dict[str, int]:
    c_count = sum(1 for c in chosen if c.grade is Grade.C)
    caps = {}
    for c in chosen:
        cap = c.free_capacity
        if c.grade is Grade.B:
            cap = min(cap, math.floor(p.b_cap * quantity))
        elif c.grade is Grade.C:
            cap = min(cap, math.floor(p.c_share * quantity / max(1, c_count)))
        caps[c.supplier_id] = max(0, cap)
    return caps


def _pour(
    chosen: Sequence[Candidate], quantity: int, caps: Mapping[str, int], p: AllocationParams
) -> dict[str, int]:
    """Integer shares proportional to the grade weights within each cap (water-filling, then
    the largest remainders)."""
    given: dict[str, float] = {c.supplier_id: 0.0 for c in chosen}
    active = [c for c in chosen if caps[c.supplier_id] > 0]
    remaining = float(min(quantity, sum(caps.values())))
    while active and remaining > 1e-9:
        total_weight = sum(p.weights[c.grade] for c in active)
        full = [
            c
            for c in active
            if remaining * p.weights[c.grade] / total_weight
            >= caps[c.supplier_id] - given[c.supplier_id]
        ]
        if not full:
            for c in active:
                given[c.supplier_id] += remaining * p.weights[c.grade] / total_weight
            remaining = 0
            break
        for c in full:
            remaining -= caps[c.supplier_id] - given[c.supplier_id]
            given[c.supplier_id] = float(caps[c.supplier_id])
        active = [c for c in active if c not in full]
    whole = {sid: math.floor(v + 1e-9) for sid, v in given.items()}
    left = min(quantity, sum(caps.values())) - sum(whole.values())
    order = sorted(
        chosen,
        key=lambda c: (-(given[c.supplier_id] - whole[c.supplier_id]), GRADE_ORDER.index(c.grade)),
    )
    for c in order:
        if left <= 0:
            break
        if whole[c.supplier_id] < caps[c.supplier_id]:
            whole[c.supplier_id] += 1
            left -= 1
    return whole


def _reason(c: Candidate, quantity: int, cap: int, total: int, p: AllocationParams) -> str:
    share = quantity / total if total else 0.0
    if c.grade is Grade.C:
        why = f"grade C on probation (all C together at most {p.c_share:.0%})"
    elif c.grade is Grade.B:
        why = f"grade B (capped at {p.b_cap:.0%} of a batch)"
    else:
        why = f"grade {c.grade.value} (first in line, weight {p.weights[c.grade]:g})"
    limited = " up to its free capacity" if quantity == c.free_capacity == cap else ""
    return f"{quantity} pieces ({share:.0%}): {why}{limited}."


def allocate(
    category: str, quantity: int, candidates: Sequence[Candidate], p: AllocationParams
) -> Allocation:
    fit, excluded = qualify(category, candidates)
    ranked = sorted(fit, key=lambda c: (GRADE_ORDER.index(c.grade), -c.score, c.supplier_id))
    chosen = ranked[: p.max_suppliers]
    excluded += [
        Excluded(c.supplier_id, c.name, f"Not among the best {p.max_suppliers} for this batch.")
        for c in ranked[p.max_suppliers :]
    ]
    notes: list[str] = []
    while True:
        caps = _caps(chosen, quantity, p)
        split = _pour(chosen, quantity, caps, p)
        too_small = [c for c in chosen if 0 < split[c.supplier_id] < c.min_order]
        if not too_small:
            break
        for c in too_small:
            excluded.append(
                Excluded(
                    c.supplier_id,
                    c.name,
                    f"Its share ({split[c.supplier_id]}) is under its minimum order "
                    f"({c.min_order}).",
                )
            )
        chosen = [c for c in chosen if c not in too_small]
    left = quantity - sum(split.values())
    b_room = {
        c.supplier_id: c.free_capacity - split[c.supplier_id]
        for c in chosen
        if c.grade is Grade.B and c.free_capacity > split[c.supplier_id]
    }
    if left > 0 and b_room:
        # No S or A had room for the rest: the B cap gives way rather than leave pieces
        # unmade (the C share does not: probation stays small).
        extra = _pour(
            chosen, left, {c.supplier_id: b_room.get(c.supplier_id, 0) for c in chosen}, p
        )
        for c in chosen:
            split[c.supplier_id] += extra[c.supplier_id]
            caps[c.supplier_id] += extra[c.supplier_id]
        if any(extra.values()):
            notes.append(
                f"The B cap ({p.b_cap:.0%}) was lifted for {sum(extra.values())} pieces no S "
                "or A supplier had room for."
            )
    shares = tuple(
        Share(c.supplier_id, c.name, c.grade, split[c.supplier_id],
              _reason(c, split[c.supplier_id], caps[c.supplier_id], quantity, p))
        for c in chosen
        if split[c.supplier_id] > 0
    )  # fmt: skip
    unallocated = quantity - sum(s.quantity for s in shares)
    if unallocated:
        notes.append(
            f"{unallocated} pieces found no qualified supplier with room: invite or upgrade "
            "suppliers of this category, or override the split."
        )
    return Allocation(
        category=category,
        quantity=quantity,
        shares=shares,
        excluded=tuple(excluded),
        unallocated=unallocated,
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class OverrideProblem:
    index: int
    code: str
    message: str


def check_override(
    category: str,
    quantity: int,
    wanted: Sequence[tuple[str, int]],
    candidates: Sequence[Candidate],
) -> tuple[Allocation | None, list[OverrideProblem]]:
    """A brand's own split: each supplier must qualify (category, not D, capacity) and the
    quantities must add up to the batch."""
    fit, excluded = qualify(category, candidates)
    by_id = {c.supplier_id: c for c in candidates}
    fit_ids = {c.supplier_id for c in fit}
    why_not = {e.supplier_id: e.reason for e in excluded}
    problems: list[OverrideProblem] = []
    seen: set[str] = set()
    shares: list[Share] = []
    for index, (supplier_id, pieces) in enumerate(wanted):
        candidate = by_id.get(supplier_id)
        if candidate is None:
            problems.append(OverrideProblem(index, "NOT_FOUND", "Not one of your suppliers."))
        elif supplier_id in seen:
            problems.append(OverrideProblem(index, "DUPLICATE", "That supplier is listed twice."))
        elif supplier_id not in fit_ids:
            problems.append(OverrideProblem(index, "NOT_QUALIFIED", why_not[supplier_id]))
        elif pieces < 1:
            problems.append(OverrideProblem(index, "INVALID", "Give each supplier at least 1."))
        elif pieces > candidate.free_capacity:
            problems.append(
                OverrideProblem(
                    index,
                    "OVER_CAPACITY",
                    f"It has room for {candidate.free_capacity} pieces in {category}.",
                )
            )
        else:
            shares.append(
                Share(supplier_id, candidate.name, candidate.grade, pieces, "Set by the brand.")
            )
        seen.add(supplier_id)
    total = sum(pieces for _, pieces in wanted)
    if not problems and total != quantity:
        problems.append(
            OverrideProblem(-1, "INVALID", f"The split adds up to {total}, not {quantity}.")
        )
    if problems:
        return None, problems
    return (
        Allocation(
            category=category,
            quantity=quantity,
            shares=tuple(shares),
            excluded=(),
            unallocated=0,
            overridden=True,
        ),
        [],
    )
