"""S/A/B/C/D grades from a supplier's KPIs and purchase amount (pure).

Each KPI becomes a component score in [0, 1] after shrinking it toward a prior by the evidence
behind it (a beta-binomial posterior mean for the rates: `(hits + k·p0) / (n + k)`; the same
pseudo-count weighting for the means), so two lucky orders move a new supplier only a little
from where a supplier with no history stands. The score is the weighted sum of the components;
cut-offs turn it into a grade, and the purchase amount caps it (an S needs real volume). Every
grade carries its explanation: how far each component moved the score from the prior's, and
what would lift it to the next grade.

Weights, cut-offs and priors are settings (`SUPPLIER_*`, documented in `core.settings`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from commerce.supplier_kpis import SupplierKpis
from core.settings import Settings


class Grade(StrEnum):
    S = "S"
    A = "A"
    B = "B"
    C = "C"
    D = "D"


GRADE_ORDER = (Grade.S, Grade.A, Grade.B, Grade.C, Grade.D)
# A supplier with no lead-time history is assumed a quarter slower than the target.
PRIOR_LEAD_FACTOR = 1.25


@dataclass(frozen=True)
class GradeParams:
    weights: Mapping[str, float]
    cuts: Mapping[Grade, float]
    """Lowest score of S, A, B and C (below C's: D)."""
    s_min_amount_minor: int
    a_min_amount_minor: int
    prior_orders: float
    prior_pieces: float
    prior_on_time: float
    prior_defect: float
    prior_fill: float
    defect_ceiling: float
    lead_target_days: float
    acceptance_target_hours: float

    @classmethod
    def from_settings(cls, settings: Settings) -> GradeParams:
        return cls(
            weights={
                "on_time": settings.supplier_weight_on_time,
                "quality": settings.supplier_weight_quality,
                "fill": settings.supplier_weight_fill,
                "lead_time": settings.supplier_weight_lead,
                "acceptance": settings.supplier_weight_acceptance,
                "cost": settings.supplier_weight_cost,
            },
            cuts={
                Grade.S: settings.supplier_grade_cut_s,
                Grade.A: settings.supplier_grade_cut_a,
                Grade.B: settings.supplier_grade_cut_b,
                Grade.C: settings.supplier_grade_cut_c,
            },
            s_min_amount_minor=settings.supplier_grade_s_min_amount_minor,
            a_min_amount_minor=settings.supplier_grade_a_min_amount_minor,
            prior_orders=settings.supplier_prior_orders,
            prior_pieces=settings.supplier_prior_pieces,
            prior_on_time=settings.supplier_prior_on_time,
            prior_defect=settings.supplier_prior_defect,
            prior_fill=settings.supplier_prior_fill,
            defect_ceiling=settings.supplier_defect_ceiling,
            lead_target_days=settings.supplier_lead_target_days,
            acceptance_target_hours=settings.supplier_acceptance_target_hours,
        )

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values()) or 1.0


@dataclass(frozen=True)
class Component:
    """One KPI's part in the grade."""

    name: str
    label: str
    raw: float | None
    """The KPI as measured (None without evidence)."""
    shrunk: float
    """The KPI after shrinking toward its prior."""
    evidence: float
    """Orders (or pieces, for quality and fill) behind it."""
    score: float
    weight: float
    contribution: float
    """weight x score, over the total weight: its share of the overall score."""
    prior_contribution: float
    """What it would contribute for a supplier with no history."""

    @property
    def effect(self) -> float:
        return self.contribution - self.prior_contribution


@dataclass(frozen=True)
class Improvement:
    """What would lift the grade: one component raised alone, or volume."""

    component: str
    message: str
    target: float | None
    """The shrunk KPI value needed (a rate, days, hours or index), when reachable alone."""


