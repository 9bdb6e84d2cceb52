"""Per-request DataLoaders of the posts area: a page of posts costs the same few round trips
(the page, its authors, the viewer's likes, the viewer's saves; for an admin's moderation queue,
the open reports) whatever its length. `prefetch_page` makes those round trips before the page
is resolved, so its posts' fields answer without awaiting (`api.core.eager`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from strawberry.dataloader import DataLoader

from api.accounts.dataloaders import users_loader
from api.catalogue.dataloaders import products_loader
from api.context import Context, Info
from api.core.eager import load_all, node_paths, now_or_later, selected_paths
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
    "prefetch_page",
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


def _viewer_mark(info: Info, factory: Callable[[Context], DataLoader[str, bool]], key: str) -> bool:
    if info.context.user is None:
        return False
    return now_or_later(info.context.dataloader(factory), key, bool)


def viewer_has_liked(info: Info, post_id: str) -> bool:
    """Now when `prefetch_page` loaded it, else awaited by the executor (`api.core.eager`)."""
    return _viewer_mark(info, liked_loader, post_id)


def viewer_has_saved(info: Info, post_id: str) -> bool:
    """Now when `prefetch_page` loaded it, else awaited by the executor (`api.core.eager`)."""
    return _viewer_mark(info, saved_loader, post_id)


def viewer_follows(info: Info, author_id: str) -> bool:
    """Now when `prefetch_page` loaded it, else awaited by the executor (`api.core.eager`)."""
    return _viewer_mark(info, follows_loader, author_id)


async def load_published_posts(info: Info, ids: list[str]) -> list[Post]:
    loader: DataLoader[str, Post | None] = info.context.dataloader(published_posts_loader)
    return [post for post in await loader.load_many(ids) if post is not None]


async def load_open_reports(info: Info, post_id: str) -> list[social.OpenReport]:
    loader: DataLoader[str, list[social.OpenReport]] = info.context.dataloader(open_reports_loader)
    return await loader.load(post_id)


async def load_product(info: Info, product_id: str) -> Product | None:
    loader: DataLoader[str, Product | None] = info.context.dataloader(products_loader)
    return await loader.load(product_id)


async def prefetch_page(info: Info, posts: Sequence[Post]) -> None:
    """Fill this request's loaders with what the query asks of a connection of `posts`: their
    authors and partner brands, the viewer's likes, saves and follows, the tagged products.
    One round trip per loader, as the fields would have made; nothing the query does not ask."""
    if not posts:
        return
    asked = node_paths(selected_paths(info))
    context = info.context
    ids = [post.id for post in posts]
    authors = sorted({post.author_id for post in posts})
    users: set[str] = set()
    loads: list[Awaitable[object]] = []
    if "author" in asked:
        users.update(authors)
    if "partnerBrand" in asked:
        users.update(post.campaign_brand_id for post in posts if post.campaign_brand_id)
    if users:
        loads.append(context.dataloader(users_loader).load_many(sorted(users)))
    if context.user is not None:
        if "viewerHasLiked" in asked:
            loads.append(context.dataloader(liked_loader).load_many(ids))
        if "viewerHasSaved" in asked:
            loads.append(context.dataloader(saved_loader).load_many(ids))
        if "author.viewerFollows" in asked or "viewerFollowsAuthor" in asked:
            others = [a for a in authors if a != context.user.id]
            loads.append(context.dataloader(follows_loader).load_many(others))
    if "productTags.product" in asked or "productTags.shopUrl" in asked:
        products = sorted({tag.product_id for post in posts for tag in post.product_tags})
        if products:
            loads.append(context.dataloader(products_loader).load_many(products))
    await load_all(loads)
