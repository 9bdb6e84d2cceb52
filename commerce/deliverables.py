"""Campaign deliverables: an influencer's post tagged with a campaign, reviewed by the brand.

The deliverable lives on the post document itself (`campaign_id` and a `deliverable`
sub-document), so tagging, reviewing and reading it are single-document operations:
SUBMITTED → APPROVED or REJECTED. A rejected post can be submitted again after the influencer
has changed it; an approval is final, because it may have paid.

Each rejection and each later submission appends a revision (`deliverable_revisions`, never
updated): a snapshot of the caption, hashtags and product tags the brand reviewed or is asked to
review, with the reason it was sent back. The brand then reads what changed since the version it
rejected (`revision_diff`), and submitting again with nothing changed needs saying so on purpose.

Under a FIXED_FEE campaign each approved post earns the campaign's fee: a COMMISSION entry with
an id derived from the post (`ledger.post_commission_id`), so approving twice — or two brand
users approving at once — credits once. The fee is taken from the budget like any commission;
when the budget cannot cover it the approval stands and the fee is cut (and the brand told).
There is no return window for a fee: it is approved by the next approval run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from accounts.notifications import store
from accounts.users import Role, User
from commerce import campaigns as campaigns_io
from commerce import earnings, ledger
from commerce.campaigns import Campaign, CampaignStatus, MembershipStatus, membership_id
from commerce.commission import RuleKind, post_fee
from commerce.error_codes import CampaignErrorCode
from commerce.revision_diff import Changes, Snapshot, changes_between
from commerce.tasks import notify_budget_exhausted
from core import clock, text_policy
from core.derived_ids import derived_id
from core.errors import Forbidden, NotFound, UserError
from core.mongo import AsyncDB, Document, is_duplicate
from core.paging import Page, keyset_page
from posts import marks
from posts.lifecycle import Post, PostStatus, check_post_id

log = logging.getLogger(__name__)

REASON_MAX = 500
NO_CONTENT = Snapshot("", (), ())


class DeliverableStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


@dataclass(frozen=True)
class Deliverable:
    post_id: str
    campaign_id: str
    influencer_id: str
    status: DeliverableStatus
    submitted_at: datetime
    decided_at: datetime | None
    reason: str | None
    fee_minor: int | None
    """FIXED_FEE campaigns: what the approval credited (less than the fee when budget ran out)."""
    content: Snapshot = NO_CONTENT
    """The post's caption, hashtags and tagged products as they are now."""

    @classmethod
    def from_post(cls, post: Post) -> Deliverable | None:
        state = post.deliverable
        if not post.campaign_id or state is None:
            return None
        return cls(
            post_id=post.id,
            campaign_id=post.campaign_id,
            influencer_id=post.author_id,
            status=DeliverableStatus(state.status),
            submitted_at=state.submitted_at,
            decided_at=state.decided_at,
            reason=state.reason,
            fee_minor=state.fee_minor,
            content=snapshot_of(post),
        )


def snapshot_of(post: Post) -> Snapshot:
    return Snapshot(
        caption=post.caption,
        hashtags=post.hashtags,
        product_ids=tuple(dict.fromkeys(tag.product_id for tag in post.product_tags)),
    )


def can_see(deliverable: Deliverable, brand_id: str, viewer: User | None) -> bool:
    """The influencer, the campaign's brand and admins see a deliverable's review."""
    if viewer is None:
        return False
    return viewer.role is Role.ADMIN or viewer.id in (deliverable.influencer_id, brand_id)


# --- submitting ----------------------------------------------------------------------------


async def check_can_submit(db: AsyncDB, influencer: User, campaign_id: str) -> Campaign:
    """The campaign an influencer may tag a post with: running, and they are approved in it."""
    if influencer.role is not Role.INFLUENCER:
        raise Forbidden("Only influencers post for campaigns.")
    campaign = await campaigns_io.get_campaign(db, campaign_id)
    if campaign is None:
        raise NotFound("Campaign", "campaignId")
    if campaign.status is not CampaignStatus.ACTIVE or not campaign.running_at(clock.now()):
        raise UserError(
            CampaignErrorCode.INVALID_STATE, "The campaign is not running.", "campaignId"
        )
    member = await db.campaign_members.find_one({"_id": membership_id(campaign.id, influencer.id)})
    if member is None or member["status"] != MembershipStatus.APPROVED.value:
        raise Forbidden("Join the campaign (and be approved) before posting for it.")
    return campaign


