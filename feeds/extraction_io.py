"""Element extraction against the store: read a post, extract its elements, record them.

The taxonomy is a file a designer edits (`TAXONOMY_FILE`, the bundled `feeds/taxonomy.toml` by
default). `current_taxonomy` re-reads it when it changes on disk, so a running worker extracts
new posts with the new version at once; the re-extraction job (`feeds.reextract`) brings the
history to that version. A file that stops parsing is logged and the last good version stays in
use, so a half-saved edit never stops extraction.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from core.mongo import Document, SyncDB
from core.settings import Settings
from feeds import elements_store
from feeds.elements_store import Outcome, PostFacts
from feeds.extract import Extraction, PostContent, extract_elements
from feeds.sentiment import score_comment
from feeds.taxonomy import DEFAULT_PATH, Taxonomy, TaxonomyError, load_taxonomy

log = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: dict[Path, tuple[tuple[int, int], Taxonomy]] = {}

POST_FIELDS = {
    "author_id": 1,
    "market": 1,
    "status": 1,
    "caption": 1,
    "hashtags": 1,
    "product_tags.product_id": 1,
    "images.palette": 1,
    "published_at": 1,
    "created_at": 1,
    "like_count": 1,
    "save_count": 1,
    "comment_count": 1,
}


def taxonomy_path(settings: Settings) -> Path:
    return settings.taxonomy_file or DEFAULT_PATH


def current_taxonomy(settings: Settings) -> Taxonomy:
    """The taxonomy file as it is now (re-read when its size or modification time changes)."""
    path = taxonomy_path(settings)
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _loaded.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            taxonomy = load_taxonomy(path)
        except TaxonomyError:
            if cached is None:
                raise
            log.exception("taxonomy %s is invalid; still using version %s", path, cached[1].version)
            return cached[1]
        if cached is not None and cached[1].version != taxonomy.version:
            log.info("taxonomy changed", extra={"from": cached[1].version, "to": taxonomy.version})
        _loaded[path] = (stamp, taxonomy)
        return taxonomy


def post_content(db: SyncDB, post: Document) -> PostContent:
    """What extraction reads: caption, the cleaned hashtags, tagged products' categories and
    each photo's palette as (hex, share) pairs."""
    product_ids = sorted({tag["product_id"] for tag in post.get("product_tags") or []})
    categories: list[str] = []
    if product_ids:
        for product in db.products.find({"_id": {"$in": product_ids}}, {"category": 1}):
            if product.get("category"):
                categories.append(product["category"])
    palettes = [
        [(colour["hex"], float(colour["share"])) for colour in image.get("palette") or []]
        for image in post.get("images") or []
    ]
    return PostContent(
        caption=post.get("caption") or "",
        hashtags=tuple(post.get("hashtags") or ()),
        product_categories=tuple(sorted(categories)),
        palettes=palettes,
    )


def first_facts(db: SyncDB, post: Document) -> PostFacts:
    """A post recorded for the first time, with the orders and comment sentiment (per
    language, and the comments skipped) it gathered before (a post published long ago, or
    one liked before its extraction ran)."""
    total, scored, skipped = 0.0, 0, 0
    languages: Counter[str] = Counter()
    for comment in db.comments.find({"post_id": post["_id"]}, {"body": 1}):
        result = score_comment(comment["body"], post["market"])
        if result.score is None or result.language is None:
            skipped += 1
            continue
        total += result.score
        scored += 1
        languages[result.language] += 1
    return PostFacts.from_post(
        post,
        orders=elements_store.orders_credited(db, post["_id"]),
        sentiment_sum=round(total, 6),
        sentiment_n=scored,
        sentiment_skipped=skipped,
        sentiment_langs=dict(languages),
    )


@dataclass(frozen=True)
class Extracted:
    status: str  # RECORDED, UNCHANGED or MISSING
    elements: tuple[str, ...] = ()


def extract_post(db: SyncDB, taxonomy: Taxonomy, post_id: str) -> Extracted:
    post = db.posts.find_one({"_id": post_id}, dict(POST_FIELDS))
    if post is None:
        return Extracted("MISSING")
    known = db[elements_store.POST_ELEMENTS].find_one({"_id": post_id}, {"_id": 1}) is not None
    facts = PostFacts.from_post(post) if known else first_facts(db, post)
    if facts.active:
        extraction = extract_elements(post_content(db, post), taxonomy)
    else:
        # A post that left the public (deleted, hidden, removed) stops counting.
        extraction = Extraction(taxonomy.version, ())
    outcome: Outcome = elements_store.record_extraction(db, facts, extraction)
    return Extracted("RECORDED" if outcome.changed else "UNCHANGED", outcome.elements)
