"""Every index the platform relies on, created at start-up (create_index is idempotent).

Unique indexes are not an optimisation here: they are how duplicate webhooks, redelivered tasks
and double clicks are made harmless without transactions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pymongo import ASCENDING, DESCENDING

from core.mongo import AsyncDB, SyncDB


@dataclass(frozen=True)
class Index:
    collection: str
    keys: list[tuple[str, int]]
    options: dict[str, Any] = field(default_factory=dict)


INDEXES: list[Index] = [
    Index("users", [("email", ASCENDING)], {"unique": True, "name": "email_unique"}),
    Index("users", [("role", ASCENDING), ("_id", DESCENDING)]),
]


def register(*indexes: Index) -> None:
    """Areas add their indexes at import; start-up creates whatever is registered."""
    for index in indexes:
        if index not in INDEXES:
            INDEXES.append(index)


async def ensure_indexes(db: AsyncDB) -> None:
    for index in INDEXES:
        await db[index.collection].create_index(index.keys, **index.options)


def ensure_indexes_sync(db: SyncDB) -> None:
    for index in INDEXES:
        db[index.collection].create_index(index.keys, **index.options)
