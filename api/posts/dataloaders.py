"""Per-request DataLoaders of the posts area: a page of posts costs the same few round trips
(the page, its authors, the viewer's likes, the viewer's saves; for an admin's moderation queue,
the open reports) whatever its length."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from strawberry.dataloader import DataLoader

from api.catalogue.dataloaders import products_loader
from api.context import Context, Info
from commerce.products import Product
from core.mongo import AsyncDB
from posts import social
from posts.lifecycle import Post, published_by_ids

__all__ = [
    "follows_loader",
    "liked_loader",
    "load_open_reports",
    "load_product",
    "load_published_posts",
    "open_reports_loader",
    "published_posts_loader",
    "saved_loader",
    "viewer_follows",
    "viewer_has_liked",
    "viewer_has_saved",
]

Among = Callable[[AsyncDB, str, Sequence[str]], Awaitable[set[str]]]


def _viewer_marks(context: Context, among: Among) -> DataLoader[str, bool]:
    async def load(ids: list[str]) -> list[bool]:
        viewer = context.user
        if viewer is None:
            return [False] * len(ids)
        marked = await among(context.db, viewer.id, ids)
        return [i in marked for i in ids]

    return DataLoader(load_fn=load)


def liked_loader(context: Context) -> DataLoader[str, bool]:
    """Whether the signed-in viewer likes each post id."""
    return _viewer_marks(context, social.liked_among)


def saved_loader(context: Context) -> DataLoader[str, bool]:
    """Whether the signed-in viewer has saved each post id."""
    return _viewer_marks(context, social.saved_among)


def follows_loader(context: Context) -> DataLoader[str, bool]:
    """Whether the signed-in viewer follows each author id."""
    return _viewer_marks(context, social.followed_among)


def open_reports_loader(context: Context) -> DataLoader[str, list[social.OpenReport]]:
    """The open reports on each post: a page of the moderation queue in one query."""

    async def load(ids: list[str]) -> list[list[social.OpenReport]]:
        found = await social.open_reports(context.db, ids)
        return [found.get(post_id, []) for post_id in ids]

    return DataLoader(load_fn=load)


def published_posts_loader(context: Context) -> DataLoader[str, Post | None]:
    """Published posts by id: every example post on a page in one query."""

    async def load(ids: list[str]) -> list[Post | None]:
        found = await published_by_ids(context.db, ids)
        return [found.get(post_id) for post_id in ids]

    return DataLoader(load_fn=load)


async def viewer_has_liked(info: Info, post_id: str) -> bool:
    if info.context.user is None:
        return False
    loader: DataLoader[str, bool] = info.context.dataloader(liked_loader)
    return await loader.load(post_id)


async def viewer_has_saved(info: Info, post_id: str) -> bool:
    if info.context.user is None:
        return False
    loader: DataLoader[str, bool] = info.context.dataloader(saved_loader)
    return await loader.load(post_id)


async def viewer_follows(info: Info, author_id: str) -> bool:
    if info.context.user is None:
        return False
    loader: DataLoader[str, bool] = info.context.dataloader(follows_loader)
    return await loader.load(author_id)


async def load_published_posts(info: Info, ids: list[str]) -> list[Post]:
    loader: DataLoader[str, Post | None] = info.context.dataloader(published_posts_loader)
    return [post for post in await loader.load_many(ids) if post is not None]


async def load_open_reports(info: Info, post_id: str) -> list[social.OpenReport]:
    loader: DataLoader[str, list[social.OpenReport]] = info.context.dataloader(open_reports_loader)
    return await loader.load(post_id)


async def load_product(info: Info, product_id: str) -> Product | None:
    loader: DataLoader[str, Product | None] = info.context.dataloader(products_loader)
    return await loader.load(product_id)
