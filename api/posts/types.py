"""GraphQL types of the posts area: posts, their images and tags, comments, errors."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, TypeAlias

import strawberry
from strawberry.file_uploads import Upload

from accounts.users import User as CoreUser
from api.accounts.dataloaders import load_user, users_loader
from api.accounts.types import User
from api.campaigns import revision_types
from api.campaigns.dataloaders import campaigns_loader
from api.campaigns.revision_types import DeliverableChanges, DeliverableRevision
from api.campaigns.types import Campaign
from api.catalogue.dataloaders import products_loader
from api.catalogue.types import Product
from api.context import Info
from api.core.eager import now_or_later
from api.core.enums import Market
from api.core.pagination import Connection, connection
from api.core.scalars import Money, money
from api.posts import dataloaders
from commerce.campaigns import Campaign as CoreCampaign
from commerce.deliverables import Deliverable as CoreDeliverable
from commerce.deliverables import DeliverableStatus as CoreDeliverableStatus
from commerce.deliverables import can_see
from commerce.linkstore import public_link_url
from commerce.products import Product as CoreProduct
from core.errors import UserError as CoreUserError
from core.paging import Page
from media.backends import media_url
from posts import social
from posts.error_codes import PostErrorCode
from posts.lifecycle import Post as CorePost
from posts.lifecycle import PostImage as CorePostImage
from posts.lifecycle import PostStatus as CorePostStatus
from posts.lifecycle import is_staff
from posts.post_input import ProductTag as CoreProductTag
from posts.social import Decision as CoreDecision
from posts.social import ReportReason as CoreReportReason

strawberry.enum(CorePostStatus, name="PostStatus", description="Where a post is in its life.")
strawberry.enum(CoreReportReason, name="ReportReason", description="Why a post is reported.")
strawberry.enum(
    CoreDecision, name="ModerationDecision", description="An admin's verdict on a post."
)
strawberry.enum(
    PostErrorCode,
    name="PostErrorCode",
    description="Why a post, comment, follow, report or moderation request was refused; "
    "a photo's own refusal (NOT_AN_IMAGE, TRUNCATED, TOO_MANY_PIXELS …) is on `images.<n>`.",
)
PostStatus: TypeAlias = CorePostStatus
ReportReason: TypeAlias = CoreReportReason
ModerationDecision: TypeAlias = CoreDecision
strawberry.enum(
    CoreDeliverableStatus,
    name="DeliverableStatus",
    description="Where a campaign post is in the brand's review.",
)
DeliverableStatus: TypeAlias = CoreDeliverableStatus


@strawberry.type(description="A problem with a posts request, for the person who sent it.")
class PostError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: PostErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> PostError:
        return cls(field=error.field, code=PostErrorCode(error.code), message=error.message)


@strawberry.enum(description="Sizes of each image, by long edge: 320, 1080 and 2048 px (WebP).")
class ImageVariantName(Enum):
    THUMB = "thumb"
    FEED = "feed"
    FULL = "full"


@strawberry.type(description="A dominant colour of an image and the share of pixels it covers.")
class PaletteColour:
    hex: str
    share: float


@strawberry.type
class ImageVariant:
    name: ImageVariantName
    url: str = strawberry.field(description="Absolute, stable URL; cacheable forever.")
    width: int
    height: int


@strawberry.type(description="A processed photo of a post.")
class PostImage:
    width: int = strawberry.field(description="Of the upload, upright.")
    height: int
    blurhash: str = strawberry.field(description="Placeholder to paint while the image loads.")
    palette: list[PaletteColour]
    variants: list[ImageVariant]

    @strawberry.field(description="URL of one size of this image.")
    def url(self, variant: ImageVariantName = ImageVariantName.FEED) -> str:
        for candidate in self.variants:
            if candidate.name is variant:
                return candidate.url
        return self.variants[0].url

    @classmethod
    def from_core(cls, image: CorePostImage, info: Info) -> PostImage:
        settings = info.context.settings
        variants = [
            ImageVariant(
                name=ImageVariantName(v.name),
                url=media_url(settings, v.key),
                width=v.width,
                height=v.height,
            )
            for v in image.variants
            if v.name in ImageVariantName._value2member_map_
        ]
        variants.sort(key=lambda v: v.width * v.height)
        return cls(
            width=image.width,
            height=image.height,
            blurhash=image.blurhash,
            palette=[PaletteColour(hex=c.hex, share=c.share) for c in image.palette],
            variants=variants,
        )


def _user_or_none(found: CoreUser | None) -> User | None:
    return User.from_core(found) if found else None


def _product_or_none(found: CoreProduct | None) -> Product | None:
    return Product.from_core(found) if found else None


@strawberry.type(description="A product worn in a photo, pinned at a point of it.")
class ProductTag:
    product_id: strawberry.ID
    image_index: int = strawberry.field(description="Which photo of the post, from 0.")
    x: float = strawberry.field(description="0 = left edge, 1 = right edge.")
    y: float = strawberry.field(description="0 = top edge, 1 = bottom edge.")
    _link_code: strawberry.Private[str | None]

    @strawberry.field(description="Null when the product has left the catalogue.")
    def product(
        self, info: Info
    ) -> Annotated[Product, strawberry.lazy("api.catalogue.types")] | None:
        loader = info.context.dataloader(products_loader)
        return now_or_later(loader, str(self.product_id), _product_or_none)

    @strawberry.field(
        description='Where "Shop the look" goes: the author\'s shoppable link when the '
        "author is an influencer (their click is credited), else the product page."
    )
    def shop_url(self, info: Info) -> str | None:
        def url(found: CoreProduct | None) -> str | None:
            if found is None or found.archived:
                return None  # no longer sold: the tag stays, without a way to buy
            if self._link_code:
                return public_link_url(info.context.settings, self._link_code)
            return found.product_url

        return now_or_later(info.context.dataloader(products_loader), str(self.product_id), url)

    @strawberry.field(description="True when buying through this tag credits the post's author.")
    def credits_author(self) -> bool:
        return self._link_code is not None


@strawberry.type(description="A post submitted for a campaign and the brand's review of it.")
class Deliverable:
    status: DeliverableStatus
    submitted_at: datetime
    decided_at: datetime | None
    reason: str | None = strawberry.field(description="Why the brand sent it back.")
    _core: strawberry.Private[CoreDeliverable]

    @strawberry.field
    async def campaign(
        self, info: Info
    ) -> Annotated[Campaign, strawberry.lazy("api.campaigns.types")] | None:
        found = await self._load_campaign(info)
        return Campaign.from_core(found) if found else None

    async def _load_campaign(self, info: Info) -> CoreCampaign | None:
        found: CoreCampaign | None = await info.context.dataloader(campaigns_loader).load(
            self._core.campaign_id
        )
        return found

    @strawberry.field(description="FIXED_FEE campaigns: the fee this approval credited.")
    async def fee(self, info: Info) -> Money | None:
        if self._core.fee_minor is None:
            return None
        campaign = await self._load_campaign(info)
        if campaign is None:
            return None
        return money(self._core.fee_minor, campaign.currency)

    @strawberry.field(description="1 for the first submission, 2 after the first send-back…")
    async def submission_number(self, info: Info) -> int:
        return await revision_types.submission_number(info, self._core)

    @strawberry.field(description="Versions sent back and submitted again, oldest first.")
    async def revisions(self, info: Info) -> list[DeliverableRevision]:
        return await revision_types.revisions(info, self._core)

    @strawberry.field(
        description="What changed since the brand last sent it back (the post as it is now "
        "against the version rejected); null if it never was."
    )
    async def changes(self, info: Info) -> DeliverableChanges | None:
        return await revision_types.changes(info, self._core)

    @strawberry.field(
        description="True when nothing changed since the brand last sent it back (submitting "
        "again then needs allowUnchanged); null if it never was."
    )
    async def unchanged_since_rejection(self, info: Info) -> bool | None:
        return await revision_types.unchanged(info, self._core)

    @classmethod
    def from_core(cls, deliverable: CoreDeliverable) -> Deliverable:
        return cls(
            status=deliverable.status,
            submitted_at=deliverable.submitted_at,
            decided_at=deliverable.decided_at,
            reason=deliverable.reason,
            _core=deliverable,
        )


@strawberry.type(description="Another author's earlier image that one of this post's is close to.")
class LikelyRepost:
    image_index: int
    original_post_id: strawberry.ID
    original_image_index: int
    distance: int = strawberry.field(description="Perceptual-hash bits apart (0 = identical).")


@strawberry.type(description="An open report on a post, with the weight it was filed with.")
class PostReport:
    reason: ReportReason
    details: str
    weight: float = strawberry.field(
        description="The reporter's standing when they reported: near 0 for a new or idle "
        "account, 1 for an established active one with no report history, up to 2 for one "
        "whose reports moderators upheld; rejected reports lower it."
    )
    has_standing: bool = strawberry.field(
        description="The weight reaches the standing that counts towards the reporter and "
        "network quorums."
    )
    network: str | None = strawberry.field(
        description="The /24 (IPv4) or /64 (IPv6) it came from; null when unknown."
    )
    created_at: datetime
    _reporter_id: strawberry.Private[str]

    @strawberry.field(description="Null when the account is gone.")
    async def reporter(self, info: Info) -> User | None:
        user = await load_user(info, self._reporter_id)
        return User.from_core(user) if user else None

    @classmethod
    def from_core(cls, report: social.OpenReport, standing: float) -> PostReport:
        return cls(
            reason=report.reason,
            details=report.details,
            weight=report.weight,
            has_standing=report.weight >= standing,
            network=report.network,
            created_at=report.created_at,
            _reporter_id=report.reporter_id,
        )


@strawberry.type(description="A post's open reports against the rule that hides a post.")
class ReportTally:
    weight: float = strawberry.field(description="Weighted sum of the open reports.")
    hide_weight: float = strawberry.field(description="The sum that hides a post (settings).")
    reporters: int = strawberry.field(description="Distinct reporters with standing.")
    reporters_needed: int
    networks: int = strawberry.field(description="Distinct networks those reporters used.")
    networks_needed: int
    by_admin: bool = strawberry.field(description="An admin reported it: that alone hides it.")
    hides: bool = strawberry.field(description="The open reports meet the rule.")


@strawberry.type
class PostModeration:
    needs_review: bool
    reasons: list[str] = strawberry.field(description="REPORTED, LIKELY_REPOST.")
    open_report_count: int
    _post_id: strawberry.Private[str]

    @strawberry.field(description="The open reports, heaviest first.")
    async def reports(self, info: Info) -> list[PostReport]:
        standing = info.context.settings.report_standing_min_weight
        found = await dataloaders.load_open_reports(info, self._post_id)
        return [PostReport.from_core(report, standing) for report in found]

    @strawberry.field(description="The open reports against the hiding rule.")
    async def report_tally(self, info: Info) -> ReportTally:
        settings = info.context.settings
        found = await dataloaders.load_open_reports(info, self._post_id)
        counted = social.report_tally(settings, found)
        return ReportTally(
            weight=counted.weight,
            hide_weight=settings.report_hide_weight,
            reporters=counted.reporters,
            reporters_needed=settings.report_hide_threshold,
            networks=counted.networks,
            networks_needed=settings.report_hide_min_networks,
            by_admin=counted.staff,
            hides=counted.hides,
        )


@strawberry.type(description="A comment under a post.")
class Comment:
    id: strawberry.ID
    body: str
    created_at: datetime
    _author_id: strawberry.Private[str]

    @strawberry.field
    async def author(self, info: Info) -> User | None:
        user = await load_user(info, self._author_id)
        return User.from_core(user) if user else None

    @classmethod
    def from_core(cls, comment: social.Comment) -> Comment:
        return cls(
            id=strawberry.ID(comment.id),
            body=comment.body,
            created_at=comment.created_at,
            _author_id=comment.author_id,
        )


@strawberry.type(description="An outfit post: photos, caption, hashtags and tagged products.")
class Post:
    id: strawberry.ID
    caption: str
    hashtags: list[str]
    market: Market
    status: PostStatus = strawberry.field(
        description="Others only ever see PUBLISHED posts; the author and admins see every state."
    )
    like_count: int
    save_count: int
    comment_count: int
    view_count: int = strawberry.field(
        description="People who opened its public page (/p/{id}), once per visitor per hour; "
        "link previews and crawlers are not counted."
    )
    created_at: datetime
    published_at: datetime | None
    edited_at: datetime | None
    _core: strawberry.Private[CorePost]

    @classmethod
    def from_core(cls, post: CorePost) -> Post:
        return cls(
            id=strawberry.ID(post.id),
            caption=post.caption,
            hashtags=list(post.hashtags),
            market=Market(post.market),
            status=post.status,
            like_count=post.like_count,
            save_count=post.save_count,
            comment_count=post.comment_count,
            view_count=post.view_count,
            created_at=post.created_at,
            published_at=post.published_at,
            edited_at=post.edited_at,
            _core=post,
        )

    @strawberry.field
    def author(self, info: Info) -> User | None:
        loader = info.context.dataloader(users_loader)
        return now_or_later(loader, self._core.author_id, _user_or_none)

    @strawberry.field(description="Photos once processed; empty while PROCESSING.")
    def images(self, info: Info) -> list[PostImage]:
        return [PostImage.from_core(image, info) for image in self._core.images]

    @strawberry.field(description="How many photos the post has, processed or not.")
    def image_count(self) -> int:
        return self._core.image_count

    @strawberry.field
    def product_tags(self) -> list[ProductTag]:
        tags = self._core.product_tags
        codes = self._core.tag_links
        return [
            ProductTag(
                product_id=strawberry.ID(t.product_id),
                image_index=t.image_index,
                x=t.x,
                y=t.y,
                _link_code=codes.get(t.product_id),
            )
            for t in tags
        ]

    @strawberry.field(
        description="The brand this post was made for, shown as a paid partnership; null for "
        "posts outside any campaign."
    )
    def partner_brand(self, info: Info) -> User | None:
        brand_id = self._core.campaign_brand_id
        if not brand_id:
            return None
        return now_or_later(info.context.dataloader(users_loader), brand_id, _user_or_none)

    @strawberry.field(
        description="The campaign review of this post: for its author, the campaign's brand "
        "and admins; null for everyone else and for posts outside any campaign."
    )
    def deliverable(self, info: Info) -> Deliverable | None:
        core = CoreDeliverable.from_post(self._core)
        brand_id = self._core.campaign_brand_id or ""
        if core is None or not can_see(core, brand_id, info.context.user):
            return None
        return Deliverable.from_core(core)

    @strawberry.field(description="Why the photos were refused, when status is REJECTED.")
    def rejection_reason(self) -> str | None:
        return self._core.rejection_reason

    @strawberry.field
    def viewer_has_liked(self, info: Info) -> bool:
        return dataloaders.viewer_has_liked(info, self._core.id)

    @strawberry.field
    def viewer_has_saved(self, info: Info) -> bool:
        return dataloaders.viewer_has_saved(info, self._core.id)

    @strawberry.field(description="False when signed out, and for one's own posts.")
    def viewer_follows_author(self, info: Info) -> bool:
        return dataloaders.viewer_follows(info, self._core.author_id)

    @strawberry.field(
        description="Set when a photo closely matches another author's earlier one. "
        "Admins only: null for everyone else."
    )
    def likely_repost(self, info: Info) -> LikelyRepost | None:
        match = self._core.likely_repost
        if match is None or not is_staff(info.context.user):
            return None
        return LikelyRepost(
            image_index=match.image_index,
            original_post_id=strawberry.ID(match.original_post_id),
            original_image_index=match.original_image_index,
            distance=match.distance,
        )

    @strawberry.field(description="Review state. Admins only: null for everyone else.")
    def moderation(self, info: Info) -> PostModeration | None:
        if not is_staff(info.context.user):
            return None
        return PostModeration(
            needs_review=self._core.needs_review,
            reasons=list(self._core.review_reasons),
            open_report_count=self._core.open_report_count,
            _post_id=self._core.id,
        )

    @strawberry.field(description="Oldest first.")
    async def comments(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Comment]:
        page = await social.list_comments(
            info.context.db,
            self._core.id,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
        )
        return connection(page, Comment.from_core)


@strawberry.input
class ProductTagInput:
    product_id: strawberry.ID
    image_index: int
    x: float
    y: float

    def to_core(self) -> CoreProductTag:
        return CoreProductTag(str(self.product_id), self.image_index, self.x, self.y)


@strawberry.input(description="Send as a GraphQL multipart request (one file part per image).")
class CreatePostInput:
    images: list[Upload] = strawberry.field(description="1 to 10 photos: JPEG, PNG or WebP.")
    caption: str | None = strawberry.field(
        default=None, description="Up to 2,200 characters; #hashtags are read from it."
    )
    product_tags: list[ProductTagInput] | None = None
    market: Market | None = strawberry.field(
        default=None, description="Defaults to the author's home market."
    )
    campaign_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Influencers: submit the post as a deliverable of a campaign you are in.",
    )


@strawberry.input
class EditPostInput:
    id: strawberry.ID
    caption: str | None = None
    product_tags: list[ProductTagInput] | None = strawberry.field(
        default=None, description="Replaces every tag when given."
    )


async def post_connection(info: Info, page: Page[CorePost]) -> Connection[Post]:
    """A page of posts as a connection, its loaders filled first (`dataloaders.prefetch_page`)
    so its posts' fields answer without awaiting."""
    await dataloaders.prefetch_page(info, page.items)
    return connection(page, Post.from_core)
