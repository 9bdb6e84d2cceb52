"""Per-request DataLoaders of test drops: a page of drops costs a constant number of queries
for its products and their live sell-through, whatever its length."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.context import Context, Info
from feeds.drops import store as drops_store
from feeds.drops.store import DropProduct, Live


def drop_products_loader(context: Context) -> DataLoader[str, list[DropProduct]]:
    """Products per drop id, for a whole page of drops in one query."""

    async def load(ids: list[str]) -> list[list[DropProduct]]:
        by_drop = await drops_store.products_of_drops(context.db, ids)
        return [by_drop.get(i, []) for i in ids]

    return DataLoader(load_fn=load)


def live_loader(context: Context) -> DataLoader[str, Live]:
    """Sell-through computed now from orders and returns, with clicks and views."""

    async def load(ids: list[str]) -> list[Live]:
        found = await drops_store.live_of(context.db, context.settings, ids)
        return [found[i] for i in ids]

    return DataLoader(load_fn=load)


async def load_drop_products(info: Info, drop_id: str) -> list[DropProduct]:
    loader: DataLoader[str, list[DropProduct]] = info.context.dataloader(drop_products_loader)
    return await loader.load(drop_id)


async def load_live(info: Info, product_id: str) -> Live:
    loader: DataLoader[str, Live] = info.context.dataloader(live_loader)
    return await loader.load(product_id)
