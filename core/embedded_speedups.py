"""Makes the embedded (mongomock) store scale like a database on its hot paths.

mongomock answers every query by scanning the whole collection, including lookups by `_id`,
checks unique indexes by scanning again for each write, and copies every match of a query
before applying its limit. So reads and writes turn linear, then quadratic, as collections grow
(a demo world, a click drain, a feed). Fixes, applied once to the embedded client's classes:

- a filter that pins `_id` to one value (or an `$in` list) visits only those documents;
- any other filter that an index of the collection serves (equality on the index's leading
  fields, then equality or a range on the next one; each clause of an `$or` served that way)
  visits only the documents that index names for it (see "secondary indexes" below);
- a unique index is checked through a value → ids map kept beside the collection. Entries are
  only candidates: each is re-verified against the stored document, so a stale entry (an update
  in place, a delete, a rollback) can never cause a false duplicate, and every write that must be
  checked passes through here and records its current values, so none is missed;
- a cursor with a limit copies only the documents it returns, and copies them, projected and
  timezone-aware, in one walk (`core.embedded_projection`);
- a cursor reads under the durable store's write lock when the client has one, so a reader in
  another thread never copies a document that a write is changing in place.

Every lookup still applies the whole filter to the documents it visits, in natural order, so
callers see exactly what a scan returns. Anything else falls back to mongomock's own behaviour.
Real MongoDB never comes near this.
"""

from __future__ import annotations

import bisect
import itertools
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from mongomock import DuplicateKeyError, filtering, helpers
from mongomock.collection import Collection, Cursor
from mongomock.store import CollectionStore

from core.embedded_projection import compile_projection

_Scalar = (str, int, float, ObjectId, bytes)
_applied = False
_lock = threading.Lock()
# store → index name → (key spec, value tuple → candidate ids)
_maps: weakref.WeakKeyDictionary[Any, dict[str, tuple[Any, dict[Hashable, set[Any]]]]] = (
    weakref.WeakKeyDictionary()
)
_MISSING = object()
# mongomock's own methods this module replaced, by name: the reference its tests compare with.
_replaced: dict[str, Any] = {}


def mongomock_original(name: str) -> Any:
    """mongomock's own `Collection.<name>`, as it was before `apply` replaced it."""
    return _replaced.get(name) or getattr(Collection, name)


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


# --- secondary indexes ------------------------------------------------------------------------
#
# Each declared index of a collection is mirrored in memory: its documents grouped by the values
# of every key field but the last (the prefix), and within a group sorted by the last field's
# value. A filter whose conditions give equality on a prefix (and optionally equality or a range
# on the last field) visits only that group's slice; an `$or` whose every clause can be served
# that way visits the union of the clauses' slices. Arrays are expanded as MongoDB's multikey
# indexes do. Anything the mirror cannot place (a value of an unusual type, a path through an
# array by position) sits in a per-index "always visit" set, so a lookup is a superset of the
# matching documents and the full filter still decides: results are what a scan returns, in the
# same (natural) order.
#
# Upkeep: documents are re-read after every write that can change them (set or delete in the
# collection's store, an update in place, a replay), under the mirror's lock.

_SortKey = tuple[float, Any]
_MAX_COMBINATIONS = 256
_DATE_SLACK = 0.002  # stored dates are cut to milliseconds; bounds are widened past that
_collecting = threading.local()


def _sort_key(value: Any) -> _SortKey | None:
    """A totally ordered key for an indexable value, by MongoDB type bracket; None if the
    value is not one the mirror places (it then goes to the always-visit set)."""
    if value is None:
        return (0, 0)
    if isinstance(value, int | float):  # booleans too: mongomock's filter equates True and 1
        number = float(value)
        return None if number != number else (1, number)
    if isinstance(value, str):
        return (2, value)
    if isinstance(value, ObjectId):
        return (4, value.binary)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return (6, moment.timestamp())
    return None


