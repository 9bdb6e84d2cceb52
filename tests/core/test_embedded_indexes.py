"""The embedded store serves indexed lookups from its indexes, with exactly a scan's answers.

The reference is a scan: every stored document, in natural order, that mongomock's own filter
accepts. Lookups go through the driver-shaped API (`find`, `count_documents`, updates and
deletes that pick their documents by filter) after inserts, in-place updates, replacements,
deletes, drops and index changes, and after the durable store replays its journal.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import mongomock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mongomock import filtering

from core import embedded_speedups, mongo
from core.settings import Settings

BASE = datetime(2026, 3, 1, tzinfo=UTC)
INDEXES: list[list[tuple[str, int]]] = [
    [("a", 1)],
    [("b", 1), ("at", -1)],
    [("tags", 1)],
    [("m", 1), ("tags", 1), ("at", -1)],
    [("sub.x", 1), ("n", 1)],
]

scalars = st.one_of(
    st.sampled_from(["x", "y", "z", ""]),
    st.integers(-3, 3),
    st.sampled_from([1.0, 2.5, True, False, None]),
)
dates = st.integers(0, 6).map(lambda d: BASE + timedelta(days=d, microseconds=d * 1500))
values = st.one_of(scalars, dates, st.lists(scalars, max_size=3), st.just({"k": 1}))
documents = st.fixed_dictionaries(
    {},
    optional={
        "a": values,
        "b": scalars,
        "at": dates,
        "tags": st.lists(st.sampled_from(["red", "blue", "plaid"]), max_size=3),
        "m": st.sampled_from(["US", "UK"]),
        "sub": st.one_of(
            st.fixed_dictionaries({"x": scalars}),
            # Arrays of subdocuments (some without the field, some holding arrays), with
            # scalars and nested arrays among them: what a dotted path reaches through them.
            st.lists(
                st.one_of(
                    st.fixed_dictionaries(
                        {}, optional={"x": st.one_of(scalars, st.lists(scalars, max_size=2))}
                    ),
                    scalars,
                    st.lists(st.fixed_dictionaries({"x": scalars}), max_size=1),
                ),
                max_size=3,
            ),
            scalars,
        ),
        "d": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "e": st.one_of(
                        st.lists(st.fixed_dictionaries({}, optional={"f": scalars}), max_size=2),
                        st.fixed_dictionaries({"f": scalars}),
                        scalars,
                    )
                },
            ),
            max_size=2,
        ),
        "n": st.integers(0, 5),
    },
)
fields = st.sampled_from(["a", "b", "at", "tags", "m", "sub.x", "d.e.f", "sub.0.x", "n"])
conditions = st.one_of(
    scalars,
    dates,
    st.fixed_dictionaries({"$in": st.lists(st.one_of(scalars, dates), max_size=3)}),
    st.fixed_dictionaries({"$eq": scalars}),
    st.fixed_dictionaries({"$gte": st.one_of(dates, st.integers(-3, 3), st.just("x"))}),
    st.fixed_dictionaries(
        {"$gt": st.one_of(dates, st.integers(-3, 3)), "$lte": st.one_of(dates, st.integers(-3, 3))}
    ),
    st.fixed_dictionaries({"$ne": scalars}),
)
simple_filters = st.dictionaries(fields, conditions, min_size=1, max_size=3)
filters = st.one_of(
    simple_filters,
    st.builds(
        lambda f, ors: {**f, "$or": ors},
        simple_filters,
        st.lists(simple_filters, min_size=1, max_size=3),
    ),
    st.builds(lambda parts: {"$and": parts}, st.lists(simple_filters, min_size=1, max_size=2)),
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), documents),
        st.tuples(st.just("set"), simple_filters, documents),
        st.tuples(st.just("inc"), simple_filters),
        st.tuples(st.just("replace"), st.integers(0, 30), documents),
        st.tuples(st.just("delete"), simple_filters),
        st.tuples(st.just("delete_id"), st.integers(0, 30)),
        st.tuples(st.just("query"), filters),
        st.tuples(st.just("drop_index"), st.integers(0, len(INDEXES) - 1)),
        st.tuples(st.just("drop"), st.just(None)),
    ),
    max_size=40,
)


def _scan(collection: Any, filter: dict[str, Any]) -> list[Any]:
    spec = mongomock.helpers.patch_datetime_awareness_in_document(filter)
    return [
        d["_id"]
        for d in list(collection._store._documents.values())
        if filtering.filter_applies(spec, d)
    ]


def _create_indexes(collection: Any) -> None:
    for keys in INDEXES:
        collection.create_index(keys)


def _check(collection: Any, filter: dict[str, Any]) -> None:
    expected = _scan(collection, filter)
    assert [d["_id"] for d in collection.find(filter)] == expected
    assert collection.count_documents(filter) == len(expected)
    ordered = [d["_id"] for d in collection.find(filter).sort([("n", -1), ("_id", 1)])]
    window = collection.find(filter).sort([("n", -1), ("_id", 1)]).skip(1).limit(3)
    assert [d["_id"] for d in window] == ordered[1:4]


def _run(collection: Any, steps: list[Any]) -> None:
    next_id = 0
    for step in steps:
        kind = step[0]
        if kind == "insert":
            collection.insert_one({"_id": next_id, **step[1]})
            next_id += 1
        elif kind == "set":
            changes = {k: v for k, v in step[2].items()} or {"touched": 1}
            collection.update_one(step[1], {"$set": changes})
        elif kind == "inc":
            collection.update_many(step[1], {"$inc": {"n": 1}})
        elif kind == "replace":
            collection.replace_one({"_id": step[1]}, {"n": 1, **step[2]})
        elif kind == "delete":
            collection.delete_one(step[1])
        elif kind == "delete_id":
            collection.delete_one({"_id": step[1]})
        elif kind == "query":
            _check(collection, step[1])
        elif kind == "drop_index":
            name = "_".join(f"{k}_{d}" for k, d in INDEXES[step[1]])
            if name in collection.index_information():
                collection.drop_index(name)
            else:
                collection.create_index(INDEXES[step[1]])
        elif kind == "drop":
            collection.drop()
            _create_indexes(collection)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.lists(documents, min_size=1, max_size=25), steps=operations, last=filters)
def test_indexed_lookups_return_what_a_scan_returns(
    seed: list[dict[str, Any]], steps: list[Any], last: dict[str, Any]
) -> None:
    embedded_speedups.apply()
    collection: Any = mongomock.MongoClient(tz_aware=True).db.things
    _create_indexes(collection)
    collection.insert_many([{"_id": 100 + i, **doc} for i, doc in enumerate(seed)])
    _check(collection, last)  # builds the mirrors, which the steps then keep up to date
    _run(collection, steps)
    _check(collection, last)


# Shapes a dotted path meets on its way: arrays of subdocuments, subdocuments without the
# field, arrays at the end of the path, scalars and nested arrays inside the array.
THROUGH_ARRAYS = [
    {"sub": [{"x": "y"}, 3]},
    {"sub": [[{"x": "y"}]]},
    {"sub": "x"},
    {"sub": None},
    {"sub": [{"x": ["y", "z"]}]},
    {"sub": [{}, {"x": 1}]},
    {"sub": {"x": [1, "y"]}},
    {"sub": [{"x": {"k": 1}}, {"x": "y"}]},
    {"d": [{"e": [{"f": "y"}, {"g": 1}]}, {"e": "y"}]},
    {"d": [{"e": {"f": 1}}, {"e": [[{"f": "y"}]]}]},
    {},
]
THROUGH_FILTERS = [
    {"sub.x": "y"},
    {"sub.x": {"$in": ["y", 1]}},
    {"sub.x": {"$eq": 1}},
    {"d.e.f": {"$in": ["y"]}},
    {"d.e.f": 1},
    {"sub.x": "y", "d.e.f": 1},
]


def test_a_dotted_path_through_arrays_is_decided_without_mongomock() -> None:
    """Equality on `tags.product_id` (a field of an array of subdocuments) answers as
    mongomock does, and the quick test decides it itself: mongomock's filter walks each
    document many times more slowly."""
    for filter in THROUGH_FILTERS:
        test = embedded_speedups.compile_filter(filter)
        assert test is not None
        for document in THROUGH_ARRAYS:
            expected = filtering.filter_applies(filter, document)
            answer = test(document)
            assert answer in (expected, None), (filter, document)
            # Only a subdocument among the values reached leaves the answer to mongomock.
            if answer is None:
                assert document == {"sub": [{"x": {"k": 1}}, {"x": "y"}]}, (filter, document)


def test_an_indexed_lookup_visits_only_its_slice() -> None:
    embedded_speedups.apply()
    collection: Any = mongomock.MongoClient(tz_aware=True).db.posts
    collection.create_index([("market", 1), ("published_at", -1)])
    collection.create_index([("author_id", 1), ("published_at", -1)])
    collection.insert_many(
        {
            "_id": f"p{i}",
            "market": "US" if i % 2 else "UK",
            "author_id": f"a{i % 50}",
            "published_at": BASE + timedelta(hours=i),
        }
        for i in range(2000)
    )
    store = collection._store
    fresh = {"market": "US", "published_at": {"$gte": BASE + timedelta(hours=1900)}}
    visited = embedded_speedups.indexed_documents(store, fresh)
    assert visited is not None and len(visited) == 50
    followed = {"author_id": {"$in": ["a1", "a2"]}, "published_at": {"$gte": BASE}}
    visited = embedded_speedups.indexed_documents(store, {"$or": [followed, fresh]})
    assert visited is not None and len(visited) == 80 + 50 - 2  # p1901, p1951: a1 and fresh
    assert embedded_speedups.indexed_documents(store, {"unindexed": 1}) is None
    # A clause's bound and the one beside the `$or` make one range together: a1's posts from
    # hour 1000 (beside) to before hour 1100 (in the clause), not all of a1's from hour 1000.
    window = {"published_at": {"$gte": BASE + timedelta(hours=1000)}}
    older = {"author_id": "a1", "published_at": {"$lt": BASE + timedelta(hours=1100)}}
    between = {**window, "$or": [older, fresh]}
    visited = embedded_speedups.indexed_documents(store, between)
    assert visited is not None and len(visited) == 2 + 50  # p1001, p1051; and the fresh
    assert [d["_id"] for d in collection.find(between)] == [d["_id"] for d in visited]
    collection.update_one({"_id": "p0"}, {"$set": {"market": "US", "published_at": BASE}})
    collection.update_one({"_id": "p0"}, {"$set": {"published_at": BASE + timedelta(days=99)}})
    assert [d["_id"] for d in collection.find(fresh)][-1] == "p1999"
    assert "p0" in {d["_id"] for d in collection.find(fresh)}


def test_lookups_after_a_replay_see_the_replayed_documents(tmp_path: Path) -> None:
    config = Settings(data_dir=tmp_path, mongodb_db="replayed", seed_demo="never")
    db = mongo.sync_db(config)
    db.things.create_index([("b", 1), ("at", -1)])
    db.things.insert_many([{"_id": i, "b": i % 3, "at": BASE} for i in range(30)])
    assert len(list(db.things.find({"b": 1}))) == 10
    db.things.update_many({"b": 1}, {"$set": {"b": 2}})
    db.things.delete_one({"_id": 0})
    mongo.close_embedded(config)
    reopened = mongo.sync_db(config)
    assert [d["_id"] for d in reopened.things.find({"b": 2})] == [
        i for i in range(30) if i % 3 in (1, 2)
    ]
    assert [d["_id"] for d in reopened.things.find({"b": 0})] == list(range(3, 30, 3))
    reopened.things.insert_one({"_id": 99, "b": 0, "at": BASE})
    assert [d["_id"] for d in reopened.things.find({"b": 0})][-1] == 99
    mongo.close_embedded(config)
