"""GraphQL types of saved collections: a collection, its looks and cover, its errors."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.accounts.dataloaders import load_user
from api.accounts.types import User
from api.collections import dataloaders
from api.context import Info
from api.core.pagination import Connection
from api.posts.dataloaders import load_published_posts
from api.posts.types import Post, PostImage, post_connection
from core.errors import UserError as CoreUserError
from core.ids import is_valid_id
from posts import collections
from posts.collection_error_codes import CollectionErrorCode

strawberry.enum(
    CollectionErrorCode,
    name="CollectionErrorCode",
    description="Why a collection request was refused.",
)


@strawberry.type(description="A problem with a collection request, for the person who sent it.")
class CollectionError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: CollectionErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> CollectionError:
        known = error.code in CollectionErrorCode._value2member_map_
        code = CollectionErrorCode(error.code) if known else CollectionErrorCode.INVALID
        return cls(field=error.field, code=code, message=error.message)


@strawberry.type(
    description="Saved looks sorted under a name. Private collections are seen by their "
    "owner only; public ones appear on the owner's profile."
)
class Collection:
    id: strawberry.ID
    name: str
    is_public: bool
    created_at: datetime
    updated_at: datetime
    _core: strawberry.Private[collections.Collection]

    @classmethod
    def from_core(cls, found: collections.Collection) -> Collection:
        return cls(
            id=strawberry.ID(found.id),
            name=found.name,
            is_public=found.is_public,
            created_at=found.created_at,
            updated_at=found.updated_at,
            _core=found,
        )

    @strawberry.field(description="Null when the account is gone.")
    async def owner(self, info: Info) -> User | None:
        user = await load_user(info, self._core.owner_id)
        return User.from_core(user) if user else None

    def _owned_by_viewer(self, info: Info) -> bool:
        viewer = info.context.user
        return viewer is not None and viewer.id == self._core.owner_id

    @strawberry.field(description="True when the signed-in viewer owns it.")
    def viewer_is_owner(self, info: Info) -> bool:
        return self._owned_by_viewer(info)

    @strawberry.field(description="Its looks that are still published.")
    async def post_count(self, info: Info) -> int:
        return (await dataloaders.load_stats(info, self._core.id)).post_count

    @strawberry.field(description="The photo of the latest look added; null when empty.")
    async def cover(self, info: Info) -> PostImage | None:
        cover_id = (await dataloaders.load_stats(info, self._core.id)).cover_post_id
        if cover_id is None:
            return None
        found = await load_published_posts(info, [cover_id])
        if not found or not found[0].images:
            return None
        return PostImage.from_core(found[0].images[0], info)

    @strawberry.field(
        description="Whether this look is in the collection (false for anyone but the owner)."
    )
    async def has_post(self, info: Info, post_id: strawberry.ID) -> bool:
        if not self._owned_by_viewer(info) or not is_valid_id(str(post_id), "post"):
            return False
        return await dataloaders.load_holds(info, self._core.id, str(post_id))

    @strawberry.field(description="Its published looks, the latest added first.")
    async def posts(
        self, info: Info, first: int = 24, after: str | None = None
    ) -> Connection[Post]:
        ctx = info.context
        page = await collections.collection_posts(
            ctx.db, self._core, first=first, after=after, maximum=ctx.settings.graphql_page_max
        )
        return await post_connection(info, page)
