"""GraphQL types of the feeds area: style elements, trend lists and their charts' data, errors."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TypeAlias

import strawberry

from api.context import Info
from api.core.enums import Market
from api.core.pagination import Edge, PageInfo
from api.feeds import dataloaders as feeds_dataloaders
from api.posts import dataloaders as posts_dataloaders
from api.posts.types import Post
from core.errors import UserError as CoreUserError
from feeds import elements_store, trend_store
from feeds.elements_store import DayPoint
from feeds.error_codes import TrendErrorCode
from feeds.extraction_io import current_taxonomy
from feeds.sentiment_index import SentimentIndex
from feeds.taxonomy import Element as CoreElement
from feeds.taxonomy import Kind
from feeds.trends import TrendRow, designers_list
from feeds.trends import TrendState as CoreTrendState

strawberry.enum(Kind, name="ElementKind", description="What an element describes.")
strawberry.enum(
    CoreTrendState,
    name="TrendState",
    description="EMERGING: new and growing fast; RISING: growing; PEAKING: up on its baseline "
    "but no longer climbing; COOLING: sliding, fewer authors over the last two windows than "
    "before, a small but sustained fall; DECLINING: falling fast; STEADY: none of these.",
)
ElementKind: TypeAlias = Kind
TrendState: TypeAlias = CoreTrendState
strawberry.enum(
    TrendErrorCode,
    name="TrendErrorCode",
    description="Why a trends or feed request was refused. SESSION_EXPIRED on `after`: start "
    "the feed again from the top.",
)


@strawberry.type(description="A problem with a trends request, for the person who sent it.")
class TrendError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: TrendErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> TrendError:
        return cls(field=error.field, code=TrendErrorCode(error.code), message=error.message)


EXAMPLE_POSTS_MAX = 12


async def posts_by_id(info: Info, ids: list[str]) -> list[Post]:
    found = await posts_dataloaders.load_published_posts(info, ids)
    return [Post.from_core(post) for post in found]


# --- elements ------------------------------------------------------------------------------


@strawberry.type(description="Comments scored for sentiment in one language.")
class LanguageCount:
    language: str = strawberry.field(
        description='ISO 639-1 code (en, pt, es, de, fr, zh, ar), or "und" for emoji-only comments.'
    )
    comments: int


def language_counts(counts: Mapping[str, int]) -> list[LanguageCount]:
    """Most comments first, then by code."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [LanguageCount(language=code, comments=n) for code, n in ordered]


@strawberry.type(
    description="A market's comment sentiment over its last complete days: the posts it "
    "published then, every comment on them counted once."
)
class MarketSentiment:
    market: Market
    start: date = strawberry.field(description="First day, in the market's time zone.")
    end: date = strawberry.field(description="Last (complete) day, inclusive.")
    sentiment: float | None = strawberry.field(
        description="Mean comment sentiment, -1..1; null without any scored comment."
    )
    scored: int = strawberry.field(description="Comments scored, in all languages.")
    skipped: int = strawberry.field(
        description="Comments in a language we do not score, without emoji."
    )
    languages: list[LanguageCount] = strawberry.field(
        description="Comments scored per language, most first."
    )

    @classmethod
    def from_core(cls, index: SentimentIndex) -> MarketSentiment:
        return cls(
            market=Market(index.market),
            start=index.start,
            end=index.end,
            sentiment=index.figures.mean,
            scored=index.figures.scored,
            skipped=index.figures.skipped,
            languages=language_counts(index.figures.by_language),
        )


@strawberry.type(description="One day of an element in one market.")
class ElementDay:
    date: date
    posts: int
    authors: int = strawberry.field(description="Distinct authors that day.")
    likes: int
    saves: int
    comments: int
    engagement: int = strawberry.field(description="Likes + saves + comments.")
    orders: int = strawberry.field(description="Orders attributed to the day's posts.")
    sentiment: float | None = strawberry.field(
        description="Mean comment sentiment, -1..1, over comments in every language we score "
        "(null without any)."
    )
    sentiment_languages: list[LanguageCount] = strawberry.field(
        description="Comments scored for the sentiment, per language, most first."
    )
    sentiment_skipped: int = strawberry.field(
        description="Comments not scored: in a language we do not score, without emoji."
    )

    @classmethod
    def from_point(cls, point: DayPoint) -> ElementDay:
        return cls(
            date=point.day,
            posts=point.posts,
            authors=point.authors,
            likes=point.likes,
            saves=point.saves,
            comments=point.comments,
            engagement=point.engagement,
            orders=point.orders,
            sentiment=point.sentiment,
            sentiment_languages=language_counts(point.sentiment_langs),
            sentiment_skipped=point.sentiment_skipped,
        )


