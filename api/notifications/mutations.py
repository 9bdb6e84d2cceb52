"""Marking notifications read, one or all."""

from __future__ import annotations

import strawberry

from accounts import notifications, social_notices
from accounts.social_notices import SocialKind
from api.accounts.types import AccountError
from api.context import Info
from api.core.errors import payload_errors_as
from api.notifications.types import (
    Notification,
    NotificationSettings,
    SocialNotificationKind,
)
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
class NotificationSettingsPayload:
    settings: NotificationSettings | None = None
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Stop (or start again) receiving one kind of notice about people's actions.",
    )
    async def set_notification_muted(
        self, info: Info, kind: SocialNotificationKind, muted: bool
    ) -> NotificationSettingsPayload:
        ctx = info.context
        kinds = await social_notices.set_muted(
            ctx.db, ctx.require_user().id, SocialKind(kind.value), muted
        )
        return NotificationSettingsPayload(settings=NotificationSettings.from_kinds(kinds))

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
