"""Per-request DataLoaders of the posts area: a page of posts costs the same few round trips
(the page, its authors, the viewer's likes, the viewer's saves) whatever its length."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from accounts.users import User
from api.context import Context, Info
from commerce.products import Product, products_by_ids


def _users(context: Context) -> DataLoader[str, User | None]:
    async def load(ids: list[str]) -> list[User | None]:
        docs = await context.db.users.find(
            {"_id": {"$in": sorted(set(ids))}}, {"password_hash": 0}
        ).to_list()
        found = {doc["_id"]: User.from_doc(doc) for doc in docs}
        return [found.get(user_id) for user_id in ids]

    return DataLoader(load_fn=load)


def _viewer_marks(
    context: Context, collection: str, viewer_first: bool = False
) -> DataLoader[str, bool]:
    """Whether the signed-in viewer has a like (or save) on each post id, or follows each
    author id: those documents are keyed "<post>:<viewer>" and "<viewer>:<author>"."""

    async def load(ids: list[str]) -> list[bool]:
        viewer = context.user
        if viewer is None:
            return [False] * len(ids)
        keys = [f"{viewer.id}:{i}" if viewer_first else f"{i}:{viewer.id}" for i in ids]
        docs = (
            await context.db[collection]
            .find({"_id": {"$in": sorted(set(keys))}}, {"_id": 1})
            .to_list()
        )
        present = {doc["_id"] for doc in docs}
        return [key in present for key in keys]

    return DataLoader(load_fn=load)


def products_loader(context: Context) -> DataLoader[str, Product | None]:
    """Products by id; shared by every area under the one loader name "products"."""

    async def load(ids: list[str]) -> list[Product | None]:
        found = await products_by_ids(context.db, ids)
        return [found.get(product_id) for product_id in ids]

    return DataLoader(load_fn=load)


async def load_user(info: Info, user_id: str) -> User | None:
    loader: DataLoader[str, User | None] = info.context.loader("users_by_id", _users)
    return await loader.load(user_id)


async def _viewer_mark(info: Info, collection: str, target_id: str, viewer_first: bool) -> bool:
    if info.context.user is None:
        return False
    loader: DataLoader[str, bool] = info.context.loader(
        f"viewer_{collection}",
        lambda context: _viewer_marks(context, collection, viewer_first=viewer_first),
    )
    return await loader.load(target_id)


async def viewer_has_liked(info: Info, post_id: str) -> bool:
    return await _viewer_mark(info, "likes", post_id, viewer_first=False)


async def viewer_has_saved(info: Info, post_id: str) -> bool:
    return await _viewer_mark(info, "saves", post_id, viewer_first=False)


async def viewer_follows(info: Info, author_id: str) -> bool:
    return await _viewer_mark(info, "follows", author_id, viewer_first=True)


async def load_product(info: Info, product_id: str) -> Product | None:
    loader: DataLoader[str, Product | None] = info.context.loader("products", products_loader)
    return await loader.load(product_id)