def _path_values(document: Any, path: str) -> list[Any] | None:
    """The values an index on `path` holds for `document` (arrays expanded); None when the
    path goes through an array by position or reaches a nested array."""
    current: list[Any] = [document]
    for part in path.split("."):
        following: list[Any] = []
        for value in current:
            if isinstance(value, dict):
                following.append(value.get(part))
            elif isinstance(value, list):
                if part.isdigit():
                    return None
                for item in value:
                    if isinstance(item, dict):
                        following.append(item.get(part))
                    elif isinstance(item, list):
                        return None
            # a scalar on the way: the path is missing here (null)
            else:
                following.append(None)
        current = following
    leaves: list[Any] = []
    for value in current:
        if isinstance(value, list):
            for item in value:
                if isinstance(item, list):
                    return None
                leaves.append(item)
        else:
            leaves.append(value)
    return leaves


class _Mirror:
    """One index's groups: prefix → sorted [(last field's key, natural position)]."""

    def __init__(self, fields: list[str]) -> None:
        self.fields = fields
        self.groups: dict[tuple[_SortKey, ...], list[tuple[_SortKey, int]]] = {}
        self.entries: dict[Any, list[tuple[tuple[_SortKey, ...], _SortKey]]] = {}
        self.always: set[Any] = set()
        self.multikey = False

    def _keys(self, document: Any) -> list[tuple[tuple[_SortKey, ...], _SortKey]] | None:
        per_field: list[list[_SortKey]] = []
        for path in self.fields:
            values = _path_values(document, path)
            if values is None:
                return None
            keys = []
            for value in values:
                key = _sort_key(value)
                if key is None:
                    return None
                keys.append(key)
            if not keys:
                return None  # an empty array: indexed as nothing the mirror can look up
            if len(keys) > 1:
                self.multikey = True
            per_field.append(list(dict.fromkeys(keys)))
        combinations = 1
        for keys in per_field:
            combinations *= len(keys)
        if combinations > _MAX_COMBINATIONS:
            return None
        prefixes: list[tuple[_SortKey, ...]] = [()]
        for keys in per_field[:-1]:
            prefixes = [(*prefix, key) for prefix in prefixes for key in keys]
        return [(prefix, last) for prefix in prefixes for last in per_field[-1]]

    def remove(self, doc_id: Any, position: int | None) -> None:
        self.always.discard(doc_id)
        for prefix, last in self.entries.pop(doc_id, ()):
            group = self.groups.get(prefix)
            if group is None or position is None:
                continue
            at = bisect.bisect_left(group, (last, position))
            if at < len(group) and group[at] == (last, position):
                del group[at]
                if not group:
                    del self.groups[prefix]

    def add(self, doc_id: Any, document: Any, position: int) -> None:
        keys = self._keys(document)
        if keys is None:
            self.always.add(doc_id)
            return
        self.entries[doc_id] = keys
        for prefix, last in keys:
            bisect.insort(self.groups.setdefault(prefix, []), (last, position))

    def lookup(
        self, prefixes: list[tuple[_SortKey, ...]], spans: list[tuple[_SortKey, _SortKey]] | None
    ) -> tuple[int, list[list[tuple[_SortKey, int]]]]:
        """The slices a lookup visits and how many entries they hold."""
        slices = []
        size = 0
        for prefix in prefixes:
            group = self.groups.get(prefix)
            if not group:
                continue
            if spans is None:
                slices.append(group)
                size += len(group)
                continue
            for low, high in spans:
                start = bisect.bisect_left(group, (low, -1))
                stop = bisect.bisect_right(group, (high, _LAST_POSITION))
                if stop > start:
                    slices.append(group[start:stop])
                    size += stop - start
        return size + len(self.always), slices


_LAST_POSITION = 1 << 62