def submission(campaign: Campaign) -> Document:
    """The fields a post carries once submitted as a deliverable of `campaign`."""
    return {
        "campaign_id": campaign.id,
        "campaign_brand_id": campaign.brand_id,
        "deliverable": {"status": DeliverableStatus.SUBMITTED.value, "submitted_at": clock.now()},
    }


async def submit(
    db: AsyncDB,
    influencer: User,
    post_id: str,
    campaign_id: str,
    *,
    allow_unchanged: bool = False,
) -> Post:
    """Tag one of the influencer's posts with a campaign (or submit a rejected one again).

    Submitting a rejected post that has not changed since it was sent back is refused
    (UNCHANGED) unless `allow_unchanged` says it is meant: the brand would see the same post.
    """
    check_post_id(post_id, "postId")
    post = await db.posts.find_one({"_id": post_id})
    if post is None or post["status"] == PostStatus.DELETED.value:
        raise NotFound("Post", "postId")
    if post["author_id"] != influencer.id:
        raise Forbidden("Only the author submits a post for a campaign.")
    campaign = await check_can_submit(db, influencer, campaign_id)
    current = Deliverable.from_post(Post.from_doc(post))
    if current is not None:
        if current.campaign_id != campaign.id:
            raise UserError(
                CampaignErrorCode.ALREADY_SUBMITTED,
                "This post is already a deliverable of another campaign.",
                "postId",
            )
        if current.status is not DeliverableStatus.REJECTED:
            return Post.from_doc(post)
    history = (await revisions_of(db, [post_id])).get(post_id, [])
    if current is not None and not allow_unchanged:
        changes = changes_since_rejection(history, current.content)
        if changes is not None and changes.unchanged:
            raise UserError(
                CampaignErrorCode.UNCHANGED,
                "Nothing changed since the brand sent this post back. Edit the caption or "
                "product tags first, or submit it unchanged on purpose.",
                "postId",
            )
    before = post.get("deliverable")
    saved = await marks.submit_for_campaign(db, post_id, before, submission(campaign))
    if saved is None:
        raise UserError(
            CampaignErrorCode.CONFLICT, "The post changed meanwhile; reload and retry.", "postId"
        )
    if current is not None:
        await _record_revision(
            db,
            saved,
            RevisionKind.RESUBMITTED,
            _rejections(history) + 1,
            reason=None,
        )
    return Post.from_doc(saved)


# --- revisions -----------------------------------------------------------------------------


class RevisionKind(StrEnum):
    REJECTED = "REJECTED"
    """The version the brand sent back, with its reason."""
    RESUBMITTED = "RESUBMITTED"
    """The version submitted again after a rejection."""


@dataclass(frozen=True)
class Revision:
    post_id: str
    campaign_id: str
    number: int
    """The submission it belongs to: 1 for the first, 2 for the one after the first rejection."""
    kind: RevisionKind
    content: Snapshot
    reason: str | None
    at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> Revision:
        return cls(
            post_id=doc["post_id"],
            campaign_id=doc["campaign_id"],
            number=int(doc["number"]),
            kind=RevisionKind(doc["kind"]),
            content=Snapshot(
                caption=doc.get("caption", ""),
                hashtags=tuple(doc.get("hashtags") or ()),
                product_ids=tuple(doc.get("product_ids") or ()),
            ),
            reason=doc.get("reason"),
            at=clock.as_utc(doc["at"]),
        )


def _rejections(history: list[Revision]) -> int:
    return sum(1 for r in history if r.kind is RevisionKind.REJECTED)


async def _record_revision(
    db: AsyncDB, post: Document, kind: RevisionKind, number: int, *, reason: str | None
) -> None:
    """Append one revision; its id is derived from (post, kind, number), so a retried decision
    or submission finds it stored and adds nothing."""
    content = snapshot_of(Post.from_doc(post))
    doc = {
        "_id": derived_id("drv", post["_id"], kind.value, str(number)),
        "post_id": post["_id"],
        "campaign_id": post["campaign_id"],
        "number": number,
        "kind": kind.value,
        "caption": content.caption,
        "hashtags": list(content.hashtags),
        "product_ids": list(content.product_ids),
        "reason": reason,
        "at": clock.now(),
    }
    try:
        await db.deliverable_revisions.insert_one(doc)
    except Exception as exc:
        if not is_duplicate(exc):
            raise