@strawberry.type(description="An element's daily series in one market, oldest day first.")
class ElementMarketHistory:
    market: Market
    days: list[ElementDay]


@strawberry.type(description="A style element of the taxonomy: a colour, pattern, item…")
class Element:
    id: strawberry.ID = strawberry.field(description='"<kind>/<slug>", e.g. "pattern/gingham".')
    kind: ElementKind
    name: str
    name_zh: str | None
    synonyms: list[str] = strawberry.field(description="English words and phrases.")
    synonyms_zh: list[str]
    hashtags: list[str]
    colour: str | None = strawberry.field(description="Reference sRGB colour of a colour element.")

    @classmethod
    def from_core(cls, element: CoreElement) -> Element:
        return cls(
            id=strawberry.ID(element.id),
            kind=element.kind,
            name=element.name,
            name_zh=element.name_zh,
            synonyms=list(element.synonyms_en),
            synonyms_zh=list(element.synonyms_zh),
            hashtags=list(element.hashtags),
            colour=element.srgb,
        )

    @strawberry.field(description="Whether the signed-in designer watches this element.")
    async def viewer_is_watching(self, info: Info) -> bool:
        return await feeds_dataloaders.viewer_is_watching(info, str(self.id))

    @strawberry.field(description="Daily series per market (every market, or one), full history.")
    async def history(
        self, info: Info, market: Market | None = None, since: date | None = None
    ) -> list[ElementMarketHistory]:
        series = await elements_store.element_history(
            info.context.db, str(self.id), market.value if market else None, since
        )
        return [
            ElementMarketHistory(
                market=Market(name), days=[ElementDay.from_point(p) for p in points]
            )
            for name, points in series.items()
        ]

    @strawberry.field(
        description="This element in the trend list of a market (all markets when null) and "
        "window: state, growth, sparkline and forecast. Null when it had no posts lately."
    )
    async def trend(
        self, info: Info, market: Market | None = None, window: int = trend_store.DEFAULT_WINDOW
    ) -> TrendingElement | None:
        snapshot = await feeds_dataloaders.load_trend_list(info, market, None, window)
        listed, others = designers_list(snapshot.rows, info.context.settings.trend_min_authors)
        for row in listed:
            if row.element_id == str(self.id):
                return TrendingElement.from_row(row, listed=True)
        for row in others:
            if row.element_id == str(self.id):
                return TrendingElement.from_row(row, listed=False)
        return None

    @strawberry.field(
        description="Recent published posts carrying this element, most engaged first."
    )
    async def example_posts(
        self, info: Info, market: Market | None = None, first: int = 6
    ) -> list[Post]:
        if first < 1 or first > EXAMPLE_POSTS_MAX:
            raise CoreUserError(
                TrendErrorCode.INVALID, f"Ask for between 1 and {EXAMPLE_POSTS_MAX} posts.", "first"
            )
        ids = await elements_store.recent_posts(
            info.context.db, str(self.id), market.value if market else None, first
        )
        return await posts_by_id(info, ids)


def element_for(info: Info, element_id: str) -> Element:
    found = current_taxonomy(info.context.settings).get(element_id)
    if found is not None:
        return Element.from_core(found)
    # An element since removed from the taxonomy still shows, under its id.
    kind, _, slug = element_id.partition("/")
    return Element(
        id=strawberry.ID(element_id),
        kind=Kind(kind),
        name=slug.replace("-", " ").capitalize(),
        name_zh=None,
        synonyms=[],
        synonyms_zh=[],
        hashtags=[],
        colour=None,
    )


# --- trend lists ---------------------------------------------------------------------------


@strawberry.type(description="A value on a day (a chart point).")
class DailyValue:
    date: date
    value: float


@strawberry.type(description="A forecast day with its prediction interval (80 % by default).")
class ForecastPoint:
    date: date
    expected: float
    lower: float
    upper: float


