"""Feeds queries: the designers' trend lists, elements and watches; the shoppers' ranked feed.

The mutations are in `api.feeds.mutations`. Resolvers hand off to `feeds.trend_store`,
`feeds.elements_store`, `feeds.watches` and `feeds.feed_store`.
"""

from __future__ import annotations

import strawberry

from api.context import Info
from api.core.enums import Market
from api.core.pagination import Connection, Edge, PageInfo, build_connection, connection
from api.feeds.dataloaders import load_designers_list
from api.feeds.types import (
    Element,
    ElementKind,
    MarketSentiment,
    TrendingElement,
    TrendingElementConnection,
    element_for,
)
from api.permissions import IsDesignerOrBrand
from api.posts.dataloaders import prefetch_page
from api.posts.types import Post
from core import clock
from core.errors import UserError
from core.paging import check_first, decode_cursor, encode_cursor
from core.settings import MARKETS
from feeds import feed_store, sentiment_index, trend_store, watches
from feeds.error_codes import TrendErrorCode
from feeds.extraction_io import current_taxonomy
from feeds.taxonomy import Element as CoreElement

SEARCH_MAX = 100


def _offset(after: str | None, scope: str) -> int:
    if after is None:
        return 0
    mark = decode_cursor(after)
    offset = mark.get("o")
    if mark.get("s") != scope or not isinstance(offset, int) or offset < 0:
        raise UserError(TrendErrorCode.INVALID_CURSOR, "That cursor is not valid.", "after")
    return offset


def _matches(element: CoreElement, needle: str) -> bool:
    haystack = (
        element.id,
        element.name,
        element.name_zh or "",
        *element.synonyms_en,
        *element.synonyms_zh,
        *element.hashtags,
    )
    return any(needle in text.casefold() for text in haystack)


@strawberry.type
class FeedsQuery:
    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="Elements ranked by emergence score in a market (all markets pooled when "
        "null), for a window of 7, 14 or 28 days. Recomputed every few minutes. Lists only "
        "elements in a state other than STEADY with at least TREND_MIN_AUTHORS (default 3) "
        "distinct authors in the window.",
    )
    async def trending_elements(
        self,
        info: Info,
        market: Market | None = None,
        kind: ElementKind | None = None,
        window: int = trend_store.DEFAULT_WINDOW,
        first: int = 20,
        after: str | None = None,
    ) -> TrendingElementConnection:
        check_first(first, info.context.settings.graphql_page_max)
        snapshot = await load_designers_list(info, market, kind, window)
        start = _offset(after, snapshot.key.id)
        rows = snapshot.rows[start : start + first]
        edges = [
            Edge(
                cursor=encode_cursor({"s": snapshot.key.id, "o": start + i + 1}),
                node=TrendingElement.from_row(row, listed=True),
            )
            for i, row in enumerate(rows)
        ]
        return TrendingElementConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=start + len(rows) < len(snapshot.rows),
                has_previous_page=start > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            market=market,
            kind=kind,
            window=window,
            as_of=snapshot.as_of,
            computed_at=snapshot.computed_at,
            total_count=len(snapshot.rows),
        )

    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="A market's comment sentiment over its last `days` complete days (1 to "
        "90), with the comments scored per language and those skipped.",
    )
    async def market_sentiment(self, info: Info, market: Market, days: int = 7) -> MarketSentiment:
        if not 1 <= days <= sentiment_index.MAX_DAYS:
            raise UserError(
                TrendErrorCode.INVALID,
                f"days must be between 1 and {sentiment_index.MAX_DAYS}.",
                "days",
            )
        index = await sentiment_index.market_sentiment(
            info.context.db, market.value, days, clock.now()
        )
        return MarketSentiment.from_core(index)

    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="An element with its full history, trend, forecast and example posts.",
    )
    def element(self, info: Info, id: strawberry.ID) -> Element | None:
        found = current_taxonomy(info.context.settings).get(str(id))
        return Element.from_core(found) if found is not None else None

    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="Browse the taxonomy: by kind, and/or a search over names, synonyms and "
        "hashtags.",
    )
    def elements(
        self,
        info: Info,
        kind: ElementKind | None = None,
        search: str | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[Element]:
        check_first(first, info.context.settings.graphql_page_max)
        needle = (search or "").strip().casefold()
        if len(needle) > SEARCH_MAX:
            raise UserError(
                TrendErrorCode.TOO_LONG, f"Search for at most {SEARCH_MAX} characters.", "search"
            )
        taxonomy = current_taxonomy(info.context.settings)
        chosen = taxonomy.by_kind(kind) if kind is not None else tuple(taxonomy)
        found = [e for e in chosen if not needle or _matches(e, needle)]
        scope = f"{kind.value if kind else '*'}|{needle}"
        start = _offset(after, scope)
        page = found[start : start + first]
        return build_connection(
            [Element.from_core(e) for e in page],
            [encode_cursor({"s": scope, "o": start + i + 1}) for i in range(len(page))],
            has_next=start + len(page) < len(found),
            has_previous=start > 0,
        )

    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="The elements the signed-in user watches, latest first.",
    )
    async def watched_elements(
        self, info: Info, first: int = 50, after: str | None = None
    ) -> Connection[Element]:
        ctx = info.context
        user = ctx.require_user()
        page = await watches.list_watches(
            ctx.db, user.id, first=first, after=after, maximum=ctx.settings.graphql_page_max
        )
        return connection(page, lambda watch: element_for(info, watch.element_id))

    @strawberry.field(
        description="The ranked feed: a signed-in shopper's own (followed authors, trending "
        "posts, the styles they engage with, fresh posts), or for visitors the market's "
        "popular feed. Cursors stay valid for 30 minutes of scrolling; a page never repeats "
        "or skips a post. SESSION_EXPIRED on `after` means: start again from the top."
    )
    async def feed(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        market: Market | None = None,
    ) -> Connection[Post]:
        ctx = info.context
        user = ctx.user
        chosen = market.value if market else (user.home_market if user else None)
        page = await feed_store.feed_page(
            ctx.db,
            ctx.state.redis,
            ctx.settings,
            shopper_id=user.id if user else None,
            market=chosen if chosen in MARKETS else "US",
            first=first,
            after=after,
        )
        found = await feed_store.load_page_posts(ctx.db, page.post_ids, user.id if user else None)
        await prefetch_page(info, found)
        cursors = {item.post_id: item.cursor for item in page.items}
        edges = [Edge(cursor=cursors[post.id], node=Post.from_core(post)) for post in found]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.start_cursor,
                end_cursor=page.end_cursor,
            ),
        )
