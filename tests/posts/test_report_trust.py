"""The weight of a report and the rule that hides a post by reports: fresh accounts weigh next
to nothing, a record of upheld reports is smoothed by its prior, rejected reports cost weight,
and hiding needs weight, reporters with standing and distinct networks all at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.settings import Settings
from posts.report_trust import (
    ReporterRecord,
    TrustRules,
    WeighedReport,
    history_factor,
    network_of,
    reporter_weight,
    tally,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
RULES = TrustRules.from_settings(Settings(_env_file=None))  # the documented defaults


def _record(
    age: timedelta = timedelta(days=90),
    posts: int = 5,
    likes: int = 40,
    upheld: int = 0,
    rejected: int = 0,
) -> ReporterRecord:
    return ReporterRecord(NOW - age, posts, likes, upheld, rejected)


def test_defaults_are_the_documented_ones() -> None:
    assert (
        TrustRules(
            full_age_days=30.0,
            activity_half=10.0,
            activity_floor=0.1,
            prior=2.0,
            standing_min_weight=0.25,
            hide_weight=2.0,
            hide_min_reporters=3,
            hide_min_networks=3,
        )
        == RULES
    )


def test_fresh_accounts_weigh_next_to_nothing() -> None:
    fresh = reporter_weight(_record(age=timedelta(minutes=5), posts=0, likes=0), NOW, RULES)
    assert fresh == 0.0
    # Even a busy account a day old is far below standing.
    day_old = reporter_weight(_record(age=timedelta(days=1)), NOW, RULES)
    assert 0 < day_old < RULES.standing_min_weight
    established = reporter_weight(_record(), NOW, RULES)
    assert established == pytest.approx(0.1 + 0.9 * 55 / 65, abs=1e-4)


def test_age_activity_and_history_each_count() -> None:
    base = reporter_weight(_record(), NOW, RULES)
    assert reporter_weight(_record(age=timedelta(days=15)), NOW, RULES) == pytest.approx(
        base / 2, abs=1e-4
    )
    # An aged account that never did anything stays below standing.
    idle = reporter_weight(_record(posts=0, likes=0), NOW, RULES)
    assert idle == pytest.approx(RULES.activity_floor) and idle < RULES.standing_min_weight
    assert reporter_weight(_record(upheld=3), NOW, RULES) > base
    assert reporter_weight(_record(rejected=3), NOW, RULES) < base
    # Created "after" now (a skewed clock) is a fresh account, not a negative weight.
    assert reporter_weight(_record(age=-timedelta(days=2)), NOW, RULES) == 0.0


def test_one_upheld_report_does_not_make_a_super_reporter() -> None:
    assert history_factor(0, 0, RULES) == 1.0
    assert history_factor(1, 0, RULES) == pytest.approx(1.2)
    assert history_factor(50, 0, RULES) < 2.0
    assert history_factor(0, 1, RULES) == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.7", "203.0.113.0/24"),
        ("203.0.113.250", "203.0.113.0/24"),
        ("198.51.100.1", "198.51.100.0/24"),
        ("::ffff:203.0.113.9", "203.0.113.0/24"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("unknown", None),
        ("", None),
        (None, None),
    ],
)
def test_networks_are_slash_24_and_slash_64(address: str | None, network: str | None) -> None:
    assert network_of(address) == network


def _report(n: int, weight: float = 0.9, network: str | None = None) -> WeighedReport:
    return WeighedReport(f"usr_{n}", weight, network or f"198.51.{n}.0/24")


def test_hiding_needs_weight_reporters_and_networks_together() -> None:
    three = [_report(n) for n in range(3)]
    assert tally(three, RULES).hides
    # Weight short.
    assert not tally([_report(n, weight=0.6) for n in range(3)], RULES).hides
    # Enough weight, but from two people.
    assert not tally([_report(0, weight=1.5), _report(1, weight=1.5)], RULES).hides
    # Three people with standing, but on two networks.
    shared = [_report(0), _report(1, network="198.51.0.0/24"), _report(2)]
    counted = tally(shared, RULES)
    assert (counted.reporters, counted.networks, counted.hides) == (3, 2, False)
    # A report with no known network counts for none.
    assert not tally([*three[:2], WeighedReport("usr_x", 0.9, None)], RULES).hides


def test_a_brigade_of_fresh_accounts_only_queues_a_post() -> None:
    brigade = [_report(n, weight=0.0) for n in range(500)]
    counted = tally(brigade, RULES)
    assert (counted.weight, counted.reporters, counted.networks, counted.hides) == (0, 0, 0, False)
    # Light reports add to the sum but never to the quorums.
    light = [_report(n, weight=0.2) for n in range(20)]
    counted = tally(light, RULES)
    assert counted.weight == pytest.approx(4.0) and counted.reporters == 0 and not counted.hides


def test_an_admins_report_hides_at_once() -> None:
    counted = tally([WeighedReport("usr_admin", 0.0, None, staff=True)], RULES)
    assert counted.staff and counted.hides


def test_a_reporter_counts_once() -> None:
    twice = [_report(1, weight=0.5), _report(1, weight=0.9), _report(1, weight=0.7)]
    counted = tally(twice, RULES)
    assert counted.weight == pytest.approx(0.9) and counted.reporters == 1


reports = st.lists(
    st.builds(
        WeighedReport,
        reporter_id=st.sampled_from([f"usr_{n}" for n in range(8)]),
        weight=st.floats(min_value=0, max_value=2, allow_nan=False),
        network=st.one_of(st.none(), st.sampled_from([f"10.0.{n}.0/24" for n in range(5)])),
        staff=st.booleans(),
    ),
    max_size=12,
)


@given(reports, reports)
def test_adding_reports_never_lowers_the_total_nor_unhides(
    before: list[WeighedReport], added: list[WeighedReport]
) -> None:
    old, new = tally(before, RULES), tally(before + added, RULES)
    assert new.weight >= old.weight
    assert new.reporters >= old.reporters and new.networks >= old.networks
    assert new.hides or not old.hides


records = st.builds(
    ReporterRecord,
    created_at=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2026, 7, 1), timezones=st.just(UTC)
    ),
    published_posts=st.integers(0, 300),
    likes_given=st.integers(0, 300),
    reports_upheld=st.integers(0, 100),
    reports_rejected=st.integers(0, 100),
)


@given(records)
def test_a_rejected_report_never_raises_a_weight(record: ReporterRecord) -> None:
    before = reporter_weight(record, NOW, RULES)
    after = reporter_weight(
        ReporterRecord(
            record.created_at,
            record.published_posts,
            record.likes_given,
            record.reports_upheld,
            record.reports_rejected + 1,
        ),
        NOW,
        RULES,
    )
    assert after <= before
    assert 0.0 <= after <= 2.0


@given(records)
def test_an_upheld_report_never_lowers_a_weight(record: ReporterRecord) -> None:
    before = reporter_weight(record, NOW, RULES)
    after = reporter_weight(
        ReporterRecord(
            record.created_at,
            record.published_posts,
            record.likes_given,
            record.reports_upheld + 1,
            record.reports_rejected,
        ),
        NOW,
        RULES,
    )
    assert after >= before
