"""The life of an outfit post: create, read, edit, soft delete, and who sees it in which state.

    PROCESSING ──media.process_post──► PUBLISHED ◄──approve── HIDDEN / REMOVED (moderation)
         └──────────────────────────► REJECTED (a photo the pipeline refused; reason stored)
    any state but DELETED ──author or admin──► DELETED (soft: the document stays)

PUBLISHED posts are public; every other state is seen by the author and admins only, with its
status, and its media is not served to anyone else. Every change is one single-document update
conditioned on the state it starts from, so concurrent requests and redelivered tasks cannot
move a post backwards.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from pymongo import ReturnDocument

from accounts.users import Role, User
from core import clock, pools
from core.celery_app import celery_app
from core.errors import Forbidden, NotFound, UserError, raise_all
from core.ids import is_valid_id, new_id
from core.kept_documents import KeptDocuments
from core.mongo import AsyncDB, Document
from core.paging import Page, check_first, decode_cursor, encode_cursor, keyset_page
from media.errors import MediaRejected
from media.intake import CheckedUpload, check_upload, delete_keys, store_originals
from media.palette import PaletteColour
from media.storage import MediaStorage
from media.validate import Limits
from posts.error_codes import PostErrorCode
from posts.post_input import (
    ProductTag,
    check_image_count,
    clean_caption,
    clean_market,
    clean_product_tags,
)
from posts.reposts import RepostMatch

log = logging.getLogger(__name__)

# The next stage after publishing, owned by the feeds area; sent only once it is registered.
ELEMENT_EXTRACTION_TASK = "feeds.extract_post"
_READ_CHUNK = 1 << 20


class PostStatus(StrEnum):
    PROCESSING = "PROCESSING"
    PUBLISHED = "PUBLISHED"
    REJECTED = "REJECTED"
    HIDDEN = "HIDDEN"
    REMOVED = "REMOVED"
    DELETED = "DELETED"


EDITABLE = (PostStatus.PROCESSING, PostStatus.PUBLISHED, PostStatus.HIDDEN)


@runtime_checkable
class Readable(Protocol):
    """An uploaded file as the web framework hands it over (Starlette's UploadFile)."""

    async def read(self, size: int = -1) -> bytes: ...


def is_staff(user: User | None) -> bool:
    return user is not None and user.role is Role.ADMIN


@dataclass(frozen=True)
class ImageVariant:
    """One stored size of a processed photo: "thumb", "feed" or "full"."""

    name: str
    key: str
    width: int
    height: int


@dataclass(frozen=True)
class PostImage:
    """A processed photo: its upright size, placeholder, palette and stored sizes."""

    width: int
    height: int
    blurhash: str
    palette: tuple[PaletteColour, ...]
    variants: tuple[ImageVariant, ...]

    @classmethod
    def from_doc(cls, doc: Document) -> PostImage:
        return cls(
            width=doc["width"],
            height=doc["height"],
            blurhash=doc["blurhash"],
            palette=tuple(PaletteColour(hex=c["hex"], share=c["share"]) for c in doc["palette"]),
            variants=tuple(
                ImageVariant(name=name, key=v["key"], width=v["width"], height=v["height"])
                for name, v in doc["variants"].items()
            ),
        )


@dataclass(frozen=True)
class DeliverableReview:
    """A campaign's review of the post as stored on it (commerce reads it as a `Deliverable`)."""

    status: str
    submitted_at: datetime
    decided_at: datetime | None
    reason: str | None
    fee_minor: int | None

    @classmethod
    def from_doc(cls, doc: Document) -> DeliverableReview:
        decided = doc.get("decided_at")
        return cls(
            status=doc["status"],
            submitted_at=clock.as_utc(doc["submitted_at"]),
            decided_at=clock.as_utc(decided) if decided else None,
            reason=doc.get("reason"),
            fee_minor=doc.get("fee_minor"),
        )


def _maybe_time(value: object) -> datetime | None:
    return clock.as_utc(value) if isinstance(value, datetime) else None


@dataclass(frozen=True)
class Post:
    """An outfit post as the other areas read it."""

    id: str
    author_id: str
    status: PostStatus
    caption: str
    hashtags: tuple[str, ...]
    market: str
    images: tuple[PostImage, ...]
    """Processed photos; empty while PROCESSING."""
    image_count: int
    """Photos uploaded, processed or not."""
    product_tags: tuple[ProductTag, ...]
    tag_links: Mapping[str, str]
    """Product id → the author's shoppable link code (influencers' posts)."""
    like_count: int
    save_count: int
    comment_count: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    edited_at: datetime | None
    rejection_reason: str | None
    needs_review: bool
    review_reasons: tuple[str, ...]
    open_report_count: int
    likely_repost: RepostMatch | None
    campaign_id: str | None = None
    campaign_brand_id: str | None = None
    deliverable: DeliverableReview | None = None
    view_count: int = 0
    """Views of its public page by people (previews and bots are not counted)."""

    @classmethod
    def from_doc(cls, doc: Document) -> Post:
        created = clock.as_utc(doc["created_at"])
        rejection = doc.get("rejection")
        repost = doc.get("likely_repost")
        review = doc.get("deliverable")
        return cls(
            id=doc["_id"],
            author_id=doc["author_id"],
            status=PostStatus(doc["status"]),
            caption=doc["caption"],
            hashtags=tuple(doc["hashtags"]),
            market=doc["market"],
            images=tuple(PostImage.from_doc(image) for image in doc.get("images") or []),
            image_count=len(doc.get("originals") or []),
            product_tags=tuple(ProductTag.from_doc(t) for t in doc.get("product_tags") or []),
            tag_links=dict(doc.get("tag_links") or {}),
            like_count=doc.get("like_count", 0),
            save_count=doc.get("save_count", 0),
            comment_count=doc.get("comment_count", 0),
            created_at=created,
            updated_at=_maybe_time(doc.get("updated_at")) or created,
            published_at=_maybe_time(doc.get("published_at")),
            edited_at=_maybe_time(doc.get("edited_at")),
            rejection_reason=str(rejection["message"]) if rejection else None,
            needs_review=bool(doc.get("needs_review")),
            review_reasons=tuple(doc.get("review_reasons") or []),
            open_report_count=doc.get("open_report_count", 0),
            likely_repost=RepostMatch(
                image_index=repost["image_index"],
                original_post_id=repost["original_post_id"],
                original_image_index=repost["original_image_index"],
                distance=repost["distance"],
            )
            if repost
            else None,
            campaign_id=doc.get("campaign_id") or None,
            campaign_brand_id=doc.get("campaign_brand_id") or None,
            deliverable=DeliverableReview.from_doc(review) if review else None,
            view_count=doc.get("view_count", 0),
        )


def can_view(post: Post, viewer: User | None) -> bool:
    if post.status is PostStatus.PUBLISHED:
        return True
    return viewer is not None and (is_staff(viewer) or post.author_id == viewer.id)


def listing_filter(viewer: User | None, author_id: str | None) -> dict[str, Any]:
    """Whose posts a list shows: published ones, plus every live state for the author or an
    admin looking at that author. Deleted posts leave every list."""
    if author_id is None:
        return {"status": PostStatus.PUBLISHED.value}
    if viewer is not None and (is_staff(viewer) or viewer.id == author_id):
        return {"author_id": author_id, "status": {"$ne": PostStatus.DELETED.value}}
    return {"author_id": author_id, "status": PostStatus.PUBLISHED.value}


def check_post_id(post_id: str, field: str = "id") -> str:
    if not is_valid_id(post_id, "post"):
        raise UserError(PostErrorCode.INVALID_ID, "That is not a post id.", field)
    return post_id


async def find_visible(db: AsyncDB, viewer: User | None, post_id: str) -> Post | None:
    """The post if this viewer may see it; None for a missing or hidden one (no hint which)."""
    check_post_id(post_id)
    doc = await db.posts.find_one({"_id": post_id})
    if doc is None:
        return None
    post = Post.from_doc(doc)
    return post if can_view(post, viewer) else None


async def get_visible(db: AsyncDB, viewer: User | None, post_id: str, field: str = "id") -> Post:
    check_post_id(post_id, field)
    doc = await db.posts.find_one({"_id": post_id})
    post = Post.from_doc(doc) if doc is not None else None
    if post is None or not can_view(post, viewer):
        raise NotFound("Post", field)
    return post


async def list_posts(
    db: AsyncDB,
    viewer: User | None,
    author_id: str | None,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Post]:
    """Newest first: one author's posts as `viewer` may see them, or every published post."""
    if author_id is not None and not is_valid_id(author_id, "usr"):
        raise UserError(PostErrorCode.INVALID_ID, "That is not a user id.", "authorId")
    return await keyset_page(
        db.posts,
        listing_filter(viewer, author_id),
        first=first,
        after=after,
        maximum=maximum,
        to_item=Post.from_doc,
    )


# The weighted sum of a post's open reports (`posts.social.report`), the queue's order.
QUEUE_WEIGHT = "open_report_weight"


def _queue_seek(after: str) -> dict[str, Any]:
    """Past the cursor's (weight, id) in the order weight descending then id descending, where
    a post without the field (never reported: a likely repost only) sorts after every weight."""
    mark = decode_cursor(after)
    weight, last_id = mark.get("w"), mark.get("id")
    weighed = isinstance(weight, int | float) and not isinstance(weight, bool)
    if not isinstance(last_id, str) or not (weight is None or weighed):
        raise UserError("INVALID_CURSOR", "That cursor is not valid.", "after")
    if weight is None:
        return {QUEUE_WEIGHT: None, "_id": {"$lt": last_id}}
    return {
        "$or": [
            {QUEUE_WEIGHT: {"$lt": weight}},
            {QUEUE_WEIGHT: weight, "_id": {"$lt": last_id}},
            {QUEUE_WEIGHT: None},
        ]
    }


async def moderation_queue(
    db: AsyncDB, *, first: int, after: str | None, maximum: int
) -> Page[Post]:
    """Posts waiting for an admin's decision (reported, or likely reposts): the heaviest open
    reports first, newest first among equals, posts nobody reported last."""
    check_first(first, maximum)
    waiting: dict[str, Any] = {"needs_review": True, "status": {"$ne": PostStatus.DELETED.value}}
    filters = {"$and": [waiting, _queue_seek(after)]} if after else waiting
    docs = (
        await db.posts.find(filters)
        .sort([(QUEUE_WEIGHT, -1), ("_id", -1)])
        .limit(first + 1)
        .to_list()
    )
    has_next = len(docs) > first
    docs = docs[:first]
    cursors = [encode_cursor({"w": doc.get(QUEUE_WEIGHT), "id": doc["_id"]}) for doc in docs]
    return Page([Post.from_doc(doc) for doc in docs], cursors, has_next, after is not None)


# Every feed page and every page of looks reads its posts by id: kept decoded between them.
_KEPT = KeptDocuments("posts", Post.from_doc)


async def published_by_ids(
    db: AsyncDB, post_ids: Sequence[str], author_id: str | None = None
) -> dict[str, Post]:
    """The published posts among `post_ids`, by id (others are left out); with `author_id`,
    that author's posts still processing too (their own feed shows them coming)."""
    found = await _KEPT.get_many(db, sorted(set(post_ids)))
    return {
        post_id: post
        for post_id, post in found.items()
        if post.status is PostStatus.PUBLISHED
        or (
            author_id is not None
            and post.author_id == author_id
            and post.status is PostStatus.PROCESSING
        )
    }


async def recent_own_post_ids(
    db: AsyncDB, author_id: str, since: datetime, limit: int = 3
) -> list[str]:
    """The author's latest posts since `since` that are processing or published, newest
    first: a new look leads its author's own feed, including after a reload."""
    docs = (
        await db.posts.find({"author_id": author_id}, {"status": 1, "created_at": 1})
        .sort([("_id", -1)])
        .limit(limit)
        .to_list()
    )
    live = (PostStatus.PROCESSING.value, PostStatus.PUBLISHED.value)
    return [
        doc["_id"]
        for doc in docs
        if doc["status"] in live and clock.as_utc(doc["created_at"]) >= since
    ]


# --- creating ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostDraft:
    caption: str
    hashtags: list[str]
    product_tags: list[ProductTag]
    market: str


async def read_capped(source: Readable, max_bytes: int) -> bytes | None:
    """The whole upload, or None as soon as it passes `max_bytes` (the rest is never read)."""
    parts: list[bytes] = []
    total = 0
    while chunk := await source.read(_READ_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            return None
        parts.append(chunk)
    return b"".join(parts)


async def _missing_products(
    db: AsyncDB, tags: Sequence[ProductTag], kept: frozenset[str] = frozenset()
) -> list[UserError]:
    """Tags naming products the catalogue does not hold, or no longer sells.

    Only checked once the catalogue has any product: until the commerce side fills it, a
    well-formed id is all that can be asked for. A product its brand archived cannot be newly
    tagged; a tag the post already had (`kept`) stays, even moved.
    """
    ids = sorted({tag.product_id for tag in tags if is_valid_id(tag.product_id, "prd")})
    if not ids or await db.products.find_one({}, {"_id": 1}) is None:
        return []
    docs = await db.products.find(
        {"_id": {"$in": ids}}, {"_id": 1, "title": 1, "archived_at": 1}
    ).to_list()
    found = {d["_id"]: d for d in docs}
    errors: list[UserError] = []
    for i, tag in enumerate(tags):
        field = f"productTags.{i}.productId"
        if not is_valid_id(tag.product_id, "prd"):
            continue
        doc = found.get(tag.product_id)
        if doc is None:
            errors.append(UserError(PostErrorCode.NOT_FOUND, "That product does not exist.", field))
        elif doc.get("archived_at") and tag.product_id not in kept:
            errors.append(
                UserError(
                    PostErrorCode.PRODUCT_ARCHIVED,
                    f"“{doc.get('title', 'This product')}” is no longer sold, so it can't be "
                    "tagged.",
                    field,
                )
            )
    return errors


async def clean_draft(
    db: AsyncDB,
    author: User,
    *,
    caption: str | None,
    product_tags: Sequence[ProductTag],
    market: str | None,
    image_count: int,
) -> tuple[PostDraft, list[UserError]]:
    text, hashtags, errors = clean_caption(caption)
    tags, tag_errors = clean_product_tags(product_tags, image_count)
    errors += tag_errors + await _missing_products(db, product_tags)
    chosen_market, market_error = clean_market(market, author.home_market)
    if market_error:
        errors.append(market_error)
    return PostDraft(text, hashtags, tags, chosen_market), errors


async def _check_images(
    images: Sequence[object], limits: Limits
) -> tuple[list[CheckedUpload], list[UserError]]:
    uploads: list[CheckedUpload] = []
    errors: list[UserError] = []
    for index, source in enumerate(images):
        field = f"images.{index}"
        if not isinstance(source, Readable):
            errors.append(
                UserError(
                    PostErrorCode.NOT_A_FILE,
                    "Send each photo as a file (a multipart request), not as text.",
                    field,
                )
            )
            continue
        data = await read_capped(source, limits.max_bytes)
        if data is None:
            errors.append(
                UserError(
                    PostErrorCode.TOO_LARGE,
                    f"Photo {index + 1} is over {limits.max_bytes / 2**20:g} MB.",
                    field,
                )
            )
            continue
        try:
            uploads.append(await pools.run("cpu", check_upload, data, limits))
        except MediaRejected as exc:
            errors.append(UserError(PostErrorCode(exc.code), exc.message, field))
    return uploads, errors


def new_post_doc(
    post_id: str, author: User, draft: PostDraft, originals: list[dict[str, object]]
) -> Document:
    now = clock.now()
    return {
        "_id": post_id,
        "author_id": author.id,
        "caption": draft.caption,
        "hashtags": draft.hashtags,
        "product_tags": [tag.as_doc() for tag in draft.product_tags],
        "market": draft.market,
        "status": PostStatus.PROCESSING.value,
        "originals": originals,
        "images": [],
        "like_count": 0,
        "save_count": 0,
        "comment_count": 0,
        "open_report_count": 0,
        "needs_review": False,
        "review_reasons": [],
        "process_attempts": 0,
        "created_at": now,
        "updated_at": now,
        "queued_at": now,
        "published_at": None,
    }


async def create_post(
    db: AsyncDB,
    storage: MediaStorage,
    limits: Limits,
    author: User,
    *,
    images: Sequence[object],
    caption: str | None,
    product_tags: Sequence[ProductTag],
    market: str | None,
    extra: Document | None = None,
) -> Post:
    """Check everything cheap, keep the originals, insert the post PROCESSING.

    Either every user error comes back at once and nothing is stored, or the originals and the
    document both exist. Queueing the image task is the caller's post-save step. `extra` holds
    fields other areas checked and want stored with the post (a campaign submission).
    """
    count_error = check_image_count(len(images))
    draft, errors = await clean_draft(
        db,
        author,
        caption=caption,
        product_tags=product_tags,
        market=market,
        image_count=len(images),
    )
    uploads: list[CheckedUpload] = []
    if count_error:
        errors.insert(0, count_error)
    else:
        uploads, image_errors = await _check_images(images, limits)
        errors = image_errors + errors
    raise_all(errors)

    post_id = new_id("post")
    originals = await pools.run("io", store_originals, storage, post_id, uploads)
    doc = {**new_post_doc(post_id, author, draft, originals), **(extra or {})}
    try:
        await db.posts.insert_one(doc)
    except BaseException:
        await asyncio.to_thread(delete_keys, storage, [str(o["key"]) for o in originals])
        raise
    return Post.from_doc(doc)


# --- changing ------------------------------------------------------------------------------


async def edit_post(
    db: AsyncDB,
    actor: User,
    post_id: str,
    *,
    caption: str | None = None,
    product_tags: Sequence[ProductTag] | None = None,
) -> Post:
    """Caption and product tags, by the author only; hashtags follow the caption."""
    post = await get_visible(db, actor, post_id)
    if post.author_id != actor.id:
        raise Forbidden("Only the author can edit a post.")
    if post.status not in EDITABLE:
        raise UserError(
            PostErrorCode.INVALID_STATE, f"A {post.status.lower()} post can't be edited.", "id"
        )
    changes: dict[str, Any] = {}
    errors: list[UserError] = []
    if caption is not None:
        text, hashtags, caption_errors = clean_caption(caption)
        errors += caption_errors
        changes.update(caption=text, hashtags=hashtags)
    if product_tags is not None:
        tags, tag_errors = clean_product_tags(product_tags, post.image_count)
        kept = frozenset(tag.product_id for tag in post.product_tags)
        errors += tag_errors + await _missing_products(db, product_tags, kept)
        changes["product_tags"] = [tag.as_doc() for tag in tags]
    raise_all(errors)
    if not changes:
        return post
    now = clock.now()
    changes.update(updated_at=now, edited_at=now)
    updated = await db.posts.find_one_and_update(
        {"_id": post_id, "author_id": actor.id, "status": {"$in": [s.value for s in EDITABLE]}},
        {"$set": changes},
        return_document=ReturnDocument.AFTER,
    )
    if updated is None:
        raise UserError(
            PostErrorCode.CONFLICT, "The post changed meanwhile; reload it and try again.", "id"
        )
    return Post.from_doc(updated)


async def delete_post(db: AsyncDB, actor: User, post_id: str) -> Post:
    """Soft delete by the author or an admin. Deleting twice is not an error."""
    post = await get_visible(db, actor, post_id)
    if post.author_id != actor.id and not is_staff(actor):
        raise Forbidden("Only the author or an admin can delete a post.")
    if post.status is PostStatus.DELETED:
        return post
    now = clock.now()
    updated = await db.posts.find_one_and_update(
        {"_id": post_id, "status": post.status.value},
        {
            "$set": {
                "status": PostStatus.DELETED.value,
                "status_before_delete": post.status.value,
                "deleted_at": now,
                "deleted_by": actor.id,
                "updated_at": now,
            }
        },
        return_document=ReturnDocument.AFTER,
    )
    if updated is None:  # changed state meanwhile (published, hidden…): delete that one
        return await delete_post(db, actor, post_id)
    return Post.from_doc(updated)


# --- the next stage ------------------------------------------------------------------------


def queue_element_extraction(post_id: str) -> bool:
    """Hand a published (or re-captioned) post to element extraction, once that task exists.

    The feeds area registers `feeds.extract_post`; until then this is a no-op. Returns whether
    a message was sent.
    """
    task = celery_app.tasks.get(ELEMENT_EXTRACTION_TASK)
    if task is None:
        return False
    task.apply_async(args=[post_id])
    return True
