"""Accounts: sign up, log in, the current user, profiles, roles."""

from __future__ import annotations

import strawberry

from accounts import users as accounts
from accounts.users import User as CoreUser
from api.accounts.types import (
    LogInInput,
    LogInPayload,
    SetUserRoleInput,
    SignUpInput,
    SignUpPayload,
    UpdateProfileInput,
    User,
    UserPayload,
)
from api.context import Info
from api.core.enums import Role
from api.core.errors import payload_errors
from api.core.pagination import Connection, paginate
from api.permissions import IsAdmin, IsAuthenticated
from core.errors import UserError as CoreUserError


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in user, or null when signed out.")
    def me(self, info: Info) -> User | None:
        if info.context.user is None and info.context.auth_error:
            raise CoreUserError("UNAUTHENTICATED", info.context.auth_error)
        return User.from_core(info.context.user) if info.context.user else None

    @strawberry.field(description="A user's public profile.")
    async def user(self, info: Info, id: strawberry.ID) -> User | None:
        found = await accounts.get_user(info.context.db, str(id))
        return User.from_core(found) if found else None

    @strawberry.field(permission_classes=[IsAdmin], description="All accounts (admin).")
    async def users(
        self, info: Info, role: Role | None = None, first: int = 20, after: str | None = None
    ) -> Connection[User]:
        query = {"role": role.value} if role else {}
        return await paginate(
            info.context.db,
            "users",
            query,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=lambda d: User.from_core(CoreUser.from_doc(d)),
            projection={"password_hash": 0},
        )


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Create a shopper account and sign it in.")
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        ctx = info.context
        user, errors = await payload_errors(
            lambda: accounts.sign_up(
                ctx.db, ctx.settings, input.email, input.password, input.display_name
            )
        )
        if user is None:
            return SignUpPayload(errors=errors)
        ctx.user = user  # the payload is read by the account it is about
        return SignUpPayload(
            user=User.from_core(user), token=accounts.issue_token(ctx.settings, user)
        )

    @strawberry.mutation(description="Exchange email and password for a bearer token.")
    async def log_in(self, info: Info, input: LogInInput) -> LogInPayload:
        ctx = info.context
        user, errors = await payload_errors(
            lambda: accounts.log_in(
                ctx.db, ctx.state.redis, ctx.settings, input.email, input.password, ctx.client_ip
            )
        )
        if user is None:
            return LogInPayload(errors=errors)
        ctx.user = user  # the payload is read by the account it is about
        return LogInPayload(
            user=User.from_core(user), token=accounts.issue_token(ctx.settings, user)
        )

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UserPayload:
        ctx = info.context
        user, errors = await payload_errors(
            lambda: accounts.update_profile(
                ctx.db,
                ctx.require_user(),
                display_name=input.display_name,
                bio=input.bio,
                home_market=input.home_market.value if input.home_market else None,
            )
        )
        return UserPayload(user=User.from_core(user) if user else None, errors=errors)

    @strawberry.mutation(permission_classes=[IsAdmin], description="Change a user's role (admin).")
    async def set_user_role(self, info: Info, input: SetUserRoleInput) -> UserPayload:
        ctx = info.context
        user, errors = await payload_errors(
            lambda: accounts.set_role(
                ctx.db, ctx.require_user(), str(input.user_id), input.role.value
            )
        )
        return UserPayload(user=User.from_core(user) if user else None, errors=errors)