@dataclass(frozen=True)
class GradeResult:
    supplier_id: str
    grade: Grade
    score: float
    score_grade: Grade
    """The grade the score alone gives, before the purchase-amount cap."""
    purchase_amount_minor: int
    components: tuple[Component, ...]
    reasons: tuple[str, ...]
    """Why: the components that moved the score most, largest first, and any cap."""
    next_grade: Grade | None
    improvements: tuple[Improvement, ...]


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _shrink(total: float, n: float, prior: float, k: float) -> float:
    return (total + k * prior) / (n + k)


def _quality_score(defect: float, p: GradeParams) -> float:
    return _clamp(1 - defect / p.defect_ceiling)


def _lead_score(days: float, p: GradeParams) -> float:
    # At or under the target: 1; twice the target: 0.
    return _clamp(2 - days / p.lead_target_days)


def _acceptance_score(hours: float, p: GradeParams) -> float:
    return _clamp(2 - hours / p.acceptance_target_hours)


def _cost_score(index: float) -> float:
    # The category's mean cost scores 0.5; half of it 1, one and a half times it 0.
    return _clamp(1.5 - index)


def _components(
    k: SupplierKpis, p: GradeParams
) -> list[tuple[str, str, float | None, float, float, float, float]]:
    """(name, label, raw, shrunk, evidence, score, prior score) of every component."""
    orders_k = p.prior_orders
    on_time = _shrink(k.on_time, k.due, p.prior_on_time, orders_k)
    defect = _shrink(k.defects, k.pieces_received, p.prior_defect, p.prior_pieces)
    fill = _shrink(k.pieces_filled, k.pieces_ordered, p.prior_fill, p.prior_pieces)
    prior_lead = p.lead_target_days * PRIOR_LEAD_FACTOR
    n_lead = k.received_orders
    lead = _shrink((k.lead_days_mean or 0) * n_lead, n_lead, prior_lead, orders_k)
    n_acc = k.answered
    acceptance = _shrink(
        (k.acceptance_hours_mean or 0) * n_acc, n_acc, p.acceptance_target_hours, orders_k
    )
    n_cost = k.orders - k.declined if k.cost_index is not None else 0
    cost = _shrink((k.cost_index or 0) * n_cost, n_cost, 1.0, orders_k)
    return [
        ("on_time", "On-time rate", k.on_time_rate, on_time, k.due,
         on_time, p.prior_on_time),
        ("quality", "Defect rate", k.defect_rate, defect, k.pieces_received,
         _quality_score(defect, p), _quality_score(p.prior_defect, p)),
        ("fill", "Fill rate", k.fill_rate, fill, k.pieces_ordered, fill, p.prior_fill),
        ("lead_time", "Lead time (days)", k.lead_days_mean, lead, n_lead,
         _lead_score(lead, p), _lead_score(prior_lead, p)),
        ("acceptance", "Acceptance time (hours)", k.acceptance_hours_mean, acceptance, n_acc,
         _acceptance_score(acceptance, p), _acceptance_score(p.acceptance_target_hours, p)),
        ("cost", "Cost index", k.cost_index, cost, n_cost, _cost_score(cost), _cost_score(1.0)),
    ]  # fmt: skip


def grade_of_score(score: float, p: GradeParams) -> Grade:
    for grade in GRADE_ORDER[:-1]:
        if score >= p.cuts[grade]:
            return grade
    return Grade.D


def _amount_cap(amount: int, p: GradeParams) -> Grade:
    if amount >= p.s_min_amount_minor:
        return Grade.S
    if amount >= p.a_min_amount_minor:
        return Grade.A
    return Grade.B


def _worse(a: Grade, b: Grade) -> Grade:
    return max(a, b, key=GRADE_ORDER.index)


def _fmt(name: str, value: float) -> str:
    if name in ("on_time", "quality", "fill"):
        # One decimal: defect rates live around 1 %, where whole percents read as no gap.
        return f"{value:.1%}"
    if name == "cost":
        return f"{value:.2f}"
    return f"{value:.1f}"