class _Mirrors:
    """A collection store's mirrors and the natural position of each of its documents."""

    def __init__(self, store: Any) -> None:
        self.lock = threading.RLock()
        self.documents = store._documents
        self.positions: dict[Any, int] = {}
        self.ids: dict[int, Any] = {}
        self.next_position = 0
        for doc_id in list(self.documents):
            self._place(doc_id)
        self.mirrors: dict[str, tuple[Any, _Mirror]] = {}

    def _place(self, doc_id: Any) -> int:
        position = self.next_position
        self.next_position += 1
        self.positions[doc_id] = position
        self.ids[position] = doc_id
        return position

    def mirror(self, name: str, spec: Any) -> _Mirror:
        keys = spec.get("key")
        known = self.mirrors.get(name)
        if known is not None and known[0] == keys:
            return known[1]
        mirror = _Mirror([str(field) for field, _ in keys])
        for doc_id, document in list(self.documents.items()):
            position = self.positions.get(doc_id)
            mirror.add(doc_id, document, self._place(doc_id) if position is None else position)
        self.mirrors[name] = (keys, mirror)
        return mirror

    def changed(self, doc_id: Any, indexes: dict[str, Any]) -> None:
        for name in [name for name in self.mirrors if name not in indexes]:
            del self.mirrors[name]  # a dropped index's mirror would miss later writes
        old = self.positions.get(doc_id)
        document = self.documents.get(doc_id, _MISSING)
        for _, mirror in self.mirrors.values():
            mirror.remove(doc_id, old)
        if document is _MISSING:
            if old is not None:
                del self.positions[doc_id]
                del self.ids[old]
            return
        position = old if old is not None else self._place(doc_id)
        for _, mirror in self.mirrors.values():
            mirror.add(doc_id, document, position)

    def appended(self, doc_id: Any) -> None:
        """A document was set under an id the store did not hold: it now comes last."""
        old = self.positions.pop(doc_id, None)
        if old is not None:
            del self.ids[old]
            for _, mirror in self.mirrors.values():
                mirror.remove(doc_id, old)


_mirrors: weakref.WeakKeyDictionary[Any, _Mirrors] = weakref.WeakKeyDictionary()
_index_lock = threading.Lock()  # held while a store's mirrors are looked up or built


def _mirrors_of(store: Any) -> _Mirrors:
    found = _mirrors.get(store)
    if found is None or found.documents is not store._documents:
        found = _Mirrors(store)  # first use, or the collection was dropped since
        _mirrors[store] = found
    return found


def _forget(store: Any) -> None:
    """Drop `store`'s mirrors (they are rebuilt by the next lookup)."""
    with _index_lock:
        _mirrors.pop(store, None)


def documents_changed(store: Any, ids: Iterable[Any]) -> None:
    """Documents of `store` may have changed in place or been written past mongomock's own
    methods (an update, the durable store's replay): bring the mirrors up to date."""
    with _index_lock:
        mirrors = _mirrors.get(store)
    if mirrors is None:
        return
    with mirrors.lock:
        if mirrors.documents is not store._documents:
            _forget(store)
            return
        for doc_id in ids:
            mirrors.changed(doc_id, store.indexes)


# --- planning a lookup ----------------------------------------------------------------------


@dataclass
class _Condition:
    """What a filter requires of one field: one of these values, or a range."""

    points: list[_SortKey] | None = None
    low: _SortKey | None = None
    high: _SortKey | None = None

    def spans(self, multikey: bool) -> list[tuple[_SortKey, _SortKey]] | None:
        if self.points is not None:
            return [(key, key) for key in sorted(set(self.points))]
        low, high = self.low, self.high
        if low is None and high is None:
            return None
        # On an array field each bound may be met by a different element: only one is used.
        if multikey and low is not None:
            high = None
        rank = low[0] if low is not None else high[0]  # type: ignore[index]
        # (rank ± 0.5, 0) sorts below / above every key of the rank, whatever its value.
        return [(low or (rank - 0.5, 0), high or (rank + 0.5, 0))]


def _widen(key: _SortKey, direction: int) -> _SortKey:
    if key[0] == 6:
        return (6, key[1] + direction * _DATE_SLACK)
    return key


