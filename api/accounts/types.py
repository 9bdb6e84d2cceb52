"""GraphQL types of the accounts area."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from accounts import handles
from accounts.error_codes import AccountErrorCode
from accounts.users import User as CoreUser
from api.accounts import dataloaders
from api.context import Info
from api.core.eager import later
from api.core.enums import Market, Role
from api.core.pagination import Connection, build_connection
from api.permissions import IsSelfOrAdmin
from core.errors import UserError as CoreUserError
from core.paging import Page
from posts import lifecycle, social

if TYPE_CHECKING:
    from api.collections.types import Collection
    from api.posts.types import Post

strawberry.enum(
    AccountErrorCode,
    name="AccountErrorCode",
    description="Why a sign-up, log-in, profile or role change was refused.",
)


@strawberry.type(description="A person on the platform.")
class User:
    id: strawberry.ID
    display_name: str
    bio: str
    avatar_url: str | None
    home_market: Market | None
    role: Role
    created_at: datetime
    follower_count: int = strawberry.field(description="People who follow them.")
    following_count: int = strawberry.field(description="People they follow.")
    _email: strawberry.Private[str]
    _core: strawberry.Private[CoreUser]

    @strawberry.field(permission_classes=[IsSelfOrAdmin], description="Owner and admins only.")
    def email(self) -> str:
        return self._email

    @strawberry.field(
        description="Their @handle without the @ (lowercase a-z, 0-9, '.', '_'); the profile "
        "is at /u/{handle}."
    )
    def handle(self, info: Info) -> str:
        if self._core.handle:
            return self._core.handle
        # Accounts made outside sign-up, the seed and the start-up backfill get one now.
        return later(handles.ensure_handle(info.context.db, self._core.id, self._core.display_name))

    @strawberry.field(description="Their published posts.")
    async def post_count(self, info: Info) -> int:
        return await dataloaders.load_post_count(info, self._core.id)

    @strawberry.field(
        description="Whether the signed-in viewer follows them; null when signed out and on "
        "one's own account."
    )
    def viewer_follows(self, info: Info) -> bool | None:
        viewer = info.context.user
        if viewer is None or viewer.id == self._core.id:
            return None
        from api.posts.dataloaders import viewer_follows

        return viewer_follows(info, self._core.id)

    @strawberry.field(
        description="Newest first, as `posts(authorId:)` shows them: published ones to others, "
        "every state to the author and admins."
    )
    async def posts(
        self, info: Info, first: int = 12, after: str | None = None
    ) -> Connection[Annotated[Post, strawberry.lazy("api.posts.types")]]:
        from api.posts.types import post_connection

        ctx = info.context
        page = await lifecycle.list_posts(
            ctx.db,
            ctx.user,
            self._core.id,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return await post_connection(info, page)

    @strawberry.field(
        description="Their collections of saved looks, the newest first: every one to "
        "themselves, only public ones to everybody else."
    )
    async def collections(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Annotated[Collection, strawberry.lazy("api.collections.types")]]:
        from api.collections.schema import person_collections

        return await person_collections(info, self._core.id, first, after)

    @strawberry.field(description="People who follow them, the latest first.")
    async def followers(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[User]:
        ctx = info.context
        page = await social.followers_page(
            ctx.db,
            self._core.id,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return await _people(info, page)

    @strawberry.field(description="People they follow, the latest first.")
    async def following(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[User]:
        ctx = info.context
        page = await social.following_page(
            ctx.db,
            self._core.id,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return await _people(info, page)

    @classmethod
    def from_core(cls, user: CoreUser) -> User:
        return cls(
            id=strawberry.ID(user.id),
            display_name=user.display_name,
            bio=user.bio,
            avatar_url=user.avatar_url,
            home_market=Market(user.home_market) if user.home_market else None,
            role=user.role,
            created_at=user.created_at,
            follower_count=user.follower_count,
            following_count=user.following_count,
            _email=user.email,
            _core=user,
        )


async def _people(info: Info, page: Page[str]) -> Connection[User]:
    """A page of user ids as users (one query for the page); accounts gone since are left out."""
    found = await dataloaders.load_users(info, page.items)
    kept = [(user, cursor) for user, cursor in zip(found, page.cursors, strict=True) if user]
    return build_connection(
        [User.from_core(user) for user, _ in kept],
        [cursor for _, cursor in kept],
        has_next=page.has_next,
        has_previous=page.has_previous,
    )


@strawberry.type(description="A problem with an accounts request, for the person who sent it.")
class AccountError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: AccountErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> AccountError:
        return cls(field=error.field, code=AccountErrorCode(error.code), message=error.message)


@strawberry.input
class SignUpInput:
    email: str
    password: str
    display_name: str


@strawberry.input
class LogInInput:
    email: str
    password: str


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.input
class UpdateProfileInput:
    display_name: str | None = None
    bio: str | None = None
    home_market: Market | None = None


@strawberry.input
class ChangeHandleInput:
    handle: str = strawberry.field(description='The new handle; a leading "@" is dropped.')


@strawberry.input
class SetUserRoleInput:
    user_id: strawberry.ID
    role: Role
