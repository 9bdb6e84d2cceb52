"""Notifications: every area writes them (`accounts.notifications`); here their owner lists them,
counts the unread ones and marks them read."""

from __future__ import annotations

import strawberry

from accounts import notifications
from api.accounts.types import AccountError
from api.context import Info
from api.core.errors import payload_errors_as
from api.core.pagination import Connection, connection
from api.notifications.types import Notification
from api.permissions import IsAuthenticated


@strawberry.type
class MarkNotificationReadPayload:
    notification: Notification | None = None
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class MarkAllNotificationsReadPayload:
    marked: int = strawberry.field(default=0, description="How many were unread.")
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationsQuery:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Your notifications.")
    async def my_notifications(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Notification]:
        ctx = info.context
        page = await notifications.list_for(
            ctx.db,
            ctx.require_user(),
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, Notification.from_core)

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
        notice, errors = await payload_errors_as(
            lambda: notifications.mark_read(ctx.db, ctx.require_user(), str(id)),
            AccountError.from_core,
        )
        return MarkNotificationReadPayload(
            notification=Notification.from_core(notice) if notice else None, errors=errors
        )
