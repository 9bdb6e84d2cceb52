"""Accounts mutations: sign up, log in, change the password, log out everywhere, edit a profile,
change a role. Each hands off to `accounts.users`."""

from __future__ import annotations

import strawberry

from accounts import handles
from accounts import users as accounts
from api.accounts.types import (
    AccountError,
    ChangeHandleInput,
    ChangePasswordInput,
    LogInInput,
    SetUserRoleInput,
    SignUpInput,
    UpdateProfileInput,
    User,
)
from api.context import Info
from api.core.errors import payload_errors_as
from api.permissions import IsAdmin, IsAuthenticated


@strawberry.type
class SignUpPayload:
    user: User | None = None
    token: str | None = strawberry.field(
        default=None, description="Bearer token for the new account."
    )
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class LogInPayload:
    user: User | None = None
    token: str | None = strawberry.field(
        default=None, description="Send as 'Authorization: Bearer …'."
    )
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class ChangePasswordPayload:
    user: User | None = None
    token: str | None = strawberry.field(
        default=None,
        description="A new bearer token for this session: every token made before is refused.",
    )
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class LogOutEverywherePayload:
    logged_out: bool = strawberry.field(
        default=False, description="True once every token of the account, this one too, is refused."
    )
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[AccountError] = strawberry.field(default_factory=list)


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Create a shopper account and sign it in.")
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        ctx = info.context
        user, errors = await payload_errors_as(
            lambda: accounts.sign_up(
                ctx.db,
                ctx.state.redis,
                ctx.settings,
                input.email,
                input.password,
                input.display_name,
                ctx.client_ip,
            ),
            AccountError.from_core,
        )
        if user is None:
            return SignUpPayload(errors=errors)
        await handles.ensure_handle(ctx.db, user.id, user.display_name)
        user = await accounts.get_user(ctx.db, user.id) or user
        ctx.user = user  # the payload is read by the account it is about
        return SignUpPayload(
            user=User.from_core(user), token=accounts.issue_token(ctx.settings, user)
        )

    @strawberry.mutation(description="Exchange email and password for a bearer token.")
    async def log_in(self, info: Info, input: LogInInput) -> LogInPayload:
        ctx = info.context
        user, errors = await payload_errors_as(
            lambda: accounts.log_in(
                ctx.db, ctx.state.redis, ctx.settings, input.email, input.password, ctx.client_ip
            ),
            AccountError.from_core,
        )
        if user is None:
            return LogInPayload(errors=errors)
        ctx.user = user  # the payload is read by the account it is about
        return LogInPayload(
            user=User.from_core(user), token=accounts.issue_token(ctx.settings, user)
        )

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Set a new password after checking the current one (counted like a log-in). "
        "Every other session of the account is logged out; use the token returned.",
    )
    async def change_password(
        self, info: Info, input: ChangePasswordInput
    ) -> ChangePasswordPayload:
        ctx = info.context
        user, errors = await payload_errors_as(
            lambda: accounts.change_password(
                ctx.db,
                ctx.state.redis,
                ctx.settings,
                ctx.require_user(),
                input.current_password,
                input.new_password,
                ctx.client_ip,
            ),
            AccountError.from_core,
        )
        if user is None:
            return ChangePasswordPayload(errors=errors)
        ctx.user = user
        return ChangePasswordPayload(
            user=User.from_core(user), token=accounts.issue_token(ctx.settings, user)
        )

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="End every session of the account, this one included: each token made so "
        "far is refused from now on.",
    )
    async def log_out_everywhere(self, info: Info) -> LogOutEverywherePayload:
        ctx = info.context
        user, errors = await payload_errors_as(
            lambda: accounts.log_out_everywhere(ctx.db, ctx.require_user()),
            AccountError.from_core,
        )
        return LogOutEverywherePayload(logged_out=user is not None, errors=errors)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UserPayload:
        ctx = info.context
        user, errors = await payload_errors_as(
            lambda: accounts.update_profile(
                ctx.db,
                ctx.require_user(),
                display_name=input.display_name,
                bio=input.bio,
                home_market=input.home_market.value if input.home_market else None,
            ),
            AccountError.from_core,
        )
        return UserPayload(user=User.from_core(user) if user else None, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Take a new @handle (TAKEN, RESERVED, INVALID, TOO_SHORT, TOO_LONG on "
        "`handle`). The old one keeps leading to you for a while (30 days by default), then "
        "anyone may take it.",
    )
    async def change_handle(self, info: Info, input: ChangeHandleInput) -> UserPayload:
        ctx = info.context
        user, errors = await payload_errors_as(
            lambda: handles.change_handle(ctx.db, ctx.settings, ctx.require_user(), input.handle),
            AccountError.from_core,
        )
        if user is not None:
            ctx.user = user
        return UserPayload(user=User.from_core(user) if user else None, errors=errors)

    @strawberry.mutation(permission_classes=[IsAdmin], description="Change a user's role (admin).")
    async def set_user_role(self, info: Info, input: SetUserRoleInput) -> UserPayload:
        ctx = info.context
        user, errors = await payload_errors_as(
            lambda: accounts.set_role(
                ctx.db, ctx.require_user(), str(input.user_id), input.role.value
            ),
            AccountError.from_core,
        )
        return UserPayload(user=User.from_core(user) if user else None, errors=errors)
