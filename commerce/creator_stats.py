"""A creator's audience and track record as a brand weighs an applicant: followers, posts,
engagement rate and the return on what past campaigns paid them.

Pure: counts and ledger rows in, `CreatorStats` out (`creator_stats_io` loads them).

Definitions
-----------
engagement rate   (likes + comments + saves) per post per follower, over the creator's posts
                  published in the last 30 days: ``sum(interactions) / posts / followers``.
                  None, with the reason, when there are no such posts or no followers.
past campaigns    campaigns the creator was approved in, other than the one being reviewed;
                  for a brand only its own (other brands' sales are private to them).
revenue           net sales credited to the creator in those campaigns: commissioned sales less
                  returns and less sales whose commission was refused as fraud.
spend             what those campaigns paid the creator: commissions and fixed fees, after
                  reversals and refusals.
ROAS              revenue / spend. Money is never added across currencies: the figures are for
                  the currency the creator was paid most in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

ENGAGEMENT_WINDOW = timedelta(days=30)

NO_RECENT_POSTS = "No posts in the last 30 days."
NO_FOLLOWERS = "No followers yet."
NO_PAST_CAMPAIGNS = "No past campaigns."
NOTHING_PAID = "Past campaigns paid nothing yet."


@dataclass(frozen=True)
class PostEngagement:
    likes: int
    comments: int
    saves: int

    @property
    def interactions(self) -> int:
        return self.likes + self.comments + self.saves


@dataclass(frozen=True)
class CampaignReturns:
    """One currency's revenue and spend over a creator's past campaigns."""

    currency: str
    revenue_minor: int
    spend_minor: int

    @property
    def roas(self) -> float | None:
        return self.revenue_minor / self.spend_minor if self.spend_minor > 0 else None


@dataclass(frozen=True)
class CreatorStats:
    influencer_id: str
    follower_count: int
    post_count: int
    recent_post_count: int
    engagement_rate: float | None
    engagement_note: str | None
    """Why there is no engagement rate."""
    past_campaign_count: int
    returns: CampaignReturns | None
    roas_note: str | None
    """Why there is no ROAS."""

    @property
    def roas(self) -> float | None:
        return self.returns.roas if self.returns else None


def engagement_rate(
    posts: Sequence[PostEngagement], followers: int
) -> tuple[float | None, str | None]:
    """The rate and None, or None and why there is none."""
    if not posts:
        return None, NO_RECENT_POSTS
    if followers <= 0:
        return None, NO_FOLLOWERS
    interactions = sum(post.interactions for post in posts)
    return interactions / len(posts) / followers, None


def campaign_returns(entries: Iterable[Mapping[str, Any]]) -> dict[str, CampaignReturns]:
    """Revenue and spend per currency from ledger entries (stored documents) of past campaigns.

    COMMISSION opens a sale and its cost; REVERSAL and LATE_RETURN take the returned part of
    the sale off (a reversal also its commission); HOLD_REJECTED refuses an order as fraud, so
    its sale no longer counts and neither does its commission. Other kinds move money between
    buckets without changing revenue or cost.
    """
    sales: dict[str, int] = {}
    revenue: dict[str, int] = {}
    spend: dict[str, int] = {}
    rows = sorted(entries, key=lambda e: e.get("kind") != "COMMISSION")  # openings first
    for entry in rows:
        kind, currency = entry.get("kind"), str(entry.get("currency", ""))
        amount = int(entry.get("amount_minor") or 0)
        if kind == "COMMISSION":
            sale = int(entry.get("sale_minor") or 0)
            sales[str(entry.get("subject_id") or entry.get("_id", ""))] = sale
            revenue[currency] = revenue.get(currency, 0) + sale
            spend[currency] = spend.get(currency, 0) + amount
        elif kind in ("REVERSAL", "LATE_RETURN"):
            revenue[currency] = revenue.get(currency, 0) - int(entry.get("returned_minor") or 0)
            spend[currency] = spend.get(currency, 0) + amount
        elif kind == "HOLD_REJECTED":
            refused = sales.get(str(entry.get("subject_id", "")), 0)
            revenue[currency] = revenue.get(currency, 0) - refused
            spend[currency] = spend.get(currency, 0) + amount
    return {
        c: CampaignReturns(c, max(revenue.get(c, 0), 0), max(spend.get(c, 0), 0))
        for c in sorted(set(revenue) | set(spend))
    }


def main_returns(by_currency: Mapping[str, CampaignReturns]) -> CampaignReturns | None:
    """The currency the creator was paid most in (then sold most, then by code)."""
    if not by_currency:
        return None
    return max(
        by_currency.values(),
        key=lambda r: (r.spend_minor, r.revenue_minor, [-ord(ch) for ch in r.currency]),
    )


def creator_stats(
    influencer_id: str,
    *,
    follower_count: int,
    post_count: int,
    recent_posts: Sequence[PostEngagement],
    past_campaign_count: int,
    ledger_entries: Iterable[Mapping[str, Any]],
) -> CreatorStats:
    rate, rate_note = engagement_rate(recent_posts, follower_count)
    returns = main_returns(campaign_returns(ledger_entries)) if past_campaign_count else None
    if past_campaign_count == 0:
        roas_note: str | None = NO_PAST_CAMPAIGNS
    elif returns is None or returns.roas is None:
        roas_note = NOTHING_PAID
    else:
        roas_note = None
    return CreatorStats(
        influencer_id=influencer_id,
        follower_count=follower_count,
        post_count=post_count,
        recent_post_count=len(recent_posts),
        engagement_rate=rate,
        engagement_note=rate_note,
        past_campaign_count=past_campaign_count,
        returns=returns,
        roas_note=roas_note,
    )
