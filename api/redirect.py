"""GET/HEAD /l/{code}: the shoppable-link redirect, the platform's hottest path.

A plain Starlette route (no FastAPI dependency solving) that makes one Redis round trip in the
common case. Clicks that must not count (HEAD, link previews, bots, repeats within the hour)
are still redirected, only flagged on the stream.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api.state import AppState
from attribution.clicks import (
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
from attribution.links import append_click_id, is_valid_code, new_click_id
from attribution.linkstore import lookup_and_cache
from attribution.useragent import classify
from core import clock

router = APIRouter(include_in_schema=False)

_NOT_FOUND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>Link not found · Trendloop</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;
color:#222}h1{font-size:1.4rem}a{color:#7c3aed}</style></head>
<body><h1>This link leads nowhere</h1>
<p>The shoppable link you followed does not exist or was mistyped.</p>
<p><a href="/">Browse Trendloop</a></p></body></html>
"""
_RECORDER = "click_recorder"


def _recorder(state: AppState) -> ClickRecorder:
    recorder = state.extras.get(_RECORDER)
    if not isinstance(recorder, ClickRecorder):
        recorder = ClickRecorder(state.redis, state.settings)
        state.extras[_RECORDER] = recorder
    return recorder


def _not_found() -> Response:
    return HTMLResponse(_NOT_FOUND_PAGE, status_code=404, headers={"cache-control": "no-store"})


async def follow_link(request: Request) -> Response:
    code: str = request.path_params["code"]
    if not is_valid_code(code):
        return _not_found()
    state: AppState = request.app.state.trendloop
    method = request.method
    headers = request.headers
    info = classify(headers.get("user-agent"), method)
    visitor = request.cookies.get(VISITOR_COOKIE)
    new_visitor = not valid_visitor_id(visitor)
    if new_visitor or visitor is None:
        visitor = new_visitor_id()
    at_ms = int(clock.now().timestamp() * 1000)
    click_id = new_click_id(at_ms)
    recorder = _recorder(state)
    kwargs = {
        "click_id": click_id,
        "at_ms": at_ms,
        "visitor_id": visitor,
        "ua_class": info.ua_class.value,
        "flags": flags_for(info, method),
        "countable": info.countable,
        "client_ip": request.client.host if request.client else "unknown",
        "country": country_from(headers.get("cf-ipcountry") or headers.get("x-country")),
        "referrer": referrer_host(headers.get("referer")),
    }
    outcome = await recorder.record(code, **kwargs)  # type: ignore[arg-type]
    if outcome is None:  # the cache lost this code: read Mongo once, re-cache, record again
        if await lookup_and_cache(state.db, state.redis, state.settings, code) is None:
            return _not_found()
        outcome = await recorder.record(code, **kwargs)  # type: ignore[arg-type]
    if not isinstance(outcome, Recorded):
        return _not_found()
    response = Response(
        status_code=302,
        headers={
            "location": append_click_id(outcome.target_url, click_id),
            "cache-control": "no-store",
            "referrer-policy": "no-referrer-when-downgrade",
        },
    )
    if new_visitor:
        response.set_cookie(
            VISITOR_COOKIE,
            visitor,
            max_age=VISITOR_COOKIE_MAX_AGE,
            httponly=True,
            samesite="lax",
            secure=state.settings.public_url.startswith("https://"),
        )
    return response


router.add_route("/l/{code}", follow_link, methods=["GET", "HEAD"], include_in_schema=False)
