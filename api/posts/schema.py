"""Posts queries: one post, an author's (or everyone's) posts, the moderation queue. Resolvers
hand off to `posts.lifecycle`; the mutations are in `api.posts.mutations`."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.core.pagination import Connection
from api.permissions import IsAdmin
from api.posts.types import Post, post_connection
from posts import lifecycle as posts


@strawberry.type
class PostsQuery:
    @strawberry.field(description="A post, or null when it does not exist or is not visible.")
    async def post(self, info: Info, id: strawberry.ID) -> Post | None:
        ctx = info.context
        found = await posts.find_visible(ctx.db, ctx.user, str(id))
        return Post.from_core(found) if found is not None else None

    @strawberry.field(description="Newest first: one author's posts, or all published posts.")
    async def posts(
        self,
        info: Info,
        author_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Post]:
        ctx = info.context
        page = await posts.list_posts(
            ctx.db,
            ctx.user,
            str(author_id) if author_id is not None else None,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return await post_connection(info, page)

    @strawberry.field(
        permission_classes=[IsAdmin],
        description="Posts waiting for a decision: reported or likely reposts (admin), the "
        "heaviest weighted reports first, posts nobody reported last.",
    )
    async def moderation_queue(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Post]:
        ctx = info.context
        page = await posts.moderation_queue(
            ctx.db, first=first, after=after, maximum=ctx.settings.graphql_page_max
        )
        return await post_connection(info, page)
