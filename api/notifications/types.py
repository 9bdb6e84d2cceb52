"""GraphQL types of the notifications area."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from accounts.notifications import Notice
from accounts.social_notices import SocialKind as CoreSocialKind


@strawberry.enum(description="Notices about what people do: each can be muted.")
class SocialNotificationKind(Enum):
    POST_LIKED = CoreSocialKind.LIKE.value
    POST_COMMENTED = CoreSocialKind.COMMENT.value
    NEW_FOLLOWER = CoreSocialKind.FOLLOW.value
    MENTIONED = CoreSocialKind.MENTION.value


@strawberry.type(description="Which notices you receive.")
class NotificationSettings:
    muted: list[SocialNotificationKind] = strawberry.field(
        description="Kinds you do not want in your inbox."
    )

    @classmethod
    def from_kinds(cls, kinds: list[str]) -> NotificationSettings:
        known = {kind.value for kind in SocialNotificationKind}
        return cls(muted=[SocialNotificationKind(kind) for kind in kinds if kind in known])


@strawberry.type(description="Something the platform tells a user.")
class Notification:
    id: strawberry.ID
    kind: str = strawberry.field(
        description="What it is about: POST_LIKED, POST_COMMENTED, NEW_FOLLOWER and MENTIONED "
        "come from people (grouped per subject and day); the others from the platform."
    )
    message: str
    campaign_id: strawberry.ID | None
    created_at: datetime
    read: bool
    test_drop_id: strawberry.ID | None = None
    product_id: strawberry.ID | None = None
    post_id: strawberry.ID | None = None
    actor_count: int = strawberry.field(
        default=0, description="People behind a grouped notice (0 for the platform's)."
    )

    @classmethod
    def from_core(cls, notice: Notice) -> Notification:
        def ref(value: str | None) -> strawberry.ID | None:
            return strawberry.ID(value) if value else None

        return cls(
            id=strawberry.ID(notice.id),
            kind=notice.kind,
            message=notice.message,
            campaign_id=ref(notice.campaign_id),
            created_at=notice.created_at,
            read=notice.read,
            test_drop_id=ref(notice.test_drop_id),
            product_id=ref(notice.product_id),
            post_id=ref(notice.post_id),
            actor_count=notice.actor_count,
        )
