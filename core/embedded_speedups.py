"""Makes the embedded (mongomock) store scale like a database on two hot paths.

mongomock answers every query by scanning the whole collection, including lookups by `_id`,
and checks unique indexes by scanning again for each write. The platform's writes are mostly
"$inc this counter on the document with this _id" and "insert unless this key exists", so both
turn quadratic as collections grow (a demo world, a click drain). Two narrow fixes, applied once
to the embedded client's classes:

- a filter that pins `_id` to one value (or an `$in` list) visits only those documents;
- a unique index is checked through a value → ids map kept beside the collection. Entries are
  only candidates: each is re-verified against the stored document, so a stale entry (an update
  in place, a delete, a rollback) can never cause a false duplicate, and every write that must be
  checked passes through here and records its current values, so none is missed.

Anything else falls back to mongomock's own behaviour. Real MongoDB never comes near this.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from typing import Any

from bson import ObjectId
from mongomock import DuplicateKeyError, filtering, helpers
from mongomock.collection import Collection

_Scalar = (str, int, float, ObjectId, bytes)
_applied = False
_lock = threading.Lock()
# store → index name → (key spec, value tuple → candidate ids)
_maps: weakref.WeakKeyDictionary[Any, dict[str, tuple[Any, dict[Hashable, set[Any]]]]] = (
    weakref.WeakKeyDictionary()
)
_MISSING = object()


def pinned_ids(filter: Any) -> list[Any] | None:
    if not isinstance(filter, dict) or "_id" not in filter:
        return None
    wanted = filter["_id"]
    if isinstance(wanted, _Scalar) and not isinstance(wanted, bool):
        return [wanted]
    if (
        isinstance(wanted, dict)
        and set(wanted) == {"$in"}
        and isinstance(wanted["$in"], list)
        and all(isinstance(v, _Scalar) and not isinstance(v, bool) for v in wanted["$in"])
    ):
        return list(dict.fromkeys(wanted["$in"]))
    return None


def _values(document: Any, keys: Any) -> tuple[Any, ...] | None:
    out = []
    for key, _ in keys:
        try:
            value = helpers.get_value_by_dot(document, key)
        except KeyError:
            value = None
        if not isinstance(value, Hashable) or isinstance(value, dict | list):
            return None
        out.append(value)
    return tuple(out)


def _index_map(collection: Collection, name: str, keys: Any) -> dict[Hashable, set[Any]]:
    store = collection._store
    per_store = _maps.setdefault(store, {})
    known = per_store.get(name)
    if known is not None and known[0] == keys:
        return known[1]
    mapping: dict[Hashable, set[Any]] = {}
    for document in list(store.documents):
        values = _values(document, keys)
        if values is not None:
            mapping.setdefault(values, set()).add(document.get("_id"))
    per_store[name] = (keys, mapping)
    return mapping


def apply() -> None:
    """Install the fast paths on mongomock's Collection (idempotent)."""
    global _applied
    with _lock:
        if _applied:
            return
        _applied = True
    original_iter: Callable[[Collection, Any], Iterator[Any]] = Collection._iter_documents
    original_uniques: Callable[[Collection, Any], None] = Collection._ensure_uniques

    def iter_documents(self: Collection, filter: Any) -> Iterator[Any]:
        ids = pinned_ids(filter)
        if ids is None:
            return original_iter(self, filter)
        found = []
        for value in ids:
            document = self._store._documents.get(value, _MISSING)
            if document is not _MISSING:
                found.append(document)
        return (d for d in found if filtering.filter_applies(filter, d))

    def ensure_uniques(self: Collection, new_data: Any) -> None:
        simple = True
        for name, index in list(self._store.indexes.items()):
            if not index.get("unique"):
                continue
            if index.get("partialFilterExpression") is not None:
                simple = False
                continue
            keys = index.get("key")
            values = _values(new_data, keys)
            if values is None:
                simple = False
                continue
            if index.get("sparse") and set(values) == {None}:
                continue
            with _lock:
                mapping = _index_map(self, name, keys)
                candidates = mapping.setdefault(values, set())
                candidates.add(new_data.get("_id"))
                live = set()
                for candidate in candidates:
                    stored = self._store._documents.get(candidate, _MISSING)
                    if stored is not _MISSING and _values(stored, keys) == values:
                        live.add(candidate)
                mapping[values] = live
            if len(live) > 1:
                raise DuplicateKeyError("E11000 Duplicate Key Error", 11000)
        if not simple:
            original_uniques(self, new_data)

    Collection._iter_documents = iter_documents  # type: ignore[method-assign]
    Collection._ensure_uniques = ensure_uniques  # type: ignore[method-assign]
