"""A deliverable's revisions and what changed since the brand sent it back
(`commerce.deliverables`, `commerce.revision_diff`); the posts area's `Deliverable` type
resolves its `submissionNumber`, `revisions` and `changes` fields here."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.campaigns.dataloaders import revisions_loader
from api.catalogue.dataloaders import products_loader
from api.catalogue.types import Product
from api.context import Info
from commerce import deliverables
from commerce.deliverables import Deliverable as CoreDeliverable
from commerce.deliverables import Revision as CoreRevision
from commerce.deliverables import RevisionKind
from commerce.revision_diff import Changes as CoreChanges
from commerce.revision_diff import DiffKind

strawberry.enum(
    RevisionKind,
    name="DeliverableRevisionKind",
    description="REJECTED: the version sent back; RESUBMITTED: the version submitted again.",
)
strawberry.enum(DiffKind, name="DiffKind", description="A part of a diff: kept, added, removed.")


@strawberry.type(description="A snapshot of a deliverable as it was reviewed or submitted again.")
class DeliverableRevision:
    number: int = strawberry.field(description="The submission it belongs to (1 = the first).")
    kind: RevisionKind
    caption: str
    hashtags: list[str]
    product_ids: list[strawberry.ID]
    reason: str | None = strawberry.field(description="Why it was sent back (REJECTED).")
    at: datetime

    @classmethod
    def from_core(cls, revision: CoreRevision) -> DeliverableRevision:
        return cls(
            number=revision.number,
            kind=revision.kind,
            caption=revision.content.caption,
            hashtags=list(revision.content.hashtags),
            product_ids=[strawberry.ID(p) for p in revision.content.product_ids],
            reason=revision.reason,
            at=revision.at,
        )


@strawberry.type(description="A run of caption words kept, added or removed.")
class CaptionDiffPart:
    kind: DiffKind
    text: str = strawberry.field(description="With its whitespace: the parts join into captions.")


@strawberry.type(description="What a deliverable changed since the brand last sent it back.")
class DeliverableChanges:
    since_number: int = strawberry.field(description="The submission that was sent back.")
    reason: str | None = strawberry.field(description="Why it was sent back.")
    caption: list[CaptionDiffPart] = strawberry.field(
        description="Word-level: SAME and REMOVED parts give the old caption, SAME and ADDED "
        "the current one."
    )
    caption_changed: bool
    words_added: int
    words_removed: int
    hashtags_added: list[str]
    hashtags_removed: list[str]
    product_ids_added: list[strawberry.ID]
    product_ids_removed: list[strawberry.ID]
    unchanged: bool = strawberry.field(description="True when nothing changed at all.")

    @strawberry.field(description="The products tagged since (deleted ones left out).")
    async def products_added(self, info: Info) -> list[Product]:
        return await _products(info, [str(p) for p in self.product_ids_added])

    @strawberry.field(description="The products untagged since (deleted ones left out).")
    async def products_removed(self, info: Info) -> list[Product]:
        return await _products(info, [str(p) for p in self.product_ids_removed])

    @classmethod
    def from_core(cls, revision: CoreRevision, changes: CoreChanges) -> DeliverableChanges:
        return cls(
            since_number=revision.number,
            reason=revision.reason,
            caption=[CaptionDiffPart(kind=p.kind, text=p.text) for p in changes.caption],
            caption_changed=changes.caption_changed,
            words_added=changes.words_added,
            words_removed=changes.words_removed,
            hashtags_added=list(changes.hashtags_added),
            hashtags_removed=list(changes.hashtags_removed),
            product_ids_added=[strawberry.ID(p) for p in changes.products_added],
            product_ids_removed=[strawberry.ID(p) for p in changes.products_removed],
            unchanged=changes.unchanged,
        )


async def _products(info: Info, ids: list[str]) -> list[Product]:
    found = await info.context.dataloader(products_loader).load_many(ids)
    return [Product.from_core(p) for p in found if p is not None]


async def _history(info: Info, deliverable: CoreDeliverable) -> list[CoreRevision]:
    revisions: list[CoreRevision] = await info.context.dataloader(revisions_loader).load(
        deliverable.post_id
    )
    return revisions


async def submission_number(info: Info, deliverable: CoreDeliverable) -> int:
    return deliverables.submission_number(await _history(info, deliverable), deliverable.status)


async def revisions(info: Info, deliverable: CoreDeliverable) -> list[DeliverableRevision]:
    return [DeliverableRevision.from_core(r) for r in await _history(info, deliverable)]


async def changes(info: Info, deliverable: CoreDeliverable) -> DeliverableChanges | None:
    history = await _history(info, deliverable)
    rejected = deliverables.last_rejection(history)
    found = deliverables.changes_since_rejection(history, deliverable.content)
    return DeliverableChanges.from_core(rejected, found) if rejected and found else None


async def unchanged(info: Info, deliverable: CoreDeliverable) -> bool | None:
    history = await _history(info, deliverable)
    found = deliverables.changes_since_rejection(history, deliverable.content)
    return found.unchanged if found else None