def _condition(value: Any) -> _Condition | None:
    if isinstance(value, dict):
        if not value or not all(isinstance(op, str) and op.startswith("$") for op in value):
            return None
        condition = _Condition()
        if "$eq" in value:
            key = _sort_key(value["$eq"])
            if key is not None and key[0] != 0:
                condition.points = [key]
        if "$in" in value and condition.points is None and isinstance(value["$in"], list):
            keys = [_sort_key(item) for item in value["$in"]]
            if keys and all(key is not None and key[0] != 0 for key in keys):
                condition.points = [key for key in keys if key is not None]
        if condition.points is not None:
            return condition
        for op, side in (("$gte", -1), ("$gt", -1), ("$lte", 1), ("$lt", 1)):
            if op not in value:
                continue
            key = _sort_key(value[op])
            if key is None or key[0] == 0:
                continue
            if side < 0 and condition.low is None:
                condition.low = _widen(key, -1)
            elif side > 0 and condition.high is None:
                condition.high = _widen(key, 1)
        if condition.low and condition.high and condition.low[0] != condition.high[0]:
            condition.high = None
        return condition if condition.low or condition.high else None
    if isinstance(value, list | dict):
        return None
    key = _sort_key(value)
    if key is None or key[0] == 0:
        return None
    return _Condition(points=[key])


def _conditions(filter: dict[str, Any]) -> tuple[dict[str, _Condition], list[Any]]:
    """Each field's usable condition, and the `$or` clause lists every match must meet."""
    found: dict[str, _Condition] = {}
    alternatives: list[Any] = []
    for field, value in filter.items():
        if field == "$and" and isinstance(value, list):
            for part in value:
                if isinstance(part, dict):
                    more, ors = _conditions(part)
                    for name, condition in more.items():
                        found.setdefault(name, condition)
                    alternatives.extend(ors)
        elif field == "$or" and isinstance(value, list):
            alternatives.append(value)
        elif not field.startswith("$"):
            usable = _condition(value)
            if usable is not None:
                found[field] = usable
    return found, alternatives


def _together(first: dict[str, _Condition], second: dict[str, _Condition]) -> dict[str, _Condition]:
    """What a document meeting both sets of conditions meets, field by field: a range bounded
    on both sides when one set bounds it below and the other above (`published_at` at least a
    window's start, and before its last days). Anything else keeps one of the two, which every
    match meets too."""
    out = dict(first)
    for field, condition in second.items():
        other = out.get(field)
        if other is None or other.points is not None:
            out[field] = condition
            continue
        if condition.points is not None:
            continue
        lows = [c.low for c in (other, condition) if c.low is not None]
        highs = [c.high for c in (other, condition) if c.high is not None]
        if len({key[0] for key in lows + highs}) != 1:
            continue  # bounds of different types: the first set's range serves
        # Each bound is met by some value of the field, so the tightest of each side is too.
        out[field] = _Condition(low=max(lows) if lows else None, high=min(highs) if highs else None)
    return out


def _best(
    mirrors: _Mirrors, indexes: dict[str, Any], conditions: dict[str, _Condition]
) -> tuple[int, _Mirror, list[Any]] | None:
    """The index whose lookup visits the fewest entries: (entries, its mirror, the slices)."""
    best: tuple[int, _Mirror, list[Any]] | None = None
    for name, spec in indexes.items():
        keys = spec.get("key") or []
        if name == "_id_" or not keys or not all(isinstance(d, int) for _, d in keys):
            continue  # `_id` is served by `pinned_ids`; text, hashed and geo indexes never
        fields = [str(field) for field, _ in keys]
        prefix_conditions = [conditions.get(field) for field in fields[:-1]]
        last = conditions.get(fields[-1])
        if not prefix_conditions and last is None:
            continue
        prefixes: list[tuple[_SortKey, ...]] | None = [()]
        for condition in prefix_conditions:
            if condition is None or condition.points is None or prefixes is None:
                prefixes = None
                break
            prefixes = [(*p, key) for p in prefixes for key in dict.fromkeys(condition.points)]
            if len(prefixes) > _MAX_COMBINATIONS:
                prefixes = None
        if prefixes is None:
            continue
        mirror = mirrors.mirror(name, spec)
        spans = last.spans(mirror.multikey) if last is not None else None
        size, slices = mirror.lookup(prefixes, spans)
        if best is None or size < best[0]:
            best = (size, mirror, slices)
    return best


