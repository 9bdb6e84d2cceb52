"""The server settles its heap (collect, then freeze) only between requests, and never freezes
garbage: a reference cycle that was already old when it was dropped is collected, not kept."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from core import heap


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def _old_cycle() -> weakref.ref[Node]:
    """A cycle that has lived through full collections (so it sits in the oldest generation),
    then is dropped."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    gc.collect()
    gc.collect()
    return weakref.ref(a)


def test_settling_collects_old_cycles_before_it_freezes(unfrozen: None) -> None:
    dropped = _old_cycle()
    kept = [{"document": i} for i in range(1000)]
    before = gc.get_freeze_count()
    heap.settle()
    assert dropped() is None
    assert gc.get_freeze_count() >= before + len(kept)


async def test_the_heap_is_settled_only_when_no_request_is_in_flight(unfrozen: None) -> None:
    settler = heap.IdleSettler(every=0.0)
    settler.started()
    settler.started()
    settler.enable()  # start-up: settles once
    first = settler.last
    settler.finished()
    await asyncio.sleep(0)
    assert settler.last == first  # one request still in flight

    dropped = _old_cycle()
    settler.finished()
    await asyncio.sleep(0)
    assert settler.last > first and dropped() is None


async def test_a_settler_that_is_not_enabled_never_settles(unfrozen: None) -> None:
    settler = heap.IdleSettler(every=0.0)
    frozen = gc.get_freeze_count()
    settler.started()
    settler.finished()
    await asyncio.sleep(0)
    assert settler.last == float("-inf") and gc.get_freeze_count() == frozen
