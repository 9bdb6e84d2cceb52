"""Per-request DataLoaders of the links area (`info.context.dataloader(links_loader)`)."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.context import Context
from commerce.linkstore import Link, links_by_ids, order_counts


def links_loader(context: Context) -> DataLoader[str, Link | None]:
    async def load(ids: list[str]) -> list[Link | None]:
        found = await links_by_ids(context.db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def link_orders_loader(context: Context) -> DataLoader[str, int]:
    """How many orders were credited to each link."""

    async def load(ids: list[str]) -> list[int]:
        counts = await order_counts(context.db, ids)
        return [counts.get(i, 0) for i in ids]

    return DataLoader(load_fn=load)