def _candidates(
    mirrors: _Mirrors, indexes: dict[str, Any], filter: dict[str, Any]
) -> set[int] | None:
    """Natural positions of every document that may match `filter`; None to scan."""
    conditions, alternatives = _conditions(filter)
    plans: list[set[int]] = []
    best = _best(mirrors, indexes, conditions)
    if best is not None:
        plans.append(_positions(mirrors, best[1], best[2]))
    for clauses in alternatives:
        # Every match meets one of the clauses (and the conditions beside the `$or`).
        union: set[int] = set()
        for clause in clauses:
            found = None
            if isinstance(clause, dict):
                merged, _ = _conditions(clause)
                found = _best(mirrors, indexes, _together(conditions, merged))
            if found is None:
                break
            union |= _positions(mirrors, found[1], found[2])
        else:
            plans.append(union)
    if not plans:
        return None
    return min(plans, key=len)


def _positions(mirrors: _Mirrors, mirror: _Mirror, slices: list[Any]) -> set[int]:
    out = {position for entries in slices for _, position in entries}
    for doc_id in mirror.always:
        position = mirrors.positions.get(doc_id)
        if position is not None:
            out.add(position)
    return out


def indexed_documents(store: Any, filter: Any) -> list[Any] | None:
    """The documents of `store` that may match `filter`, in natural order, found through the
    collection's indexes; None when no index serves the filter (the caller scans)."""
    if not isinstance(filter, dict) or not filter or not store.indexes:
        return None
    with _index_lock:
        mirrors = _mirrors_of(store)
    with mirrors.lock:
        positions = _candidates(mirrors, dict(store.indexes), filter)
        if positions is None:
            return None
        ids = [mirrors.ids[p] for p in sorted(positions) if p in mirrors.ids]
    documents = store._documents
    found = []
    for doc_id in ids:
        document = documents.get(doc_id, _MISSING)
        if document is not _MISSING:
            found.append(document)
    return found


# --- deciding simple filters ----------------------------------------------------------------
#
# mongomock's filter walks general machinery for every condition of every document, which costs
# far more than the index lookup that found the document. Filters made only of equality, `$in`
# and range conditions on scalars (with `$and` / `$or`) are compiled once into plain comparisons.
# A compiled test answers True or False only where the document's values are plain scalars of
# the same kind as the condition's, and None otherwise (an array, a subdocument, a value of
# another type): mongomock's filter then decides, so the answer is always mongomock's.

_Test = Callable[[Any], bool | None]
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
}


def _kind(value: Any) -> str | None:
    """The comparison kind of a plain scalar; None for anything else."""
    if isinstance(value, int | float):
        return "number"  # booleans too, as mongomock's equality treats them
    if isinstance(value, str):
        return "str"
    if isinstance(value, ObjectId):
        return "oid"
    if isinstance(value, datetime):
        return "aware" if value.tzinfo else "naive"
    return None


def _reader(path: str) -> Callable[[Any], Any]:
    """The value at `path`: _MISSING when absent, _OPAQUE past anything but a subdocument."""
    parts = path.split(".")
    if len(parts) == 1:
        return lambda document: document.get(path, _MISSING)

    def read(document: Any) -> Any:
        value = document
        for part in parts:
            if not isinstance(value, dict):
                return _OPAQUE
            value = value.get(part, _MISSING)
            if value is _MISSING:
                return _MISSING
        return value

    return read


_OPAQUE = object()
_DATES = ("aware", "naive")


def _field_test(path: str, condition: Any) -> _Test | None:
    read = _reader(path)
    if isinstance(condition, dict):
        if not condition or not all(isinstance(op, str) for op in condition):
            return None
        tests: list[_Test] = []
        for op, operand in condition.items():
            if op in ("$eq", "$in"):
                options = operand if op == "$in" else [operand]
                if not isinstance(options, list) or not options:
                    return None
                kinds = [(_kind(option), option) for option in options]
                if any(kind is None for kind, _ in kinds):
                    return None
                tests.append(_equality(_reaching(path), kinds))
            elif op in _COMPARISONS:
                kind = _kind(operand)
                if kind in (None, "oid") or isinstance(operand, bool) or operand != operand:
                    return None
                tests.append(_comparison(read, kind, operand, _COMPARISONS[op]))
            else:
                return None
        return _all(tests)
    kind = _kind(condition)
    if kind is None:
        return None
    return _equality(_reaching(path), [(kind, condition)])


