"""Every index the platform relies on, created at start-up (create_index is idempotent).

Unique indexes are not an optimisation here: they are how duplicate webhooks, redelivered tasks
and double clicks are made harmless without transactions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pymongo import ASCENDING, DESCENDING

from core.mongo import AsyncDB, SyncDB


@dataclass(frozen=True)
class Index:
    collection: str
    keys: list[tuple[str, int]]
    options: dict[str, Any] = field(default_factory=dict)


INDEXES: list[Index] = [
    Index("users", [("email", ASCENDING)], {"unique": True, "name": "email_unique"}),
    Index("users", [("role", ASCENDING), ("_id", DESCENDING)]),
    # The shopper feed learns a purchase's taste from the buyer the shop names by email.
    Index("users", [("email_hash", ASCENDING)]),
    # Posts: an author's grid, the public list, the moderation queue, the stuck-task sweep.
    Index("posts", [("author_id", ASCENDING), ("_id", DESCENDING)]),
    Index("posts", [("status", ASCENDING), ("_id", DESCENDING)]),
    Index("posts", [("needs_review", ASCENDING), ("_id", DESCENDING)]),
    # A campaign's deliverables, newest first.
    Index("posts", [("campaign_id", ASCENDING), ("_id", DESCENDING)], {"sparse": True}),
    Index("posts", [("status", ASCENDING), ("queued_at", ASCENDING)]),
    # Likes, saves, follows and reports are keyed "<post or user>:<user>" in _id, which is
    # what makes each of them idempotent; these serve the other direction of reading.
    Index("likes", [("user_id", ASCENDING), ("created_at", DESCENDING)]),
    Index("saves", [("user_id", ASCENDING), ("created_at", DESCENDING)]),
    Index("follows", [("followee_id", ASCENDING), ("created_at", DESCENDING)]),
    Index("follows", [("follower_id", ASCENDING), ("created_at", DESCENDING)]),
    Index("comments", [("post_id", ASCENDING), ("_id", ASCENDING)]),
    Index("post_reports", [("post_id", ASCENDING), ("status", ASCENDING)]),
    # Near-duplicate search: four 16-bit bands of each image's pHash (posts.reposts).
    Index("image_hashes", [("bands", ASCENDING)]),
    # Test drops: the dashboard by urgency within a brand or designer, a drop's products, the
    # category peers of a verdict run; the sales, returns, clicks and posts of their products.
    Index("test_drops", [("brand_id", ASCENDING), ("urgency", ASCENDING), ("_id", ASCENDING)]),
    Index("test_drops", [("designer_id", ASCENDING), ("urgency", ASCENDING), ("_id", ASCENDING)]),
    Index("test_drops", [("urgency", ASCENDING), ("_id", ASCENDING)]),
    Index("test_drops", [("launch_on", ASCENDING)]),
    Index("drop_products", [("drop_id", ASCENDING)]),
    Index("drop_products", [("verdict.category_key", ASCENDING)]),
    Index("orders", [("lines.product_id", ASCENDING), ("at", ASCENDING)]),
    Index("returns", [("brand_id", ASCENDING), ("lines.sku", ASCENDING)]),
    Index("clicks", [("product_id", ASCENDING), ("at", ASCENDING)]),
    Index("posts", [("product_tags.product_id", ASCENDING)]),
    # A product's page: the published looks that tag it, newest first (commerce.product_looks).
    Index(
        "posts",
        [
            ("product_tags.product_id", ASCENDING),
            ("status", ASCENDING),
            ("published_at", DESCENDING),
            ("_id", DESCENDING),
        ],
    ),
    # Commerce. Products, orders, returns, memberships, creator codes and ledger entries are
    # keyed by ids derived from their natural keys, so `_id` is their idempotency guard.
    Index("shops", [("brand_id", ASCENDING)]),
    Index("products", [("brand_id", ASCENDING), ("created_at", DESCENDING)]),
    Index("links", [("code", ASCENDING)], {"unique": True, "name": "code_unique"}),
    Index("links", [("influencer_id", ASCENDING), ("created_at", DESCENDING)]),
    Index("clicks", [("visitor", ASCENDING), ("at", DESCENDING)]),
    Index("clicks", [("link_id", ASCENDING), ("at", DESCENDING)]),
    Index("campaigns", [("status", ASCENDING), ("markets", ASCENDING), ("_id", DESCENDING)]),
    Index("campaigns", [("brand_id", ASCENDING), ("_id", DESCENDING)]),
    Index("campaign_members", [("campaign_id", ASCENDING), ("status", ASCENDING)]),
    Index("campaign_members", [("influencer_id", ASCENDING), ("updated_at", DESCENDING)]),
    # A page of deliverables loads its posts' revisions in one query (commerce.deliverables).
    Index("deliverable_revisions", [("post_id", ASCENDING), ("number", ASCENDING)]),
    Index("orders", [("attribution.link_id", ASCENDING)]),
    Index("orders", [("attribution.campaign_id", ASCENDING), ("at", DESCENDING)]),
    Index("returns", [("campaign_id", ASCENDING), ("at", DESCENDING)]),
    Index("ledger", [("influencer_id", ASCENDING), ("at", DESCENDING)]),
    Index("ledger", [("subject_id", ASCENDING)]),
    Index("ledger", [("campaign_id", ASCENDING), ("kind", ASCENDING)]),
    Index("budget_corrections", [("campaign_id", ASCENDING), ("at", DESCENDING)]),
    Index("ledger", [("kind", ASCENDING), ("window_closes_at", ASCENDING)]),
    Index("payouts", [("influencer_id", ASCENDING), ("created_at", DESCENDING)]),
    # Shopper points: a shopper's history and balance, a credit's entries, the approval job,
    # a brand's shopper channel over a period (commerce.points_store).
    Index("points_ledger", [("shopper_id", ASCENDING), ("kind", ASCENDING), ("at", DESCENDING)]),
    Index("points_ledger", [("credit_id", ASCENDING)]),
    Index("points_ledger", [("kind", ASCENDING), ("window_closes_at", ASCENDING)]),
    Index("points_ledger", [("brand_id", ASCENDING), ("kind", ASCENDING), ("at", ASCENDING)]),
    Index("notifications", [("user_id", ASCENDING), ("created_at", DESCENDING)]),
    # Attribution reports: loading a brand's range, its customers' earlier orders, the ledger
    # of its orders; the change sweep; the report cache by brand and by last read.
    Index("orders", [("brand_id", ASCENDING), ("at", ASCENDING)]),
    Index("orders", [("brand_id", ASCENDING), ("customer_hash", ASCENDING), ("at", ASCENDING)]),
    Index("orders", [("processed_at", ASCENDING)]),
    # A drained click finds the orders that named it before it arrived; the budget
    # reconciliation finds split orders still being processed.
    Index("orders", [("click_id", ASCENDING), ("at", ASCENDING)]),
    Index(
        "orders",
        [("state", ASCENDING)],
        {"name": "orders_in_flight", "partialFilterExpression": {"state": "RECEIVED"}},
    ),
    Index("returns", [("at", ASCENDING)]),
    Index("links", [("brand_id", ASCENDING)]),
    Index("ledger", [("order_id", ASCENDING)]),
    Index("report_cache", [("brand_id", ASCENDING), ("end_at", ASCENDING)]),
    Index("report_cache", [("read_at", ASCENDING)]),
    Index("report_dirty", [("pending", ASCENDING)]),
    # Feeds: one aggregate per (element, market, day); trend rows by day; feed candidates by
    # author, market and element, newest first; entries of another taxonomy version; half
    # applied differences; watches and order credits by their owner; published posts never
    # handed to extraction.
    Index(
        "element_days",
        [("element_id", ASCENDING), ("market", ASCENDING), ("day", ASCENDING)],
        {"unique": True, "name": "element_market_day_unique"},
    ),
    Index("post_elements", [("day", ASCENDING)]),
    Index("post_elements", [("author_id", ASCENDING), ("published_at", DESCENDING)]),
    Index("post_elements", [("market", ASCENDING), ("published_at", DESCENDING)]),
    Index(
        "post_elements",
        [("market", ASCENDING), ("element_ids", ASCENDING), ("published_at", DESCENDING)],
    ),
    Index("post_elements", [("taxonomy_version", ASCENDING)]),
    Index("post_elements", [("pending.at", ASCENDING)]),
    Index("post_order_credits", [("post_id", ASCENDING)]),
    Index("element_watches", [("user_id", ASCENDING), ("created_at", DESCENDING)]),
    Index("posts", [("status", ASCENDING), ("next_stage_queued_at", ASCENDING)]),
    # Explore and search (`feeds.looks`, `feeds.search`): a hashtag's looks newest first and
    # its count; an element's looks in every market; the search index's anchored prefix
    # ranges; and the change stamps the index follows its sources by.
    Index(
        "posts",
        [
            ("hashtags", ASCENDING),
            ("status", ASCENDING),
            ("published_at", DESCENDING),
            ("_id", DESCENDING),
        ],
    ),
    Index("post_elements", [("element_ids", ASCENDING), ("published_at", DESCENDING)]),
    Index("search_terms", [("k", ASCENDING), ("t", ASCENDING)]),
    Index("search_terms", [("k", ASCENDING), ("r", ASCENDING)]),
    Index("users", [("updated_at", ASCENDING), ("_id", ASCENDING)]),
    Index("handles", [("created_at", ASCENDING), ("_id", ASCENDING)]),
    Index("products", [("updated_at", ASCENDING), ("_id", ASCENDING)]),
    Index("posts", [("updated_at", ASCENDING), ("_id", ASCENDING)]),
]


def register(*indexes: Index) -> None:
    """Areas add their indexes at import; start-up creates whatever is registered."""
    for index in indexes:
        if index not in INDEXES:
            INDEXES.append(index)


async def ensure_indexes(db: AsyncDB) -> None:
    for index in INDEXES:
        await db[index.collection].create_index(index.keys, **index.options)


def ensure_indexes_sync(db: SyncDB) -> None:
    for index in INDEXES:
        db[index.collection].create_index(index.keys, **index.options)
