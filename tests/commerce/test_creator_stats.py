"""Creator stats from known figures: engagement rate, and ROAS over past campaigns' ledger."""

from __future__ import annotations

import pytest

from commerce.creator_stats import (
    NO_FOLLOWERS,
    NO_PAST_CAMPAIGNS,
    NO_RECENT_POSTS,
    NOTHING_PAID,
    PostEngagement,
    campaign_returns,
    creator_stats,
    engagement_rate,
)


def test_engagement_rate_is_interactions_per_post_per_follower() -> None:
    posts = [PostEngagement(likes=30, comments=5, saves=5), PostEngagement(10, 0, 10)]
    rate, note = engagement_rate(posts, followers=1000)
    assert rate == pytest.approx((40 + 20) / 2 / 1000) and note is None
    assert engagement_rate([], 1000) == (None, NO_RECENT_POSTS)
    assert engagement_rate(posts, 0) == (None, NO_FOLLOWERS)


def _commission(cid: str, sale: int, amount: int, currency: str = "USD") -> dict[str, object]:
    return {
        "_id": cid,
        "subject_id": cid,
        "kind": "COMMISSION",
        "currency": currency,
        "sale_minor": sale,
        "amount_minor": amount,
    }


def test_returns_take_off_returned_sales_refused_orders_and_their_commissions() -> None:
    entries = [
        {
            "kind": "REVERSAL",
            "subject_id": "c1",
            "currency": "USD",
            "returned_minor": 2000,
            "amount_minor": -200,
        },
        _commission("c1", 10_000, 1000),
        _commission("c2", 5000, 500),
        {"kind": "HOLD_REJECTED", "subject_id": "c2", "currency": "USD", "amount_minor": -500},
        _commission("fee", 0, 1500),  # a FIXED_FEE post: a cost without a sale
        {"kind": "APPROVAL", "subject_id": "c1", "currency": "USD", "amount_minor": 0},
    ]
    (usd,) = campaign_returns(entries).values()
    assert (usd.revenue_minor, usd.spend_minor) == (8000, 2300)
    assert usd.roas == pytest.approx(8000 / 2300)


def test_roas_uses_the_currency_paid_most_and_says_why_it_is_missing() -> None:
    entries = [_commission("a", 10_000, 1000, "USD"), _commission("b", 90_000, 3000, "EUR")]
    stats = creator_stats(
        "usr_x",
        follower_count=10,
        post_count=3,
        recent_posts=[],
        past_campaign_count=2,
        ledger_entries=entries,
    )
    assert stats.returns is not None and stats.returns.currency == "EUR"
    assert stats.roas == pytest.approx(30.0) and stats.roas_note is None
    assert stats.engagement_note == NO_RECENT_POSTS
    fresh = creator_stats(
        "usr_x",
        follower_count=0,
        post_count=0,
        recent_posts=[],
        past_campaign_count=0,
        ledger_entries=entries,
    )
    assert (fresh.roas, fresh.roas_note, fresh.returns) == (None, NO_PAST_CAMPAIGNS, None)
    unpaid = creator_stats(
        "usr_x",
        follower_count=0,
        post_count=0,
        recent_posts=[],
        past_campaign_count=1,
        ledger_entries=[],
    )
    assert (unpaid.roas, unpaid.roas_note) == (None, NOTHING_PAID)
