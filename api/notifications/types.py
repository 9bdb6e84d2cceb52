"""GraphQL types of the notifications area."""

from __future__ import annotations

from datetime import datetime

import strawberry

from accounts.notifications import Notice


@strawberry.type(description="Something the platform tells a user.")
class Notification:
    id: strawberry.ID
    kind: str
    message: str
    campaign_id: strawberry.ID | None
    created_at: datetime
    read: bool
    test_drop_id: strawberry.ID | None = None
    product_id: strawberry.ID | None = None
    post_id: strawberry.ID | None = None

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
        )
