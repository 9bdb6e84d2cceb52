"""Loading creators' stats for a page of applicants: a constant number of queries for the page,
whatever its size (`creator_stats` holds the definitions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accounts.users import Role
from commerce.campaigns import MembershipStatus
from commerce.creator_stats import ENGAGEMENT_WINDOW, CreatorStats, PostEngagement, creator_stats
from core import clock
from core.mongo import AsyncDB
from posts.lifecycle import PostStatus
from posts.social import published_counts

_LEDGER_FIELDS = {
    "kind": 1,
    "currency": 1,
    "amount_minor": 1,
    "sale_minor": 1,
    "returned_minor": 1,
    "subject_id": 1,
    "campaign_id": 1,
    "influencer_id": 1,
}


async def stats_for(
    db: AsyncDB,
    influencer_ids: Sequence[str],
    *,
    brand_id: str | None,
    exclude_campaign_id: str | None = None,
) -> dict[str, CreatorStats]:
    """Stats of each influencer among `influencer_ids` (other accounts are left out).

    Past campaigns are `brand_id`'s only when given (every brand's when None, for the creator
    themselves and admins), never `exclude_campaign_id` (the campaign being reviewed).
    """
    ids = sorted(set(influencer_ids))
    users = await db.users.find(
        {"_id": {"$in": ids}, "role": Role.INFLUENCER.value}, {"follower_count": 1}
    ).to_list()
    followers = {u["_id"]: max(0, int(u.get("follower_count", 0))) for u in users}
    ids = sorted(followers)
    if not ids:
        return {}
    counts = await published_counts(db, ids)
    since = clock.now() - ENGAGEMENT_WINDOW
    recent: dict[str, list[PostEngagement]] = {i: [] for i in ids}
    for post in await db.posts.find(
        {
            "author_id": {"$in": ids},
            "status": PostStatus.PUBLISHED.value,
            "published_at": {"$gte": since},
        },
        {"author_id": 1, "like_count": 1, "comment_count": 1, "save_count": 1},
    ).to_list():
        recent[post["author_id"]].append(
            PostEngagement(
                likes=int(post.get("like_count", 0)),
                comments=int(post.get("comment_count", 0)),
                saves=int(post.get("save_count", 0)),
            )
        )
    member_query: dict[str, Any] = {
        "influencer_id": {"$in": ids},
        "status": MembershipStatus.APPROVED.value,
    }
    if brand_id is not None:
        member_query["brand_id"] = brand_id
    past: dict[str, set[str]] = {i: set() for i in ids}
    for member in await db.campaign_members.find(
        member_query, {"influencer_id": 1, "campaign_id": 1}
    ).to_list():
        if member["campaign_id"] != exclude_campaign_id:
            past[member["influencer_id"]].add(member["campaign_id"])
    campaign_ids = sorted(set().union(*past.values()))
    entries: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if campaign_ids:
        for entry in await db.ledger.find(
            {"influencer_id": {"$in": ids}, "campaign_id": {"$in": campaign_ids}}, _LEDGER_FIELDS
        ).to_list():
            # Only the creator's own past campaigns (another creator's id can't match).
            if entry["campaign_id"] in past[entry["influencer_id"]]:
                entries[entry["influencer_id"]].append(entry)
    return {
        i: creator_stats(
            i,
            follower_count=followers[i],
            post_count=counts.get(i, 0),
            recent_posts=recent[i],
            past_campaign_count=len(past[i]),
            ledger_entries=entries[i],
        )
        for i in ids
    }
