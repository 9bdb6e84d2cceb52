"""The links area's fields (its mutations: `mutations`)."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.core.pagination import Connection, connection
from api.links.types import ShoppableLink
from api.permissions import IsInfluencer
from commerce import linkstore


@strawberry.type
class LinksQuery:
    @strawberry.field(permission_classes=[IsInfluencer], description="Your links, newest first.")
    async def my_links(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[ShoppableLink]:
        ctx = info.context
        page = await linkstore.influencer_links(
            ctx.db,
            ctx.require_user().id,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, lambda link: ShoppableLink.from_core(link, link.url(ctx.settings)))
