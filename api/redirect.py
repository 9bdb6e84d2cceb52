"""GET/HEAD /l/{code}: the shoppable-link redirect, the platform's hottest path.

`RedirectFastPath` is the outermost ASGI layer: requests under /l/ are answered there, in raw
ASGI, before routing, the HTTP metrics instrumentation (which re-matches every route to name
the handler) and the per-request log line — together they cost several times the redirect
itself. Redirects are counted by a counter of their own instead. In the common case the answer
takes one Redis round trip; Mongo is read only when the cache has lost the link. Clicks that
must not count (HEAD, link previews, bots, repeats within the hour) are still redirected, only
flagged on the stream.

The route registered on `router` serves the same handler, so /l/{code} also exists for
anything that builds the app without the fast path.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from prometheus_client import Counter
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.context import client_address
from api.state import AppState
from commerce.clicks import (
    VISITOR_COOKIE,
    VISITOR_COOKIE_MAX_AGE,
    ClickRecorder,
    Recorded,
    country_from,
    flags_for,
    new_visitor_id,
    referrer_host,
    valid_visitor_id,
)
from commerce.links import append_click_id, is_valid_code, new_click_id
from commerce.linkstore import lookup_and_cache
from commerce.useragent import classify
from core import clock

PREFIX = "/l/"
_NOT_FOUND_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>Link not found - Trendloop</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;
color:#222}h1{font-size:1.4rem}a{color:#7c3aed}</style></head>
<body><h1>This link leads nowhere</h1>
<p>The shoppable link you followed does not exist or was mistyped.</p>
<p><a href="/">Browse Trendloop</a></p></body></html>
"""
_RECORDER = "click_recorder"
_REDIRECTS = Counter("trendloop_link_redirects", "Shoppable-link requests by outcome", ["outcome"])
_REDIRECTED = _REDIRECTS.labels("redirected")
_NOT_FOUND = _REDIRECTS.labels("not_found")

Headers = list[tuple[bytes, bytes]]


def _recorder(state: AppState) -> ClickRecorder:
    recorder = state.extras.get(_RECORDER)
    if not isinstance(recorder, ClickRecorder):
        recorder = ClickRecorder(state.redis, state.settings)
        state.extras[_RECORDER] = recorder
    return recorder


def _visitor(cookie_header: str | None) -> str | None:
    if not cookie_header or VISITOR_COOKIE not in cookie_header:
        return None
    for part in cookie_header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == VISITOR_COOKIE:
            return value
    return None


def _cookie(visitor: str, secure: bool) -> bytes:
    # Visitor ids are URL-safe base64: nothing in them needs quoting.
    attributes = f"; Max-Age={VISITOR_COOKIE_MAX_AGE}; Path=/; HttpOnly; SameSite=Lax"
    return f"{VISITOR_COOKIE}={visitor}{attributes}{'; Secure' if secure else ''}".encode()


async def answer(
    state: AppState, code: str, method: str, headers: dict[str, str], client_ip: str
) -> tuple[int, Headers, bytes]:
    """Status, headers and body for a request to /l/{code}."""
    if not is_valid_code(code):
        return _not_found()
    info = classify(headers.get("user-agent"), method)
    visitor = _visitor(headers.get("cookie"))
    new_visitor = not valid_visitor_id(visitor)
    if new_visitor or visitor is None:
        visitor = new_visitor_id()
    at_ms = int(clock.now().timestamp() * 1000)
    click_id = new_click_id(at_ms)
    recorder = _recorder(state)
    click: dict[str, Any] = {
        "click_id": click_id,
        "at_ms": at_ms,
        "visitor_id": visitor,
        "ua_class": info.ua_class.value,
        "flags": flags_for(info, method),
        "countable": info.countable,
        "client_ip": client_ip,
        "country": country_from(headers.get("cf-ipcountry") or headers.get("x-country")),
        "referrer": referrer_host(headers.get("referer")),
    }
    outcome = await recorder.record(code, **click)
    if outcome is None:  # the cache lost this code: read Mongo once, re-cache, record again
        if await lookup_and_cache(state.db, state.redis, state.settings, code) is None:
            return _not_found()
        outcome = await recorder.record(code, **click)
    if not isinstance(outcome, Recorded):
        return _not_found()
    _REDIRECTED.inc()
    response: Headers = [
        (b"location", append_click_id(outcome.target_url, click_id).encode("latin-1")),
        (b"cache-control", b"no-store"),
        (b"referrer-policy", b"no-referrer-when-downgrade"),
        (b"content-length", b"0"),
    ]
    if new_visitor:
        secure = state.settings.public_url.startswith("https://")
        response.append((b"set-cookie", _cookie(visitor, secure)))
    return 302, response, b""


def _not_found() -> tuple[int, Headers, bytes]:
    _NOT_FOUND.inc()
    return (
        404,
        [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"cache-control", b"no-store"),
            (b"content-length", str(len(_NOT_FOUND_PAGE)).encode()),
        ],
        _NOT_FOUND_PAGE,
    )


class RedirectFastPath:
    """Answers GET/HEAD /l/{code} before the rest of the stack; passes everything else on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not path.startswith(PREFIX)
            or scope["method"] not in ("GET", "HEAD")
        ):
            await self.app(scope, receive, send)
            return
        state: AppState = scope["app"].state.trendloop
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        client = scope.get("client")
        forwarded = [v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"]
        address = client_address(
            client[0] if client else None, forwarded, state.settings.trusted_proxies
        )
        status, response, body = await answer(
            state, path[len(PREFIX) :], scope["method"], headers, address
        )
        await send({"type": "http.response.start", "status": status, "headers": response})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )


router = APIRouter(include_in_schema=False)


async def follow_link(request: Request) -> Response:
    state: AppState = request.app.state.trendloop
    client = client_address(
        request.client.host if request.client else None,
        request.headers.getlist("x-forwarded-for"),
        state.settings.trusted_proxies,
    )
    status, headers, body = await answer(
        state,
        request.path_params["code"],
        request.method,
        dict(request.headers),
        client,
    )
    response = Response(body, status_code=status)
    response.raw_headers = headers
    return response


router.add_route("/l/{code}", follow_link, methods=["GET", "HEAD"], include_in_schema=False)
