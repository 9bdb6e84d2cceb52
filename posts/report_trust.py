"""How much a report on a post counts, and when the reports on a post are enough to hide it.

Pure: plain data in, plain data out; `posts.social` reads the records and stores the results.

A reporter's weight is the product of three factors, so any one near zero keeps it near zero:

- age: 0 for a brand-new account, rising linearly to 1 at `report_trust_full_age_days`;
- activity: published posts (worth `POST_ACTIVITY` likes each, a post costs far more to fake)
  and likes given, as `floor + (1 - floor) * a / (a + half)`: an aged but silent account stays
  at the floor, below standing;
- history: the share of the reporter's past reports moderators upheld, smoothed by a Beta prior
  (`report_trust_prior` pseudo-reports each way) and scaled so that no history is 1. One upheld
  report lifts it to 1.2, never to the 2.0 ceiling; every rejected report lowers it.

A post is hidden by reports only when the weighted sum of its open reports reaches
`report_hide_weight` AND reporters with standing (weight at least `report_standing_min_weight`)
number `report_hide_threshold` or more AND they come from `report_hide_min_networks` distinct
networks (a /24 for IPv4, a /64 for IPv6; a report with no readable address counts for none).
An admin's report hides the post at once: admins decide the queue anyway, and their report is
the same judgement made earlier. Everything short of that waits in the moderation queue.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from core.settings import Settings

# One published post counts as this many likes given towards a reporter's activity.
POST_ACTIVITY = 3
_DAY_SECONDS = 86_400.0
_DIGITS = 4


@dataclass(frozen=True)
class TrustRules:
    full_age_days: float
    activity_half: float
    activity_floor: float
    prior: float
    standing_min_weight: float
    hide_weight: float
    hide_min_reporters: int
    hide_min_networks: int

    @classmethod
    def from_settings(cls, settings: Settings) -> TrustRules:
        return cls(
            full_age_days=settings.report_trust_full_age_days,
            activity_half=settings.report_trust_activity_half,
            activity_floor=settings.report_trust_activity_floor,
            prior=settings.report_trust_prior,
            standing_min_weight=settings.report_standing_min_weight,
            hide_weight=settings.report_hide_weight,
            hide_min_reporters=settings.report_hide_threshold,
            hide_min_networks=settings.report_hide_min_networks,
        )


@dataclass(frozen=True)
class ReporterRecord:
    """What is known of a reporter when they file a report."""

    created_at: datetime
    published_posts: int
    likes_given: int
    reports_upheld: int
    reports_rejected: int


def age_factor(created_at: datetime, now: datetime, rules: TrustRules) -> float:
    days = max(0.0, (now - created_at).total_seconds() / _DAY_SECONDS)
    return min(1.0, days / rules.full_age_days) if rules.full_age_days > 0 else 1.0


def activity_factor(published_posts: int, likes_given: int, rules: TrustRules) -> float:
    activity = max(0, published_posts) * POST_ACTIVITY + max(0, likes_given)
    share = activity / (activity + rules.activity_half) if rules.activity_half > 0 else 1.0
    return rules.activity_floor + (1.0 - rules.activity_floor) * share


def history_factor(upheld: int, rejected: int, rules: TrustRules) -> float:
    """Smoothed share of upheld reports over the prior's share (one half): 1 with no history,
    towards 2 for a long record of upheld reports, towards 0 for a record of rejected ones."""
    upheld, rejected = max(0, upheld), max(0, rejected)
    accuracy = (upheld + rules.prior) / (upheld + rejected + 2 * rules.prior)
    return 2.0 * accuracy


def reporter_weight(record: ReporterRecord, now: datetime, rules: TrustRules) -> float:
    weight = (
        age_factor(record.created_at, now, rules)
        * activity_factor(record.published_posts, record.likes_given, rules)
        * history_factor(record.reports_upheld, record.reports_rejected, rules)
    )
    return round(weight, _DIGITS)


def network_of(address: str | None) -> str | None:
    """The network a client address belongs to for counting distinct reporters: its /24
    (IPv4, also when mapped into IPv6) or /64 (IPv6); None when it is not an address."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if isinstance(ip, ipaddress.IPv4Address) else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


@dataclass(frozen=True)
class WeighedReport:
    """An open report as the hiding rule sees it: weight and network as of when it was filed."""

    reporter_id: str
    weight: float
    network: str | None
    staff: bool = False


@dataclass(frozen=True)
class Tally:
    """The open reports on a post against the hiding rule."""

    weight: float
    """Weighted sum of every open report."""
    reporters: int
    """Distinct reporters with standing."""
    networks: int
    """Distinct networks those reporters reported from."""
    staff: bool
    """An admin is among the reporters."""
    hides: bool


def tally(reports: Iterable[WeighedReport], rules: TrustRules) -> Tally:
    # One report per reporter is stored; should one appear twice, it weighs as its heaviest
    # copy and is still one reporter.
    heaviest: dict[str, float] = {}
    standing: set[str] = set()
    networks: set[str] = set()
    staff = False
    for report in reports:
        weight = max(0.0, report.weight)
        heaviest[report.reporter_id] = max(weight, heaviest.get(report.reporter_id, 0.0))
        staff = staff or report.staff
        if weight >= rules.standing_min_weight:
            standing.add(report.reporter_id)
            if report.network is not None:
                networks.add(report.network)
    total = round(sum(heaviest.values()), _DIGITS)
    hides = staff or (
        total >= rules.hide_weight
        and len(standing) >= rules.hide_min_reporters
        and len(networks) >= rules.hide_min_networks
    )
    return Tally(
        weight=total, reporters=len(standing), networks=len(networks), staff=staff, hides=hides
    )