async def revisions_of(db: AsyncDB, post_ids: list[str]) -> dict[str, list[Revision]]:
    """Each post's revisions, oldest first, in one query for them all."""
    docs = (
        await db.deliverable_revisions.find({"post_id": {"$in": sorted(set(post_ids))}})
        .sort([("post_id", 1), ("number", 1)])
        .to_list()
    )
    found: dict[str, list[Revision]] = {}
    for doc in docs:
        found.setdefault(doc["post_id"], []).append(Revision.from_doc(doc))
    for history in found.values():
        # REJECTED before RESUBMITTED within a number, then by time.
        history.sort(key=lambda r: (r.number, r.kind is RevisionKind.RESUBMITTED, r.at))
    return found


def submission_number(history: list[Revision], status: DeliverableStatus) -> int:
    """Which submission the deliverable is at: every submission after the first follows one
    rejection, so a rejected post is at its rejections' count and any other at one more."""
    rejections = _rejections(history)
    if status is DeliverableStatus.REJECTED:
        return max(rejections, 1)
    return rejections + 1


def last_rejection(history: list[Revision]) -> Revision | None:
    rejected = [r for r in history if r.kind is RevisionKind.REJECTED]
    return rejected[-1] if rejected else None


def changes_since_rejection(history: list[Revision], content: Snapshot) -> Changes | None:
    """What the post changed since the brand last sent it back; None if it never was."""
    rejected = last_rejection(history)
    return changes_between(rejected.content, content) if rejected else None


# --- reviewing -----------------------------------------------------------------------------


async def _reviewable(db: AsyncDB, brand: User, post_id: str) -> tuple[Document, Campaign]:
    check_post_id(post_id, "postId")
    post = await db.posts.find_one({"_id": post_id})
    if post is None or not post.get("campaign_id"):
        raise NotFound("Deliverable", "postId")
    campaign = await campaigns_io.owned_campaign(db, brand, post["campaign_id"], "postId")
    return post, campaign


async def _decide(
    db: AsyncDB, post: Document, decision: DeliverableStatus, by: User, reason: str | None
) -> Document:
    state = post["deliverable"]
    if state["status"] == decision.value:
        return post
    if state["status"] != DeliverableStatus.SUBMITTED.value:
        raise UserError(
            CampaignErrorCode.INVALID_STATE,
            f"This deliverable is already {state['status']}.",
            "postId",
        )
    decided = {
        **state,
        "status": decision.value,
        "decided_at": clock.now(),
        "decided_by": by.id,
        "reason": reason,
    }
    saved = await marks.decide_deliverable(db, post["_id"], state, decided)
    if saved is None:
        current = await db.posts.find_one({"_id": post["_id"]})
        if current is not None and current["deliverable"]["status"] == decision.value:
            return current  # another reviewer decided the same at the same moment
        raise UserError(
            CampaignErrorCode.CONFLICT,
            "The deliverable changed meanwhile; reload and retry.",
            "postId",
        )
    return saved


async def approve(db: AsyncDB, brand: User, post_id: str) -> Post:
    """The brand accepts a post as delivered; a FIXED_FEE campaign pays its fee for it.

    Approving an approved post again only completes a fee that a crash left uncredited.
    """
    post, campaign = await _reviewable(db, brand, post_id)
    if post["status"] != PostStatus.PUBLISHED.value:
        raise UserError(
            CampaignErrorCode.INVALID_STATE,
            f"Only a published post can be approved; this one is {post['status'].lower()}.",
            "postId",
        )
    approved = await _decide(db, post, DeliverableStatus.APPROVED, brand, None)
    if campaign.rule_kind is RuleKind.FIXED_FEE:
        approved = await _credit_fee(db, campaign, approved)
    if post["deliverable"]["status"] != DeliverableStatus.APPROVED.value:
        await _tell_influencer(db, approved, campaign)
    return Post.from_doc(approved)


