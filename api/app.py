"""The ASGI application: stores opened at start-up, GraphQL at /graphql, REST edges, the web app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_fastapi_instrumentator import Instrumentator

from accounts import handles
from api import media, redirect, rest, webhooks
from api.context import Context, build_context
from api.core.errors import busy_response
from api.feeds import export as feeds_export
from api.middleware import BodyLimit, CountInFlight, MultipartGuard, RequestContext
from api.public_pages import mount_public_pages
from api.request_guard import GuardedGraphQLRouter
from api.schema import build_schema
from api.state import AppState
from api.web import mount_frontend
from core import celery_app as celery_config
from core import heap, mongo, pools
from core.errors import Busy
from core.indexes import ensure_indexes
from core.redis import async_client, resolve_url
from core.settings import Settings, get_settings
from core.worker import EmbeddedWorker
from feeds.search import index_io as search_index

log = logging.getLogger(__name__)

# A step run once the stores are open, before the first request (the demo seeds its world).
StartHook = Callable[[AppState], Awaitable[object]]


async def open_state(settings: Settings, *, start_worker: bool | None = None) -> AppState:
    celery = celery_config.configure(settings)
    pools.configure(settings)
    redis_url = resolve_url(settings)
    state = AppState(
        settings=settings,
        mongo=mongo.open_async(settings),
        redis=async_client(redis_url),
        redis_url=redis_url,
    )
    await ensure_indexes(state.db)
    # Accounts made before handles existed get theirs (idempotent: none left, nothing done).
    await handles.backfill(state.db)
    # The search index catches up with what changed while the app was down (or before it).
    await search_index.catch_up_all(state.db)
    wants_worker = settings.embedded_worker if start_worker is None else start_worker
    if wants_worker and not settings.celery_eager:
        state.worker = EmbeddedWorker(celery)
        state.worker.start()
    return state


async def close_state(state: AppState) -> None:
    if state.worker is not None:
        state.worker.stop()
    await state.redis.aclose()
    await state.mongo.close()
    pools.shutdown()


def create_app(
    settings: Settings | None = None,
    state: AppState | None = None,
    on_start: Sequence[StartHook] = (),
) -> FastAPI:
    """Build the app; pass `state` to share already-open stores (tests do). `on_start` runs
    once the app has opened its own stores."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = state is None
        app.state.trendloop = state or await open_state(settings)
        if owned:
            for hook in on_start:
                await hook(app.state.trendloop)
            # Once the store (and the seeded demo world) is loaded, not before.
            settler.enable()
        yield
        if owned:
            await close_state(app.state.trendloop)

    # Only a server that opened its own stores settles its heap; tests share theirs.
    settler = heap.IdleSettler()
    app = FastAPI(title="Trendloop", lifespan=lifespan, docs_url="/api/docs", redoc_url=None)
    if state is not None:
        app.state.trendloop = state

    async def context_getter(request: Request) -> Context:
        context = await build_context(
            request.app.state.trendloop, request.headers.get("authorization")
        )
        context.request = request
        return context

    graphql = GuardedGraphQLRouter(
        build_schema(settings),
        context_getter=context_getter,
        multipart_uploads_enabled=True,
        graphql_ide="graphiql",
    )
    app.add_exception_handler(Busy, busy_response)
    app.include_router(graphql, prefix="/graphql")
    app.include_router(rest.router)
    app.include_router(media.router)
    app.include_router(redirect.router)
    app.include_router(webhooks.router)
    app.include_router(feeds_export.router)
    # A registry per app, so each app instance (tests make many) counts its own requests;
    # the process-wide registry still carries the domain counters.
    http_registry = CollectorRegistry()
    Instrumentator(
        excluded_handlers=["/metrics", "/healthz", "/readyz"], registry=http_registry
    ).instrument(app)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        body = generate_latest(REGISTRY) + generate_latest(http_registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    mount_public_pages(app, settings.frontend_dist)
    mount_frontend(app, settings.frontend_dist)

    app.add_middleware(MultipartGuard)
    app.add_middleware(BodyLimit, max_bytes=settings.request_max_bytes)
    app.add_middleware(RequestContext, quiet_paths=("/healthz", "/readyz", "/metrics", "/assets"))
    app.add_middleware(redirect.RedirectFastPath)
    app.add_middleware(CountInFlight, settler=settler)
    return app