@strawberry.type(description="An element's place in a trend list.")
class TrendingElement:
    rank: int = strawberry.field(
        description="Place on the designers' list; an element not listed ranks after the "
        "listed ones."
    )
    listed: bool = strawberry.field(
        description="Whether the designers' list shows it: a state other than STEADY and at "
        "least TREND_MIN_AUTHORS distinct authors in the window."
    )
    score: float = strawberry.field(
        description="Emergence score: significant growth, acceleration."
    )
    state: TrendState
    growth_pct: float = strawberry.field(
        description="Growth of distinct authors over the baseline, shrunk at low counts (%)."
    )
    raw_growth_pct: float | None = strawberry.field(
        description="Unshrunk growth (%); null when the baseline is zero."
    )
    significance: float = strawberry.field(description="z statistic of the increase.")
    distinct_authors: int = strawberry.field(description="Distinct authors in the window.")
    capped_authors: float = strawberry.field(
        description="Authors in the window with each author's weight capped (what is ranked)."
    )
    baseline_authors: float = strawberry.field(description="Expected in the window from before.")
    posts: int = strawberry.field(description="Posts in the window.")
    engagement_lift: float = strawberry.field(
        description="Engagement per post over the market's average (1 = average)."
    )
    conversion_lift: float = strawberry.field(
        description="Attributed orders per post over the market's average (1 = average)."
    )
    sentiment: float | None = strawberry.field(description="Mean comment sentiment, -1..1.")
    sparkline: list[DailyValue] = strawberry.field(
        description="Capped distinct authors per day, the last 28 days."
    )
    sparkline_posts: list[DailyValue] = strawberry.field(description="Posts per day, same days.")
    forecast: list[ForecastPoint] = strawberry.field(
        description="Capped authors per day, the next 14 days, with an interval."
    )
    _element_id: strawberry.Private[str]
    _examples: strawberry.Private[list[str]]

    @classmethod
    def from_row(cls, row: TrendRow, *, listed: bool) -> TrendingElement:
        start = row.sparkline_start
        days = [date.fromordinal(start.toordinal() + i) for i in range(len(row.sparkline))]
        return cls(
            rank=row.rank,
            listed=listed,
            score=round(row.score, 4),
            state=row.state,
            growth_pct=round(row.growth_pct, 2),
            raw_growth_pct=None if row.raw_growth_pct is None else round(row.raw_growth_pct, 2),
            significance=round(row.significance, 3),
            distinct_authors=row.distinct_authors,
            capped_authors=round(row.authors, 3),
            baseline_authors=round(row.baseline_authors, 3),
            posts=row.posts,
            engagement_lift=round(row.engagement_lift, 3),
            conversion_lift=round(row.conversion_lift, 3),
            sentiment=None if row.sentiment is None else round(row.sentiment, 3),
            sparkline=[
                DailyValue(date=d, value=v) for d, v in zip(days, row.sparkline, strict=True)
            ],
            sparkline_posts=[
                DailyValue(date=d, value=float(v))
                for d, v in zip(days, row.sparkline_posts, strict=True)
            ],
            forecast=[
                ForecastPoint(date=p.day, expected=p.expected, lower=p.low, upper=p.high)
                for p in row.forecast
            ],
            _element_id=row.element_id,
            _examples=[str(post_id) for post_id in row.example_post_ids],
        )

    @strawberry.field
    def element(self, info: Info) -> Element:
        return element_for(info, self._element_id)

    @strawberry.field(description="The window's most engaged posts carrying the element.")
    async def example_posts(self, info: Info) -> list[Post]:
        return await posts_by_id(info, self._examples)


@strawberry.type(description="A page of a trend list, best emergence score first.")
class TrendingElementConnection:
    edges: list[Edge[TrendingElement]]
    page_info: PageInfo
    market: Market | None = strawberry.field(description="Null: every market pooled.")
    kind: ElementKind | None
    window: int = strawberry.field(description="Days compared with the baseline before them.")
    as_of: date = strawberry.field(description="The last (complete) day the list covers.")
    computed_at: datetime
    total_count: int

    @strawberry.field
    def nodes(self) -> list[TrendingElement]:
        return [edge.node for edge in self.edges]
