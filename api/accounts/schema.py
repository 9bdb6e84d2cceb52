"""Accounts queries: the current user, a profile, every account (admin). The mutations are in
`api.accounts.mutations`."""

from __future__ import annotations

import strawberry

from accounts import handles
from accounts import users as accounts
from accounts.error_codes import AccountErrorCode
from api.accounts.types import User
from api.context import Info
from api.core.enums import Role
from api.core.pagination import Connection, connection
from api.permissions import IsAdmin
from core.errors import UserError as CoreUserError


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in user, or null when signed out.")
    def me(self, info: Info) -> User | None:
        if info.context.user is None and info.context.auth_error:
            raise CoreUserError(AccountErrorCode.UNAUTHENTICATED, info.context.auth_error)
        return User.from_core(info.context.user) if info.context.user else None

    @strawberry.field(
        description="A user's profile, by id or by @handle (with or without the @, any case). "
        "A handle changed lately still finds its owner: their current `handle` then differs "
        "from the one asked for, and a client should show the current one."
    )
    async def user(
        self, info: Info, id: strawberry.ID | None = None, handle: str | None = None
    ) -> User | None:
        db = info.context.db
        if id is not None:
            found = await accounts.get_user(db, str(id))
        elif handle is not None:
            found = await handles.user_by_handle(db, handle)
        else:
            raise CoreUserError(AccountErrorCode.REQUIRED, "Give an id or a handle.", "id")
        return User.from_core(found) if found else None

    @strawberry.field(permission_classes=[IsAdmin], description="All accounts (admin).")
    async def users(
        self, info: Info, role: Role | None = None, first: int = 20, after: str | None = None
    ) -> Connection[User]:
        page = await accounts.list_users(
            info.context.db,
            role,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
        )
        return connection(page, User.from_core)
