"""Notifications: every area writes them (`core.notifications`); `myNotifications` lists them
(commerce area); here their owner marks them read."""

from __future__ import annotations

import strawberry

from api.commerce.types import Notification
from api.context import Info
from api.errors import UserError, payload_errors
from api.permissions import IsAuthenticated
from core import notifications


@strawberry.type
class MarkNotificationReadPayload:
    notification: Notification | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Mark one read.")
    async def mark_notification_read(
        self, info: Info, id: strawberry.ID
    ) -> MarkNotificationReadPayload:
        ctx = info.context
        doc, errors = await payload_errors(
            lambda: notifications.mark_read(ctx.db, ctx.require_user(), str(id))
        )
        return MarkNotificationReadPayload(
            notification=Notification.from_doc(doc) if doc else None, errors=errors
        )
