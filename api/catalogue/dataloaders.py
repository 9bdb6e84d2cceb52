"""Per-request DataLoaders of the catalogue area (`info.context.dataloader(products_loader)`)."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.context import Context
from commerce.products import Product, products_by_ids


def products_loader(context: Context) -> DataLoader[str, Product | None]:
    """Products by id, for every area that shows one (tags, links, campaigns, drops)."""

    async def load(ids: list[str]) -> list[Product | None]:
        found = await products_by_ids(context.db, ids)
        return [found.get(product_id) for product_id in ids]

    return DataLoader(load_fn=load)
