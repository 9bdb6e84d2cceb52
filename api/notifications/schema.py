"""Notifications: every area writes them (`accounts.notifications`); here their owner lists them
and counts the unread ones (marking them read is in `mutations`)."""

from __future__ import annotations

import strawberry

from accounts import notifications, social_notices
from api.context import Info
from api.core.pagination import Connection, connection
from api.notifications.types import Notification, NotificationSettings
from api.permissions import IsAuthenticated


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

    @strawberry.field(permission_classes=[IsAuthenticated], description="What you receive.")
    async def notification_settings(self, info: Info) -> NotificationSettings:
        ctx = info.context
        kinds = await social_notices.muted_kinds(ctx.db, ctx.require_user().id)
        return NotificationSettings.from_kinds(kinds)