async def reject(db: AsyncDB, brand: User, post_id: str, reason: str) -> Post:
    """The brand sends a post back with a reason the influencer reads."""
    reason, refused = text_policy.clean(
        reason,
        "The reason",
        code=CampaignErrorCode.INVISIBLE_CHARACTERS,
        field="reason",
        multiline=True,
    )
    if not reason:
        raise UserError(CampaignErrorCode.REQUIRED, "Tell the influencer what to change.", "reason")
    if refused is not None:
        raise refused
    if len(reason) > REASON_MAX:
        raise UserError(
            CampaignErrorCode.TOO_LONG, f"Keep the reason under {REASON_MAX} characters.", "reason"
        )
    post, campaign = await _reviewable(db, brand, post_id)
    rejected = await _decide(db, post, DeliverableStatus.REJECTED, brand, reason)
    if post["deliverable"]["status"] != DeliverableStatus.REJECTED.value:
        # The snapshot is of the post as the brand reviewed it, before any later edit.
        history = (await revisions_of(db, [post["_id"]])).get(post["_id"], [])
        await _record_revision(
            db, post, RevisionKind.REJECTED, _rejections(history) + 1, reason=reason
        )
        await _tell_influencer(db, rejected, campaign)
    return Post.from_doc(rejected)


async def _credit_fee(db: AsyncDB, campaign: Campaign, post: Document) -> Document:
    commission_id = ledger.post_commission_id(post["_id"])
    existing = await db.ledger.find_one({"_id": commission_id}, {"amount_minor": 1})
    if existing is not None:
        credited = int(existing["amount_minor"])
    else:
        fee = post_fee(campaign.rule, campaign.currency)
        outcome, used_up = await campaigns_io.spend_budget(db, campaign.id, fee)
        if used_up:
            notify_budget_exhausted.delay(campaign.id)
        credited = outcome.credited
        if credited:
            entry = ledger.new_commission(
                commission_id=commission_id,
                influencer_id=post["author_id"],
                currency=campaign.currency,
                amount_minor=credited,
                sale_minor=0,
                rule=RuleKind.FIXED_FEE,
                at=clock.now(),
                return_window=timedelta(0),
                campaign_id=campaign.id,
                post_id=post["_id"],
            )
            if await earnings.insert_entries(db, [entry]) == 0:
                # A concurrent approval credited it first: its spend stands, ours goes back.
                await campaigns_io.release_budget(db, campaign.id, credited)
                stored = await db.ledger.find_one({"_id": commission_id}, {"amount_minor": 1})
                credited = int(stored["amount_minor"]) if stored else 0
    if post["deliverable"].get("fee_minor") == credited:
        return post
    saved = await marks.set_deliverable_fee(db, post["_id"], credited)
    return saved or post


async def _tell_influencer(db: AsyncDB, post: Document, campaign: Campaign) -> None:
    state = post["deliverable"]
    if state["status"] == DeliverableStatus.APPROVED.value:
        message = f"Your post for “{campaign.name}” was approved."
        if state.get("fee_minor"):
            message += " Its fee is in your pending earnings."
    else:
        message = f"Your post for “{campaign.name}” needs changes: {state.get('reason')}"
    await store(
        db,
        derived_id("ntf", "deliverable", post["_id"], state["status"], str(state["decided_at"])),
        post["author_id"],
        "DELIVERABLE_" + state["status"],
        message,
        post_id=post["_id"],
        campaign_id=campaign.id,
    )


# --- reading -------------------------------------------------------------------------------


def listing_filter(
    campaign: Campaign, viewer: User, status: DeliverableStatus | None
) -> dict[str, Any]:
    """Posts of a campaign for review: the published ones for its brand, one's own (in any live
    state) for an influencer."""
    query: dict[str, Any] = {"campaign_id": campaign.id}
    if viewer.role is Role.ADMIN or viewer.id == campaign.brand_id:
        # Photos still processing (or refused) have nothing to review yet.
        query["status"] = PostStatus.PUBLISHED.value
    else:
        query["author_id"] = viewer.id
        query["status"] = {"$ne": PostStatus.DELETED.value}
    if status is not None:
        query["deliverable.status"] = status.value
    return query


async def campaign_posts(
    db: AsyncDB,
    campaign: Campaign,
    viewer: User,
    status: DeliverableStatus | None,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Post]:
    """A page of the posts submitted for a campaign that `viewer` may review, newest first."""
    return await keyset_page(
        db.posts,
        listing_filter(campaign, viewer, status),
        first=first,
        after=after,
        maximum=maximum,
        to_item=Post.from_doc,
    )