class _Reached(list[Any]):
    """The values a dotted path reaches through arrays of subdocuments (`tags.id` in
    `{"tags": [{"id": 1}, {"id": 2}]}` reaches 1 and 2)."""


def _reaching(path: str) -> Callable[[Any], Any]:
    """Like `_reader`, but a path through arrays of subdocuments answers every value it
    reaches, as a `_Reached` list: an equality matches when one of them does. Array indexes in
    the path (`tags.0.id`) answer _OPAQUE (mongomock decides those)."""
    parts = path.split(".")
    if len(parts) == 1 or any(part.isdigit() for part in parts):
        return _reader(path)

    def reach(value: Any, start: int, out: _Reached) -> None:
        for index in range(start, len(parts)):
            if isinstance(value, dict):
                value = value.get(parts[index], _MISSING)
                if value is _MISSING:
                    return
            elif isinstance(value, list):
                # Each subdocument of the array goes on along the path; anything else in it
                # (a scalar, a nested array) reaches nothing, as in MongoDB.
                for item in value:
                    if isinstance(item, dict):
                        reach(item, index, out)
                return
            else:
                return  # a scalar before the path ends reaches nothing
        out.append(value)

    def read(document: Any) -> Any:
        out = _Reached()
        reach(document, 0, out)
        return out

    return read


def _equality(read: Callable[[Any], Any], options: list[tuple[str | None, Any]]) -> _Test:
    # Options by kind, in sets: an `$in` of hundreds of ids costs one lookup per value, not
    # one comparison per option. NaN options never equal anything and are left out.
    by_kind: dict[str | None, set[Any]] = {}
    for option_kind, option in options:
        if option == option:
            by_kind.setdefault(option_kind, set()).add(option)
    date_kinds = {kind for kind in by_kind if kind in _DATES}

    def one(value: Any) -> bool | None:
        kind = _kind(value)
        if kind is None or value != value:  # NaN
            return None
        if kind in _DATES and date_kinds - {kind}:
            return None
        wanted = by_kind.get(kind)
        return wanted is not None and value in wanted

    def matches(value: Any) -> bool | None:
        if isinstance(value, list) and value:
            # An array matches when one of its elements does (options are never arrays).
            answers = [one(item) for item in value]
            return True if True in answers else None if None in answers else False
        return one(value)

    def test(document: Any) -> bool | None:
        value = read(document)
        if value is _MISSING:
            return False
        if isinstance(value, _Reached):
            answers = [matches(reached) for reached in value]
            return True if True in answers else None if None in answers else False
        return matches(value)

    return test


def _comparison(
    read: Callable[[Any], Any], kind: str, operand: Any, compare: Callable[[Any, Any], bool]
) -> _Test:
    def test(document: Any) -> bool | None:
        value = read(document)
        if value is _MISSING:
            return False
        if _kind(value) != kind or isinstance(value, bool) or value != value:
            return None
        return compare(value, operand)

    return test


def _all(tests: list[_Test]) -> _Test:
    def test(document: Any) -> bool | None:
        unknown = False
        for one in tests:
            answer = one(document)
            if answer is False:
                return False
            if answer is None:
                unknown = True
        return None if unknown else True

    return test


def _any(tests: list[_Test]) -> _Test:
    def test(document: Any) -> bool | None:
        unknown = False
        for one in tests:
            answer = one(document)
            if answer is True:
                return True
            if answer is None:
                unknown = True
        return None if unknown else False

    return test


def compile_filter(filter: Any) -> _Test | None:
    """A quick test for `filter`, or None when it holds anything but the simple conditions."""
    if not isinstance(filter, dict):
        return None
    tests: list[_Test] = []
    for field, condition in filter.items():
        if field in ("$and", "$or"):
            if not isinstance(condition, list) or not condition:
                return None
            parts = [compile_filter(part) for part in condition]
            if any(part is None for part in parts):
                return None
            compiled = [part for part in parts if part is not None]
            tests.append(_all(compiled) if field == "$and" else _any(compiled))
        elif field.startswith("$"):
            return None
        else:
            test = _field_test(field, condition)
            if test is None:
                return None
            tests.append(test)
    return _all(tests)


