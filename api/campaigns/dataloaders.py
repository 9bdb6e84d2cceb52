"""Per-request DataLoaders of the campaigns area (`info.context.dataloader(campaigns_loader)`)."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.context import Context
from commerce.campaigns import Campaign, campaigns_by_ids


def campaigns_loader(context: Context) -> DataLoader[str, Campaign | None]:
    async def load(ids: list[str]) -> list[Campaign | None]:
        found = await campaigns_by_ids(context.db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)
