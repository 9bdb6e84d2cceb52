"""Documents read by id and kept decoded between requests, on the embedded store.

A feed page reads its twenty posts again for every shopper, and on the embedded store each read
copies every document out of the store and decodes it. `KeptDocuments` keeps what it decoded
and asks the store which documents were written since (`core.mongo.collection_changes`): only
those, and ids it has not seen, are read again. On MongoDB there is nothing to ask, and every
call is one `_id $in` query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from core.mongo import AsyncDB, Document, collection_changes, collection_version

T = TypeVar("T")

Version = tuple[str, int, int]


@dataclass
class _Kept(Generic[T]):
    version: Version
    items: dict[Any, T] = field(default_factory=dict)


class KeptDocuments(Generic[T]):
    """`decode` of documents of `collection` by id. What `decode` returns is shared between
    callers, so it must be immutable. At most `limit` are kept per store; past it, they are
    all dropped and kept again as they are read."""

    def __init__(
        self, collection: str, decode: Callable[[Document], T], *, limit: int = 10_000
    ) -> None:
        self.collection = collection
        self.decode = decode
        self.limit = limit
        self._stores: dict[str, _Kept[T]] = {}
        # Worker threads read too; the lock covers only dictionary work, never a read.
        self._lock = threading.Lock()

    async def get_many(self, db: AsyncDB, ids: Sequence[Any]) -> dict[Any, T]:
        """The documents among `ids` that exist, decoded, by id."""
        version = collection_version(db, self.collection)
        if version is None:
            return await self._read(db, ids)
        kept = self._caught_up(getattr(db, "name", ""), db, version)
        with self._lock:
            found = {i: kept.items[i] for i in ids if i in kept.items}
        missing = [i for i in dict.fromkeys(ids) if i not in found]
        if not missing:
            return found
        read = await self._read(db, missing)
        found.update(read)
        with self._lock:
            # Kept only if no catch-up ran since `version` was taken (before this read): a
            # write landing after the read is then among the changes the next call asks for.
            if kept.version == version:
                if len(kept.items) + len(read) > self.limit:
                    kept.items.clear()
                kept.items.update(read)
        return found

    def _caught_up(self, key: str, db: AsyncDB, version: Version) -> _Kept[T]:
        with self._lock:
            kept = self._stores.get(key)
            if kept is not None and kept.version == version:
                return kept
            changed = collection_changes(db, self.collection, kept.version) if kept else None
            if kept is None or changed is None:
                kept = self._stores[key] = _Kept(version)
                return kept
            for changed_id in changed:
                kept.items.pop(changed_id, None)
            kept.version = version
            return kept

    async def _read(self, db: AsyncDB, ids: Sequence[Any]) -> dict[Any, T]:
        if not ids:
            return {}
        documents = await db[self.collection].find({"_id": {"$in": list(ids)}}).to_list()
        return {doc["_id"]: self.decode(doc) for doc in documents}
