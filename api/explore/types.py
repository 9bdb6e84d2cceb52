"""GraphQL types of Explore: hashtags and style elements with their looks, a market's trending
strip, and search results."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from api.accounts.types import User
from api.catalogue.types import Product
from api.context import Info
from api.core.enums import Market
from api.core.pagination import Connection
from api.feeds.types import ElementKind
from api.posts.types import Post, post_connection
from feeds import looks
from feeds.looks import LookOrder as CoreLookOrder
from feeds.search.query_io import SearchKind as CoreSearchKind
from feeds.search.terms import SearchErrorCode
from feeds.taxonomy import Element as CoreElement

strawberry.enum(
    CoreLookOrder,
    name="LookOrder",
    description="TOP: the most engaged of the newest looks; RECENT: newest first.",
)
strawberry.enum(CoreSearchKind, name="SearchKind", description="What a search looks for.")
strawberry.enum(
    SearchErrorCode,
    name="SearchErrorCode",
    description="Why an Explore or search request was refused (on the error's `code`).",
)
LookOrder: TypeAlias = CoreLookOrder
SearchKind: TypeAlias = CoreSearchKind


@strawberry.type(description="A hashtag and the published looks that carry it.")
class Hashtag:
    tag: str = strawberry.field(description='Without the "#", as stored (case-folded).')
    _count: strawberry.Private[int | None] = None

    @strawberry.field(description="Published posts carrying it.")
    async def post_count(self, info: Info) -> int:
        if self._count is not None:
            return self._count
        return await looks.hashtag_post_count(info.context.db, self.tag)

    @strawberry.field(description="Its published looks, TOP or RECENT.")
    async def looks(
        self,
        info: Info,
        order: LookOrder = CoreLookOrder.TOP,
        first: int = 12,
        after: str | None = None,
    ) -> Connection[Post]:
        ctx = info.context
        page = await looks.hashtag_looks(
            ctx.db, self.tag, order, first=first, after=after, maximum=ctx.settings.graphql_page_max
        )
        return await post_connection(info, page)


@strawberry.type(description="A style element as shoppers see it: its names, tags and looks.")
class StyleElement:
    id: strawberry.ID = strawberry.field(description='"<kind>/<slug>", e.g. "pattern/floral".')
    kind: ElementKind
    slug: str
    name: str
    name_zh: str | None
    colour: str | None = strawberry.field(description="Reference sRGB colour of a colour.")
    hashtags: list[Hashtag] = strawberry.field(description='Its hashtag forms, without "#".')

    @classmethod
    def from_core(cls, element: CoreElement) -> StyleElement:
        return cls(
            id=strawberry.ID(element.id),
            kind=element.kind,
            slug=element.slug,
            name=element.name,
            name_zh=element.name_zh,
            colour=element.srgb,
            hashtags=[Hashtag(tag=tag.lstrip("#")) for tag in element.hashtags],
        )

    @strawberry.field(description="Published looks carrying it: in one market, or all.")
    async def looks(
        self,
        info: Info,
        order: LookOrder = CoreLookOrder.TOP,
        market: Market | None = None,
        first: int = 12,
        after: str | None = None,
    ) -> Connection[Post]:
        ctx = info.context
        page = await looks.element_looks(
            ctx.db,
            str(self.id),
            market.value if market else None,
            order,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return await post_connection(info, page)


@strawberry.type(description="What is rising in a market: style elements and hashtags.")
class TrendingStrip:
    market: Market
    elements: list[StyleElement] = strawberry.field(
        description="Elements emerging, rising or peaking in the market's 7-day trend list."
    )
    hashtags: list[Hashtag] = strawberry.field(
        description="Tags used by the most authors on the market's looks of the last 7 days."
    )


@strawberry.type(description="What a search found, up to `first` of each kind asked for.")
class SearchResults:
    query: str = strawberry.field(description="The query as it was matched (folded).")
    people: list[User]
    hashtags: list[Hashtag]
    products: list[Product]
    elements: list[StyleElement]
