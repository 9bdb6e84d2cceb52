"""Per-request DataLoaders of the earnings area, each used as `info.context.dataloader(factory)`."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.context import Context
from commerce.earnings import post_captions


def post_captions_loader(context: Context) -> DataLoader[str, str | None]:
    """Each post's caption, to label the earnings of a post."""

    async def load(ids: list[str]) -> list[str | None]:
        found = await post_captions(context.db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)
