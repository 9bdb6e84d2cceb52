"""Saved-looks queries: the viewer's saved looks, their collections, one collection, and a
person's collections (`User.collections` hands off here). Resolvers hand off to
`posts.collections`; the mutations are in `api.collections.mutations`."""

from __future__ import annotations

import strawberry

from api.collections.types import Collection
from api.context import Info
from api.core.pagination import Connection, connection
from api.permissions import IsAuthenticated
from api.posts.types import Post, post_connection
from posts import collections


async def person_collections(
    info: Info, owner_id: str, first: int, after: str | None
) -> Connection[Collection]:
    """A person's collections as the viewer may see them (all to the owner, else public)."""
    ctx = info.context
    page = await collections.list_collections(
        ctx.db, ctx.user, owner_id, first=first, after=after, maximum=ctx.settings.graphql_page_max
    )
    return connection(page, Collection.from_core)


@strawberry.type
class CollectionsQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The viewer's saved looks that are still published, the latest save first.",
    )
    async def saved_posts(
        self, info: Info, first: int = 24, after: str | None = None
    ) -> Connection[Post]:
        ctx = info.context
        page = await collections.saved_posts(
            ctx.db,
            ctx.require_user(),
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return await post_connection(info, page)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The viewer's collections, private and public, the newest first.",
    )
    async def my_collections(
        self, info: Info, first: int = 50, after: str | None = None
    ) -> Connection[Collection]:
        return await person_collections(info, info.context.require_user().id, first, after)

    @strawberry.field(
        description="A collection: a public one for anyone, a private one for its owner only. "
        "Missing and private collections alike are a NOT_FOUND error."
    )
    async def collection(self, info: Info, id: strawberry.ID) -> Collection | None:
        ctx = info.context
        found = await collections.get_visible(ctx.db, ctx.user, str(id))
        return Collection.from_core(found)
