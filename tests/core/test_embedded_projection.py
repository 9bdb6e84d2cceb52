"""Documents leave the embedded store projected, copied and timezone-aware in one walk, and
sorted without mongomock's comparison wrapper, with exactly mongomock's answers.

The reference is mongomock itself: its own projection and copy followed by its timezone pass,
and its own sort key.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import mongomock
from bson import ObjectId
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mongomock import filtering, helpers
from pymongo.errors import OperationFailure

from core import embedded_speedups
from core.embedded_projection import compile_projection

BASE = datetime(2026, 3, 1)  # stored naive, as mongomock keeps them

leaves = st.one_of(
    st.sampled_from(["x", "y", "", "Zoé"]),
    st.integers(-3, 3),
    st.sampled_from([1.5, True, False, None, b"raw", ObjectId("6650f1e2a1b2c3d4e5f60718")]),
    st.integers(0, 5).map(lambda d: BASE + timedelta(days=d)),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
    ),
    max_leaves=8,
)
documents = st.fixed_dictionaries(
    {"_id": st.integers(0, 1000)},
    optional={name: values for name in ["a", "b", "c", "d"]},
)
paths = st.sampled_from(["a", "b", "c", "d", "a.b", "a.c", "b.a", "c.a.b", "d.c"])
projections = st.one_of(
    st.none(),
    st.just({}),
    st.dictionaries(paths, st.sampled_from([1, True]), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.sampled_from([0, False]), max_size=2),
).flatmap(
    lambda spec: (
        st.just(spec)
        if spec is None
        else st.one_of(
            st.just(spec), st.sampled_from([0, 1]).map(lambda flag: {**spec, "_id": flag})
        )
    )
)


def _reference(document: dict[str, Any], fields: Any) -> dict[str, Any]:
    embedded_speedups.apply()
    original = embedded_speedups.mongomock_original("_copy_only_fields")
    collection = mongomock.MongoClient()["db"]["things"]
    copied = original(collection, document, None if fields is None else dict(fields), dict)
    return helpers.make_datetime_timezone_aware_in_document(copied)  # type: ignore[no-any-return]


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=documents, fields=projections)
def test_a_projected_copy_is_what_mongomock_returns(document: dict[str, Any], fields: Any) -> None:
    try:
        expected = _reference(document, fields)
    except OperationFailure:  # colliding paths ("a" with "a.b"): mongomock says why
        assert compile_projection(fields) is None
        return
    except (AttributeError, ValueError):
        assume(False)  # shapes mongomock cannot project (paths into arrays of non-documents)
        raise
    copier = compile_projection(fields)
    assert copier is not None
    assert copier(document, helpers.utc) == expected


def test_a_copy_shares_nothing_mutable_with_the_store() -> None:
    stored = {"_id": 1, "tags": ["a"], "sub": {"rows": [{"n": 1}]}, "at": BASE}
    whole = compile_projection(None)
    assert whole is not None
    copied = whole(stored, helpers.utc)
    copied["tags"].append("b")
    copied["sub"]["rows"][0]["n"] = 2
    assert stored == {"_id": 1, "tags": ["a"], "sub": {"rows": [{"n": 1}]}, "at": BASE}
    assert copied["at"].tzinfo is not None and stored["at"].tzinfo is None


def test_projections_it_does_not_handle_fall_back() -> None:
    assert compile_projection({"tags": {"$slice": 2}}) is None
    assert compile_projection({"a": 1, "b": 0}) is None
    assert compile_projection({"a": 1, "a.b": 1}) is None
    assert compile_projection({"_id.x": 1}) is None


sort_values = st.one_of(
    st.lists(st.integers(0, 4), min_size=1, max_size=12),
    st.lists(st.integers(0, 4).map(lambda d: BASE + timedelta(hours=d)), min_size=1, max_size=12),
    st.lists(st.sampled_from(["b", "a", "é", "B", ""]), min_size=1, max_size=12),
    st.lists(st.one_of(st.integers(0, 2), st.just("a"), st.none(), st.just([1, 2])), max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(values=sort_values, reverse=st.booleans(), missing=st.sets(st.integers(0, 11)))
def test_a_sort_orders_as_mongomock_does(
    values: list[Any], reverse: bool, missing: set[int]
) -> None:
    docs = [
        {"_id": i} if i in missing else {"_id": i, "k": value} for i, value in enumerate(values)
    ]
    expected = sorted(docs, key=lambda d: filtering.resolve_sort_key("k", d), reverse=reverse)
    got = embedded_speedups._sorted(docs, "k", reverse)
    assert [d["_id"] for d in got] == [d["_id"] for d in expected]


def test_a_sort_by_an_operator_is_left_to_mongomock() -> None:
    embedded_speedups.apply()
    collection = mongomock.MongoClient()["db"]["things"]
    collection.insert_many([{"_id": 1, "n": 2}, {"_id": 2, "n": 1}])
    try:
        list(collection.find({}).sort([("$meta", 1)]))
    except NotImplementedError as refused:
        assert "mongomock" in str(refused)  # mongomock's own answer, not a copy of it
    else:
        raise AssertionError("mongomock sorts by $meta now: check what it returns")
    assert [d["_id"] for d in collection.find({}).sort([("n", 1)])] == [2, 1]
