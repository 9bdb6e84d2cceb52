"""Per-request DataLoaders of the accounts area."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from accounts.users import User, users_by_ids
from api.context import Context, Info
from posts.social import published_counts


def users_loader(context: Context) -> DataLoader[str, User | None]:
    """Accounts by id: every author, brand or reader on a page in one query."""

    async def load(ids: list[str]) -> list[User | None]:
        found = await users_by_ids(context.db, ids)
        return [found.get(user_id) for user_id in ids]

    return DataLoader(load_fn=load)


async def load_user(info: Info, user_id: str) -> User | None:
    loader: DataLoader[str, User | None] = info.context.dataloader(users_loader)
    return await loader.load(user_id)


def post_counts_loader(context: Context) -> DataLoader[str, int]:
    """Published posts per author: every profile card on a page in one query."""

    async def load(ids: list[str]) -> list[int]:
        found = await published_counts(context.db, ids)
        return [found.get(user_id, 0) for user_id in ids]

    return DataLoader(load_fn=load)


async def load_users(info: Info, user_ids: list[str]) -> list[User | None]:
    loader: DataLoader[str, User | None] = info.context.dataloader(users_loader)
    return list(await loader.load_many(user_ids))


async def load_post_count(info: Info, user_id: str) -> int:
    loader: DataLoader[str, int] = info.context.dataloader(post_counts_loader)
    return await loader.load(user_id)
