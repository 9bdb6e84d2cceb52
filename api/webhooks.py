"""POST /webhooks/orders and /webhooks/returns: the shops' signed reports.

Headers: `X-Trendloop-Shop` (the shop id) and `X-Trendloop-Signature` (`t=…,v1=…`, HMAC-SHA256
of "timestamp.body" with the shop's secret). Answers: 201 with the attribution for a new order
or return, 200 with the same answer for a repeat, 4xx `{"error": {"code", "message"}}` for
anything refused (nothing is stored then).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.state import AppState
from attribution import report_refresh
from attribution.crediting import attribute_order
from attribution.report_jobs import consumer_name
from commerce import consumer, orders, points_store
from commerce.signing import HEADER_NAME
from core.mongo import sync_db
from core.redis import sync_client

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


def _error(exc: orders.WebhookError) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": exc.code, "message": exc.message}}, status_code=exc.status
    )


async def _body(request: Request, state: AppState) -> bytes:
    declared = request.headers.get("content-length")
    limit = state.settings.webhook_max_bytes
    if declared and declared.isdigit() and int(declared) > limit:
        raise orders.WebhookError(413, "TOO_LARGE", f"Webhook bodies are limited to {limit} bytes.")
    body = await request.body()
    if len(body) > limit:
        raise orders.WebhookError(413, "TOO_LARGE", f"Webhook bodies are limited to {limit} bytes.")
    return body


def _catch_up(state: AppState) -> orders.CatchUp:
    async def drain() -> None:
        await asyncio.to_thread(
            consumer.drain,
            sync_db(state.settings),
            sync_client(state.redis_url),
            state.settings,
            consumer="api-" + consumer_name(),
            on_written=report_refresh.mark_clicked_orders,
            max_batches=20,
        )

    return drain


@router.post("/orders")
async def order_webhook(request: Request) -> JSONResponse:
    state: AppState = request.app.state.trendloop
    try:
        body = await _body(request, state)
        shop = await orders.verify_request(
            state.db,
            state.settings,
            request.headers.get(orders.SHOP_HEADER),
            request.headers.get(HEADER_NAME),
            body,
        )
        payload = orders.parse_order(body)
        outcome = await orders.receive_order(
            state.db,
            state.redis,
            state.settings,
            shop,
            payload,
            attribute=attribute_order,
            catch_up=_catch_up(state),
        )
    except orders.WebhookError as exc:
        return _error(exc)
    # Post-step: an order through a shopper's look earns them points. Idempotent, so a
    # resend that finds the order done also completes a credit a crash left undone.
    shopper_points = await points_store.credit_order(
        state.db, state.redis, state.settings, orders.order_key(shop.id, payload.order_id)
    )
    answer = {**outcome.body, "points": shopper_points} if shopper_points else outcome.body
    return JSONResponse(answer, status_code=201 if outcome.created else 200)


@router.post("/returns")
async def return_webhook(request: Request) -> JSONResponse:
    state: AppState = request.app.state.trendloop
    try:
        body = await _body(request, state)
        shop = await orders.verify_request(
            state.db,
            state.settings,
            request.headers.get(orders.SHOP_HEADER),
            request.headers.get(HEADER_NAME),
            body,
        )
        payload = orders.parse_return(body)
        outcome = await orders.receive_return(state.db, state.redis, state.settings, shop, payload)
    except orders.WebhookError as exc:
        return _error(exc)
    # Post-step: the order's shopper points are reversed pro rata (once per return).
    shopper_points = await points_store.reverse_for_return(
        state.db, state.redis, state.settings, orders.return_key(shop.id, payload.return_id)
    )
    answer = {**outcome.body, "points": shopper_points} if shopper_points else outcome.body
    return JSONResponse(answer, status_code=201 if outcome.created else 200)
