"""The REST edges: health, readiness, metrics, request ids, body limits, the multipart guard."""

from __future__ import annotations

import httpx

from api.app import create_app
from api.state import AppState
from core.redis import async_client


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_readyz_when_both_stores_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


async def test_readyz_names_the_store_that_fails(state: AppState, tmp_path: object) -> None:
    dead = AppState(
        settings=state.settings,
        mongo=state.mongo,
        redis=async_client("unix:///nonexistent/trendloop.sock"),
        redis_url="unix:///nonexistent/trendloop.sock",
    )
    app = create_app(state.settings, state=dead)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as http:
        response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["redis"]}


async def test_metrics_expose_request_counts(client: httpx.AsyncClient) -> None:
    await client.post("/graphql", json={"query": "{ me { id } }"})
    text = (await client.get("/metrics")).text
    assert "http_requests_total" in text and 'handler="/graphql"' in text


async def test_request_id_is_echoed_or_made(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"x-request-id": "abc123"})
    assert given.headers["x-request-id"] == "abc123"
    made = await client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32


async def test_oversized_body_is_refused(client: httpx.AsyncClient, state: AppState) -> None:
    size = state.settings.request_max_bytes + 1
    response = await client.post(
        "/graphql", content=b"x" * size, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


async def test_multipart_without_token_or_preflight_header_is_refused(
    client: httpx.AsyncClient,
) -> None:
    files = {"operations": (None, '{"query": "{ me { id } }"}'), "map": (None, "{}")}
    refused = await client.post("/graphql", files=files)
    assert refused.status_code == 400
    assert "Apollo-Require-Preflight" in refused.json()["detail"]
    allowed = await client.post(
        "/graphql", files=files, headers={"apollo-require-preflight": "true"}
    )
    assert allowed.status_code == 200, allowed.text


async def test_graphiql_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_web_app_shell_and_api_404s(client: httpx.AsyncClient) -> None:
    page = await client.get("/some/deep/link")
    assert page.status_code == 200
    assert page.text.lower().startswith("<!doctype html>")
    assert (await client.get("/webhooks/unknown")).status_code == 404
