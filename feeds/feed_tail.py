"""The rest of the market after a feed session's ranked candidates: the feed does not end early.

A session ranks a bounded candidate pool (`feed_store.gather_candidates`); a shopper who
scrolls past it would read "You're all caught up" while the market holds thousands of older
looks. When a session's list runs out, it is extended with the market's next looks, newest
first, from where the last extension stopped: a keyset cursor (published time, post id) kept
beside the list in Redis. Posts the list already holds and the shopper's own are skipped; the
read is served by the `post_elements` index on (market, active, time).

Two pages of one session asked for at once extend the list once: a short `SET NX` lock; the
other waits for it to be released, then reads the list as extended.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from redis.asyncio import Redis as AsyncRedis
from redis.typing import EncodableT, FieldT

from core import clock
from core.mongo import AsyncDB
from feeds.elements_store import POST_ELEMENTS

TAIL_BATCH = 60
# One extension reads at most this many batches looking for posts the list lacks.
_MAX_READS = 3
_LOCK_SECONDS = 5


@dataclass(frozen=True)
class TailState:
    market: str
    skip_author: str
    # The last post read, in the order published time descending then id descending.
    before: datetime
    before_id: str
    done: bool = False

    def fields(self) -> dict[FieldT, EncodableT]:
        return {
            "market": self.market,
            "skip_author": self.skip_author,
            "before": self.before.isoformat(),
            "before_id": self.before_id,
            "done": "1" if self.done else "",
        }

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> TailState | None:
        try:
            return cls(
                market=fields["market"],
                skip_author=fields.get("skip_author", ""),
                before=datetime.fromisoformat(fields["before"]),
                before_id=fields.get("before_id", ""),
                done=bool(fields.get("done")),
            )
        except (KeyError, ValueError):
            return None


def tail_key(list_key: str) -> str:
    return f"{list_key}:tail"


def start_state(market: str, skip_author: str | None, oldest: datetime | None) -> TailState:
    """Where a new session's tail starts: below its oldest candidate (the pool holds the
    market's newest looks), or at now for an empty pool. `before_id` "~" sorts after every id,
    so posts published at exactly `oldest` are read too (and skipped if already listed)."""
    return TailState(market, skip_author or "", oldest or clock.now(), "~")


def _seek(state: TailState) -> dict[str, Any]:
    # The market in each clause: each is then an index range on its own, in both stores.
    return {
        "active": True,
        "$or": [
            {"market": state.market, "published_at": {"$lt": state.before}},
            {"market": state.market, "published_at": state.before, "_id": {"$lt": state.before_id}},
        ],
    }


async def next_looks(
    db: AsyncDB, state: TailState, listed: set[str], want: int = TAIL_BATCH
) -> tuple[list[str], TailState]:
    """Up to `want` of the market's next looks not in `listed`, and the state after them."""
    found: list[str] = []
    for _ in range(_MAX_READS):
        docs = (
            await db[POST_ELEMENTS]
            .find(_seek(state), {"author_id": 1, "published_at": 1})
            .sort([("published_at", -1), ("_id", -1)])
            .limit(TAIL_BATCH)
            .to_list()
        )
        if not docs:
            return found, TailState(state.market, state.skip_author, state.before, "", done=True)
        last = docs[-1]
        state = TailState(
            state.market, state.skip_author, clock.as_utc(last["published_at"]), last["_id"]
        )
        found += [
            doc["_id"]
            for doc in docs
            if doc["_id"] not in listed and doc["author_id"] != state.skip_author
        ]
        if len(docs) < TAIL_BATCH:
            return found, TailState(
                state.market, state.skip_author, state.before, state.before_id, done=True
            )
        if len(found) >= want:
            break
    return found, state


async def save_state(client: AsyncRedis, list_key: str, state: TailState, ttl: int) -> None:
    async with client.pipeline(transaction=False) as pipe:
        pipe.hset(tail_key(list_key), mapping=state.fields())
        pipe.expire(tail_key(list_key), ttl)
        await pipe.execute()


async def extend(db: AsyncDB, client: AsyncRedis, list_key: str, ttl: int) -> bool:
    """Append the market's next looks to a session list that ran out. True when the list may
    have grown: looks were added, or another request held the lock (and has now let it go)."""
    state = TailState.from_fields(cast(dict[str, str], await client.hgetall(tail_key(list_key))))
    if state is None or state.done:
        return False
    lock = f"{tail_key(list_key)}:lock"
    if not await client.set(lock, "1", nx=True, ex=_LOCK_SECONDS):
        for _ in range(_LOCK_SECONDS * 50):
            if not await client.exists(lock):
                break
            await asyncio.sleep(0.02)
        return True
    try:
        listed = set(cast(Sequence[str], await client.lrange(list_key, 0, -1)))
        if not listed:
            return False  # the session expired meanwhile
        ids, state = await next_looks(db, state, listed)
        async with client.pipeline(transaction=False) as pipe:
            if ids:
                pipe.rpush(list_key, *ids)
                pipe.expire(list_key, ttl)
            pipe.hset(tail_key(list_key), mapping=state.fields())
            pipe.expire(tail_key(list_key), ttl)
            await pipe.execute()
        return bool(ids)
    finally:
        await client.delete(lock)
