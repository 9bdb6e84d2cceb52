"""Per-request DataLoaders of saved collections: a grid of collections costs one query for
their counts and covers, and the Save sheet one query for which of them hold the look."""

from __future__ import annotations

from collections import defaultdict

from strawberry.dataloader import DataLoader

from api.context import Context, Info
from posts import collections

__all__ = ["holding_loader", "load_holds", "load_stats", "stats_loader"]


def stats_loader(context: Context) -> DataLoader[str, collections.CollectionStats]:
    """Published looks and the cover look of each collection id."""

    async def load(ids: list[str]) -> list[collections.CollectionStats]:
        found = await collections.collection_stats(context.db, ids)
        return [found[cid] for cid in ids]

    return DataLoader(load_fn=load)


def holding_loader(context: Context) -> DataLoader[tuple[str, str], bool]:
    """Whether each (collection id, post id) pair is an entry."""

    async def load(keys: list[tuple[str, str]]) -> list[bool]:
        by_post: dict[str, list[str]] = defaultdict(list)
        for collection_id, post_id in keys:
            by_post[post_id].append(collection_id)
        held: set[tuple[str, str]] = set()
        for post_id, ids in by_post.items():
            held |= {(cid, post_id) for cid in await collections.holding(context.db, ids, post_id)}
        return [key in held for key in keys]

    return DataLoader(load_fn=load)


async def load_stats(info: Info, collection_id: str) -> collections.CollectionStats:
    loader: DataLoader[str, collections.CollectionStats] = info.context.dataloader(stats_loader)
    return await loader.load(collection_id)


async def load_holds(info: Info, collection_id: str, post_id: str) -> bool:
    loader: DataLoader[tuple[str, str], bool] = info.context.dataloader(holding_loader)
    return await loader.load((collection_id, post_id))