def _target(name: str, needed_score: float, p: GradeParams) -> float:
    """The shrunk KPI value whose component score is `needed_score`."""
    if name in ("on_time", "fill"):
        return needed_score
    if name == "quality":
        return (1 - needed_score) * p.defect_ceiling
    if name == "lead_time":
        return (2 - needed_score) * p.lead_target_days
    if name == "acceptance":
        return (2 - needed_score) * p.acceptance_target_hours
    return 1.5 - needed_score


def _improvements(
    score: float, grade: Grade, score_grade: Grade, amount: int, comps: list[Component],
    p: GradeParams,
) -> tuple[Grade | None, tuple[Improvement, ...]]:  # fmt: skip
    if grade is Grade.S:
        return None, ()
    better = GRADE_ORDER[GRADE_ORDER.index(grade) - 1]
    found: list[Improvement] = []
    needed_amount = {Grade.S: p.s_min_amount_minor, Grade.A: p.a_min_amount_minor}.get(better, 0)
    if amount < needed_amount:
        found.append(
            Improvement(
                "purchase_amount",
                f"{better.value} needs purchase orders worth {needed_amount} (minor units) in "
                f"the window; so far {amount}.",
                float(needed_amount),
            )
        )
    gap = p.cuts[better] - score
    if gap > 0:
        for comp in sorted(comps, key=lambda c: c.weight * (1 - c.score), reverse=True):
            if comp.weight <= 0:
                continue
            share = comp.weight / p.total_weight
            needed = comp.score + gap / share
            if needed <= 1.0:
                target = _target(comp.name, needed, p)
                found.append(
                    Improvement(
                        comp.name,
                        f"Bring the {comp.label.lower()} to {_fmt(comp.name, target)} "
                        f"(counted now as {_fmt(comp.name, comp.shrunk)}: what was measured, "
                        f"weighed with a new supplier's prior) to reach {better.value}.",
                        target,
                    )
                )
        if not any(i.component != "purchase_amount" for i in found):
            found.append(
                Improvement(
                    "several",
                    f"No single KPI closes the gap of {gap:.2f} to {better.value}: "
                    "improve several, starting with the heaviest weighted.",
                    None,
                )
            )
    return better, tuple(found)


def grade_supplier(kpis: SupplierKpis, p: GradeParams) -> GradeResult:
    total = p.total_weight
    comps = [
        Component(
            name=name,
            label=label,
            raw=raw,
            shrunk=shrunk,
            evidence=evidence,
            score=score,
            weight=p.weights.get(name, 0.0),
            contribution=p.weights.get(name, 0.0) * score / total,
            prior_contribution=p.weights.get(name, 0.0) * prior / total,
        )
        for name, label, raw, shrunk, evidence, score, prior in _components(kpis, p)
    ]
    score = sum(c.contribution for c in comps)
    score_grade = grade_of_score(score, p)
    amount = kpis.purchase_amount_minor
    grade = _worse(score_grade, _amount_cap(amount, p))
    reasons = [
        f"{c.label} {_fmt(c.name, c.shrunk)} (measured "
        f"{'—' if c.raw is None else _fmt(c.name, c.raw)} over {c.evidence:g}) "
        f"{'raised' if c.effect > 0 else 'lowered'} the score by {abs(c.effect):.3f}."
        for c in sorted(comps, key=lambda c: abs(c.effect), reverse=True)
        if abs(c.effect) >= 0.005
    ]
    if grade is not score_grade:
        reasons.insert(
            0,
            f"The score {score:.3f} alone is {score_grade.value}; a purchase amount of "
            f"{amount} caps it at {grade.value}.",
        )
    next_grade, improvements = _improvements(score, grade, score_grade, amount, comps, p)
    return GradeResult(
        supplier_id=kpis.supplier_id,
        grade=grade,
        score=score,
        score_grade=score_grade,
        purchase_amount_minor=amount,
        components=tuple(comps),
        reasons=tuple(reasons),
        next_grade=next_grade,
        improvements=improvements,
    )


def grade_all(kpis: Mapping[str, SupplierKpis], p: GradeParams) -> dict[str, GradeResult]:
    return {sid: grade_supplier(k, p) for sid, k in kpis.items()}
