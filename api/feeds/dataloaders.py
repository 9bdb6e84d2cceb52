"""Per-request loaders of the feeds area: whether the viewer watches each element, and the
trend lists, each read once per request whichever fields ask for it."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.context import Context, Info
from api.core.enums import Market
from api.feeds.export import check_list
from feeds import trend_store, watches
from feeds.extraction_io import current_taxonomy
from feeds.taxonomy import Kind
from feeds.trend_store import Snapshot


def watching_loader(context: Context) -> DataLoader[str, bool]:
    """Whether the signed-in viewer watches each element id."""

    async def load(element_ids: list[str]) -> list[bool]:
        user = context.user
        if user is None:
            return [False] * len(element_ids)
        watched = await watches.watched_among(context.db, user.id, element_ids)
        return [element_id in watched for element_id in element_ids]

    return DataLoader(load_fn=load)


async def viewer_is_watching(info: Info, element_id: str) -> bool:
    loader: DataLoader[str, bool] = info.context.dataloader(watching_loader)
    return await loader.load(element_id)


async def load_trend_list(
    info: Info, market: Market | None, kind: Kind | None, window: int
) -> Snapshot:
    """A trend list, read once per request whichever fields ask for it."""
    ctx = info.context
    list_key = check_list(market.value if market else None, kind.value if kind else None, window)
    cache: dict[str, Snapshot] = ctx.loaders.setdefault("trend_lists", {})
    if list_key.id not in cache:
        version = current_taxonomy(ctx.settings).version
        cache[list_key.id] = await trend_store.current_list(
            ctx.db, ctx.state.redis, ctx.settings, list_key, version
        )
    return cache[list_key.id]


async def load_designers_list(
    info: Info, market: Market | None, kind: Kind | None, window: int
) -> Snapshot:
    """The trend list as designers see it: listed rows only, ranked 1..n
    (`feeds.trend_store.designers_view` with `TREND_MIN_AUTHORS`)."""
    snapshot = await load_trend_list(info, market, kind, window)
    cache: dict[str, Snapshot] = info.context.loaders.setdefault("designers_lists", {})
    if snapshot.key.id not in cache:
        minimum = info.context.settings.trend_min_authors
        cache[snapshot.key.id] = trend_store.designers_view(snapshot, minimum)
    return cache[snapshot.key.id]
