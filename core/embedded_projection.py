"""Copying documents out of the embedded store, projected, in one pass.

mongomock answers a find by copying each returned document leaf by leaf (`copy.copy` on every
string and number), walking it once more to apply the projection, and once more to make its
datetimes timezone-aware. On a feed's first page that is most of the read. Here the projection,
the copy and the timezone are one walk, and immutable leaves are shared rather than copied.

Only the common projections are compiled: none, inclusion of plain or dotted paths, and
exclusion of top-level fields, each with `_id` in or out. Anything else (operators such as
`$slice`, colliding paths) returns None from `compile_projection`, and the caller keeps
mongomock's own copy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from bson import ObjectId

Copier = Callable[[dict[str, Any], tzinfo | None], dict[str, Any]]

# Inclusion paths as a tree: True where a whole value is kept, a subtree where only some of a
# subdocument's fields are.
_Tree = dict[str, Any]

_LEAVES = frozenset({str, int, float, bool, type(None), bytes, ObjectId})

_cache: dict[tuple[tuple[str, Any], ...], Copier | None] = {}
_cache_lock = threading.Lock()
_CACHE_LIMIT = 1024


def fresh(value: Any, zone: tzinfo | None) -> Any:
    """A deep copy of a stored value; naive datetimes get `zone` when one is given.

    Stored leaves (str, numbers, ObjectId, bytes, datetimes) are immutable and shared; only
    containers are new, so a caller may change what it gets without touching the store.
    """
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is dict or isinstance(value, dict):
        return {key: fresh(item, zone) for key, item in value.items()}
    if kind is list or kind is tuple or isinstance(value, (list, tuple)):
        return [fresh(item, zone) for item in value]
    if zone is not None and isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value


def _included(value: Any, tree: _Tree, zone: tzinfo | None) -> Any:
    """`value` cut down to `tree`'s paths; None when nothing of it is kept.

    Fields come out in the projection's order rather than the document's: a projection names
    a few of many fields, and reading those few is the point.
    """
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, branch in tree.items():
            if key not in value:
                continue
            if branch is True:
                out[key] = fresh(value[key], zone)
                continue
            kept = _included(value[key], branch, zone)
            if kept is not None:
                out[key] = kept
        return out
    if isinstance(value, (list, tuple)):
        # A path into an array applies to each element; elements that are not documents
        # have none of its fields and are left out, as MongoDB does.
        kept_items = [_included(item, tree, zone) for item in value]
        return [item for item in kept_items if item is not None]
    return None


def _tree(paths: list[str]) -> _Tree | None:
    tree: _Tree = {}
    for path in paths:
        parts = path.split(".")
        if any(not part or part.startswith("$") for part in parts):
            return None
        node = tree
        for part in parts[:-1]:
            branch = node.setdefault(part, {})
            if branch is True:
                return None  # "a" and "a.b" together: a path collision
            node = branch
        if parts[-1] in node:
            return None
        node[parts[-1]] = True
    return tree


def _truthy(flag: Any) -> bool | None:
    """A projection flag as include (True) / exclude (False); None for anything else."""
    if isinstance(flag, bool):
        return flag
    if isinstance(flag, (int, float)):
        return bool(flag)
    return None


def _compile(fields: dict[str, Any]) -> Copier | None:
    if not fields:
        return lambda doc, zone: fresh(doc, zone)
    id_flag = _truthy(fields.get("_id", True))
    flags = {path: _truthy(flag) for path, flag in fields.items() if path != "_id"}
    if id_flag is None or any(flag is None for flag in flags.values()):
        return None
    if any(path.startswith("_id.") for path in flags):
        return None
    values = set(flags.values())
    if len(values) > 1:
        return None  # mixing inclusion and exclusion: mongomock says why
    if not flags or values == {False}:
        dropped = set(flags)
        if not id_flag:
            dropped.add("_id")
        if any("." in path for path in dropped):
            return None

        def exclude(doc: dict[str, Any], zone: tzinfo | None) -> dict[str, Any]:
            return {key: fresh(item, zone) for key, item in doc.items() if key not in dropped}

        if not flags and id_flag:  # {"_id": 1} alone: the id only
            return lambda doc, zone: {"_id": doc["_id"]} if "_id" in doc else {}
        return exclude
    tree = _tree(list(flags))
    if tree is None:
        return None
    keep_id = id_flag

    def include(doc: dict[str, Any], zone: tzinfo | None) -> dict[str, Any]:
        out: dict[str, Any] = _included(doc, tree, zone)
        if keep_id and "_id" in doc:
            out["_id"] = fresh(doc["_id"], zone)
        return out

    return include


def compile_projection(fields: Any) -> Copier | None:
    """A copier for projection `fields` (None: the whole document), or None when it is not
    one of the simple forms this module handles."""
    if fields is None:
        return _whole
    if not isinstance(fields, dict):
        return None
    try:
        key = tuple(fields.items())
        hash(key)
    except TypeError:
        return None
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    copier = _compile(dict(fields))
    with _cache_lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = copier
    return copier


def _whole(doc: dict[str, Any], zone: tzinfo | None) -> dict[str, Any]:
    copied: dict[str, Any] = fresh(doc, zone)
    return copied
