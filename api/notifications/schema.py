"""Notifications: every area writes them (`accounts.notifications`); `myNotifications` lists them
(commerce area); here their owner counts the unread ones and marks them read."""

from __future__ import annotations

import strawberry

from accounts import notifications
from api.commerce.types import Notification
from api.context import Info
from api.core.errors import UserError, payload_errors
from api.permissions import IsAuthenticated


@strawberry.type
class MarkNotificationReadPayload:
    notification: Notification | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MarkAllNotificationsReadPayload:
    marked: int = strawberry.field(default=0, description="How many were unread.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationsQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="For a badge.")
    async def unread_notification_count(self, info: Info) -> int:
        ctx = info.context
        return await notifications.unread_count(ctx.db, ctx.require_user())


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Mark all read.")
    async def mark_all_notifications_read(self, info: Info) -> MarkAllNotificationsReadPayload:
        ctx = info.context
        marked = await notifications.mark_all_read(ctx.db, ctx.require_user())
        return MarkAllNotificationsReadPayload(marked=marked)

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
