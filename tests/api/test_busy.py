"""A full worker pool: requests are refused at once with 503, Retry-After and code BUSY, change
nothing, and succeed once the pool has drained."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest

from api.state import AppState
from core import pools
from core.pools import PoolName
from tests.api.helpers import make_account
from tests.api.post_helpers import multipart_create, phone_jpeg, published_post

SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { id email } errors { field code message } }
}"""
LOG_IN = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token errors { field code message } }
}"""
HOLD_SECONDS = 60.0


@pytest.fixture
def one_worker_no_queue(state: AppState) -> Iterator[None]:
    """Pools of one worker and no waiting room; the app's own sizes come back after."""
    pools.configure(
        state.settings.model_copy(
            update={
                "pool_auth_workers": 1,
                "pool_auth_queue": 0,
                "pool_cpu_workers": 1,
                "pool_cpu_queue": 0,
                "pool_io_workers": 1,
                "pool_io_queue": 0,
            }
        )
    )
    yield
    pools.configure(state.settings)


@asynccontextmanager
async def held(name: PoolName) -> AsyncIterator[None]:
    """The pool's only worker is busy with a job until the block ends."""
    release = threading.Event()
    job = asyncio.wrap_future(pools.pool(name).submit(release.wait, HOLD_SECONDS))
    try:
        yield
    finally:
        release.set()
        assert await job, "the held job was never released"


def assert_busy(response: httpx.Response, state: AppState) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == str(state.settings.pool_retry_after_seconds)


async def test_graphql_sign_up_is_refused_while_the_pool_is_full_then_succeeds(
    client: httpx.AsyncClient, state: AppState, one_worker_no_queue: None
) -> None:
    variables = {
        "input": {"email": "busy@example.com", "password": "s3cret-pass", "displayName": "Bo"}
    }
    async with held("auth"):
        refused = await client.post("/graphql", json={"query": SIGN_UP, "variables": variables})
        assert_busy(refused, state)
        (error,) = refused.json()["errors"]
        assert error["extensions"]["code"] == "BUSY"
        assert error["extensions"]["retryAfter"] == state.settings.pool_retry_after_seconds
        assert "busy" in error["message"]
        assert await state.db.users.count_documents({"email": "busy@example.com"}) == 0

    accepted = await client.post("/graphql", json={"query": SIGN_UP, "variables": variables})
    assert accepted.status_code == 200
    payload = accepted.json()["data"]["signUp"]
    assert payload["errors"] == [] and payload["token"]
    assert await state.db.users.count_documents({"email": "busy@example.com"}) == 1


async def test_graphql_log_in_is_refused_while_the_pool_is_full_then_succeeds(
    client: httpx.AsyncClient, state: AppState, one_worker_no_queue: None
) -> None:
    account = await make_account(state)
    variables = {"input": {"email": account.user.email, "password": account.password}}
    async with held("auth"):
        refused = await client.post("/graphql", json={"query": LOG_IN, "variables": variables})
        assert_busy(refused, state)
        assert refused.json()["errors"][0]["extensions"]["code"] == "BUSY"

    accepted = await client.post("/graphql", json={"query": LOG_IN, "variables": variables})
    assert accepted.status_code == 200
    assert accepted.json()["data"]["logIn"]["token"]


async def test_an_upload_refused_while_the_pool_is_full_stores_nothing(
    client: httpx.AsyncClient, state: AppState, one_worker_no_queue: None
) -> None:
    author = await make_account(state)
    photo = phone_jpeg(640, 480, seed=3)
    # A first post: the mutation's document is parsed and validated from now on, so what the
    # full pool refuses below is the photo's check.
    first = await multipart_create(client, author.token, [photo], caption="first")
    assert first.json()["data"]["createPost"]["errors"] == []
    async with held("cpu"):
        refused = await multipart_create(client, author.token, [photo], caption="held")
        assert_busy(refused, state)
        assert refused.json()["errors"][0]["extensions"]["code"] == "BUSY"
    assert await state.db.posts.count_documents({}) == 1

    accepted = await multipart_create(client, author.token, [photo], caption="later")
    assert accepted.status_code == 200
    assert accepted.json()["data"]["createPost"]["errors"] == []
    assert await state.db.posts.count_documents({}) == 2


async def test_a_new_query_text_is_refused_while_the_pool_is_full_a_known_one_answers(
    client: httpx.AsyncClient, state: AppState, one_worker_no_queue: None
) -> None:
    known, new = "{ __typename }", "query Fresh { __typename }"
    assert (await client.post("/graphql", json={"query": known})).status_code == 200
    async with held("cpu"):
        answered = await client.post("/graphql", json={"query": known})
        assert answered.status_code == 200 and answered.json()["data"] == {"__typename": "Query"}
        # A text not seen before is parsed and validated on the pool: turned away at once.
        refused = await client.post("/graphql", json={"query": new})
        assert_busy(refused, state)
        assert refused.json()["errors"][0]["extensions"]["code"] == "BUSY"
    accepted = await client.post("/graphql", json={"query": new})
    assert accepted.status_code == 200 and accepted.json()["data"] == {"__typename": "Query"}


async def test_a_full_password_pool_never_refuses_an_upload(
    client: httpx.AsyncClient, state: AppState, one_worker_no_queue: None
) -> None:
    author = await make_account(state)
    async with held("auth"):
        log_in = {"input": {"email": author.user.email, "password": author.password}}
        refused = await client.post("/graphql", json={"query": LOG_IN, "variables": log_in})
        assert_busy(refused, state)
        accepted = await multipart_create(client, author.token, [phone_jpeg(640, 480, seed=6)])
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["data"]["createPost"]["errors"] == []


async def test_media_is_refused_with_a_reason_while_the_pool_is_full_then_served(
    client: httpx.AsyncClient, state: AppState, one_worker_no_queue: None
) -> None:
    author = await make_account(state)
    doc = await published_post(client, state, author.token, seed=4)
    thumb = "/media/" + doc["images"][0]["variants"]["thumb"]["key"]
    async with held("io"):
        refused = await client.get(thumb)
        assert_busy(refused, state)
        assert refused.json()["error"] == "BUSY"
        assert "try again" in refused.json()["message"]

    served = await client.get(thumb)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
