"""Explore queries for shoppers (and every role; visitors too, since all of it is public): a
hashtag's page, a style element's page, a market's trending strip, and search. Resolvers hand
off to `feeds.looks`, `feeds.trending_tags`, `feeds.feed_store` and `feeds.search`."""

from __future__ import annotations

import unicodedata

import strawberry

from api.accounts.types import User
from api.catalogue.types import Product
from api.context import Info
from api.core.enums import Market
from api.explore.types import Hashtag, SearchKind, SearchResults, StyleElement, TrendingStrip
from core import clock
from core.errors import UserError
from core.settings import MARKETS
from feeds import feed_store, trending_tags
from feeds.extraction_io import current_taxonomy
from feeds.search import query_io
from feeds.search.terms import SearchErrorCode
from posts.post_input import parse_hashtags


def clean_tag(typed: str) -> str:
    """The tag as posts store it ("#Été" → "été"), or a user error on `tag`."""
    # NFKC first, so a full-width number sign typed in front is one "#" too.
    found = parse_hashtags("#" + unicodedata.normalize("NFKC", typed).strip().lstrip("#"))
    if len(found) != 1:
        raise UserError(SearchErrorCode.INVALID, "That is not a hashtag.", "tag")
    return found[0]


@strawberry.type
class ExploreQuery:
    @strawberry.field(description="A hashtag's page: its published looks and their count.")
    def hashtag(self, tag: str) -> Hashtag:
        return Hashtag(tag=clean_tag(tag))

    @strawberry.field(
        description='A style element by id ("<kind>/<slug>"), or null when there is none.'
    )
    def style_element(self, info: Info, id: strawberry.ID) -> StyleElement | None:
        found = current_taxonomy(info.context.settings).get(str(id))
        return StyleElement.from_core(found) if found is not None else None

    @strawberry.field(
        description="The market's trending style elements and hashtags (the viewer's home "
        "market, else US, when none is given). Read from the stored trend list and a cache."
    )
    async def explore_trending(self, info: Info, market: Market | None = None) -> TrendingStrip:
        ctx = info.context
        home = ctx.user.home_market if ctx.user else None
        chosen = market.value if market else (home if home in MARKETS else "US")
        taxonomy = current_taxonomy(ctx.settings)
        element_ids = await feed_store.trending_elements(ctx.db, chosen)
        tags = await trending_tags.trending_hashtags(
            ctx.db, ctx.state.redis, ctx.settings, chosen, clock.now()
        )
        return TrendingStrip(
            market=Market(chosen),
            elements=[
                StyleElement.from_core(taxonomy[element_id])
                for element_id in element_ids
                if element_id in taxonomy
            ],
            hashtags=[Hashtag(tag=t.tag) for t in tags],
        )

    @strawberry.field(
        description="People (handle, display name), hashtags, products (title, SKU) and style "
        "elements whose words start with what was typed, whatever the case or accents, in any "
        'script ("zoe" finds Zoé, "碎花" finds 碎花连衣裙). All kinds when `kinds` is empty. '
        "EMPTY_QUERY or TOO_LONG (over 64 characters) on `query`."
    )
    async def search(
        self,
        info: Info,
        query: str,
        kinds: list[SearchKind] | None = None,
        first: int = 5,
    ) -> SearchResults:
        ctx = info.context
        found = await query_io.search(
            ctx.db, current_taxonomy(ctx.settings), query, kinds or [], first
        )
        return SearchResults(
            query=found.query,
            people=[User.from_core(user) for user in found.people],
            hashtags=[Hashtag(tag=hit.tag, _count=hit.post_count) for hit in found.hashtags],
            products=[Product.from_core(product) for product in found.products],
            elements=[StyleElement.from_core(element) for element in found.elements],
        )