def _matching(filter: Any, test: _Test | None, documents: Iterable[Any]) -> Iterator[Any]:
    if test is None:
        return (d for d in documents if filtering.filter_applies(filter, d))
    return (
        d
        for d in documents
        if (answer := test(d)) is True or (answer is None and filtering.filter_applies(filter, d))
    )


def apply() -> None:
    """Install the fast paths on mongomock's Collection (idempotent)."""
    global _applied
    with _lock:
        if _applied:
            return
        _applied = True
    original_iter: Callable[[Collection, Any], Iterator[Any]] = Collection._iter_documents
    original_uniques: Callable[[Collection, Any], None] = Collection._ensure_uniques
    original_update: Callable[..., Any] = Collection._update
    original_copy: Callable[[Collection, Any, Any, Any], Any] = Collection._copy_only_fields
    original_dataset: Callable[..., Iterator[Any]] = Collection._get_dataset
    _replaced["_copy_only_fields"] = original_copy
    original_set: Callable[[CollectionStore, Any, Any], None] = CollectionStore.__setitem__
    original_del: Callable[[CollectionStore, Any], None] = CollectionStore.__delitem__

    def iter_documents(self: Collection, filter: Any) -> Iterator[Any]:
        ids = pinned_ids(filter)
        found: list[Any] | None = None
        if ids is not None:
            found = []
            for value in ids:
                document = self._store._documents.get(value, _MISSING)
                if document is not _MISSING:
                    found.append(document)
        elif not self._store._ttl_indexes and not self._store.is_empty:
            found = indexed_documents(self._store, filter)
            if found is not None:
                filtering.filter_applies(filter, {})  # a bad filter fails as on a scan
        test = compile_filter(filter)
        if found is not None:
            documents = _matching(filter, test, found)
        elif test is not None and filter:
            documents = _matching(filter, test, list(self._store.documents))
        else:
            documents = original_iter(self, filter)
        collected: list[Any] | None = getattr(_collecting, "ids", None)
        if collected is None:
            return documents
        return _noting(documents, collected)

    def update(self: Collection, *args: Any, **kwargs: Any) -> Any:
        # Updates change documents in place: those the update visited are re-read after it.
        outer = getattr(_collecting, "ids", None)
        collected: list[Any] = []
        _collecting.ids = collected
        try:
            return original_update(self, *args, **kwargs)
        finally:
            _collecting.ids = outer
            if outer is not None:
                outer.extend(collected)
            documents_changed(self._store, collected)

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

    def set_item(self: CollectionStore, key: Any, value: Any) -> None:
        with _index_lock:
            mirrors = _mirrors.get(self)
            if mirrors is None:  # none can be built while this runs
                original_set(self, key, value)
                return
        with mirrors.lock:
            new = key not in self._documents
            original_set(self, key, value)
            if mirrors.documents is not self._documents:
                _forget(self)
                return
            if new:
                mirrors.appended(key)
            mirrors.changed(key, self.indexes)

    def del_item(self: CollectionStore, key: Any) -> None:
        with _index_lock:
            mirrors = _mirrors.get(self)
            if mirrors is None:
                original_del(self, key)
                return
        with mirrors.lock:
            original_del(self, key)
            if mirrors.documents is not self._documents:
                _forget(self)
                return
            mirrors.changed(key, self.indexes)

    def compute_results(self: Cursor, with_limit_and_skip: bool = False) -> list[Any]:
        # Read from the instance: a mongomock client answers any unknown attribute with a
        # database of that name.
        lock = vars(self.collection.database.client).get("trendloop_read_lock")
        if lock is None:
            return window_results(self, with_limit_and_skip)
        with lock:
            return window_results(self, with_limit_and_skip)

    def window_results(self: Cursor, with_limit_and_skip: bool) -> list[Any]:
        # mongomock copies every matching document before it applies the limit; with a limit
        # only the window is copied (sorting still sees every match). Documents come out of
        # `copy_only_fields` below already timezone-aware, so they are not walked again.
        limit = abs(self._limit or 0)
        if not with_limit_and_skip or not limit:
            if not self._results or self._factory_last_generated_results != self._factory:
                self._results = list(self._factory())
                self._factory_last_generated_results = self._factory
            everything: list[Any] = self._results
            return everything[self._skip :] if with_limit_and_skip else everything
        key = (self._factory, self._skip, limit)
        window = getattr(self, "_window", None)
        if window is None or window[0] != key:
            results = list(itertools.islice(self._factory(), self._skip + limit))
            window = (key, results[self._skip :])
            setattr(self, "_window", window)  # noqa: B010 (mongomock's class has no such slot)
        found: list[Any] = window[1]
        return found

    def copy_only_fields(self: Collection, doc: Any, fields: Any, container: Any) -> Any:
        zone = helpers.utc if self.codec_options.tz_aware else None
        copier = compile_projection(fields) if container is dict else None
        if copier is not None:
            return copier(doc, zone)
        copied = original_copy(self, doc, fields, container)
        return helpers.make_datetime_timezone_aware_in_document(copied) if zone else copied

    def get_dataset(
        self: Collection, spec: Any, sort: Any, fields: Any, as_class: Any
    ) -> Iterator[Any]:
        keys = list(sort.items() if isinstance(sort, dict) else sort) if sort else []
        if any(key.startswith("$") and key != "$natural" for key, _ in keys):
            # Sorting by an operator (a text score…) is mongomock's to answer, or to refuse.
            yield from original_dataset(self, spec, sort, fields, as_class)
            return
        dataset: Iterable[Any] = self._iter_documents(spec)
        if keys:
            documents = list(dataset)
            for sort_key, direction in reversed(keys):
                if sort_key == "$natural":
                    if direction < 0:
                        documents.reverse()
                    continue
                documents = _sorted(documents, sort_key, direction < 0)
            dataset = documents
        copier = compile_projection(fields) if as_class is dict else None
        if copier is None:
            for document in dataset:
                yield self._copy_only_fields(document, fields, as_class)
            return
        zone = helpers.utc if self.codec_options.tz_aware else None
        for document in dataset:
            yield copier(document, zone)

    Collection._iter_documents = iter_documents  # type: ignore[method-assign]
    Collection._get_dataset = get_dataset  # type: ignore[method-assign]
    Collection._copy_only_fields = copy_only_fields  # type: ignore[method-assign]
    Cursor._compute_results = compute_results  # type: ignore[method-assign]
    Collection._ensure_uniques = ensure_uniques  # type: ignore[method-assign]
    Collection._update = update  # type: ignore[method-assign]
    CollectionStore.__setitem__ = set_item  # type: ignore[method-assign]
    CollectionStore.__delitem__ = del_item  # type: ignore[method-assign]


def _sort_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    return _kind(value)


def _sorted(documents: list[Any], path: str, reverse: bool) -> list[Any]:
    """`documents` by the value at `path`, stable, as MongoDB orders them.

    When every value is the same plain kind (all naive datetimes, all strings, all numbers),
    Python's own comparison is MongoDB's order, and the values are compared directly rather
    than through mongomock's BSON comparison wrapper; anything else (missing fields, arrays,
    mixed kinds) goes through mongomock's.
    """
    read = _reader(path)
    values = [read(document) for document in documents]
    kinds = {_sort_kind(value) for value in values}
    if len(kinds) == 1 and None not in kinds:
        order = sorted(range(len(documents)), key=values.__getitem__, reverse=reverse)
        return [documents[i] for i in order]
    return sorted(documents, key=lambda d: filtering.resolve_sort_key(path, d), reverse=reverse)


def _noting(documents: Iterator[Any], collected: list[Any]) -> Iterator[Any]:
    for document in documents:
        doc_id = document.get("_id")
        collected.append(helpers.hashdict(doc_id) if isinstance(doc_id, dict) else doc_id)
        yield document
