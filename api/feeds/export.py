"""`GET /exports/trending.csv`: a trend list as a spreadsheet.

Authenticated either by the bearer token (scripts, the API) or by a short-lived signed link
that the `trendingExport` mutation hands out, so a browser can download the file with a plain
link. A link names its user, its list and its expiry, signed with HMAC-SHA256; it works until it
expires and only while that user may still see trend lists.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from accounts.users import Role, User, authenticate, get_user
from api.state import AppState
from core import clock, pools
from core.errors import Unauthenticated, UserError
from core.settings import MARKETS, Settings
from feeds import trend_store
from feeds.error_codes import TrendErrorCode
from feeds.extraction_io import current_taxonomy
from feeds.taxonomy import Kind, Taxonomy
from feeds.trend_store import ListKey, Snapshot

router = APIRouter(include_in_schema=False)
PATH = "/exports/trending.csv"
ALLOWED = frozenset({Role.DESIGNER, Role.BRAND, Role.ADMIN})
COLUMNS = (
    "rank",
    "element_id",
    "name",
    "kind",
    "state",
    "growth_pct",
    "raw_growth_pct",
    "distinct_authors",
    "capped_authors",
    "baseline_authors",
    "posts",
    "engagement_lift",
    "conversion_lift",
    "sentiment",
    "score",
    "significance",
    "forecast_next_7_days",
)


def check_list(market: str | None, kind: str | None, window: int) -> ListKey:
    """The list a request names, or a UserError on the parameter at fault."""
    if market and market not in MARKETS:
        raise UserError(
            TrendErrorCode.INVALID, f"Choose one of the markets {', '.join(MARKETS)}.", "market"
        )
    chosen_kind: Kind | None = None
    if kind:
        try:
            chosen_kind = Kind(kind.lower())
        except ValueError:
            kinds = ", ".join(k.name for k in Kind)
            raise UserError(
                TrendErrorCode.INVALID, f"Choose one of the kinds {kinds}.", "kind"
            ) from None
    if window not in trend_store.WINDOWS:
        windows = ", ".join(str(w) for w in trend_store.WINDOWS)
        raise UserError(TrendErrorCode.INVALID, f"The window is one of {windows} days.", "window")
    return ListKey(market or None, chosen_kind, window)


def _message(list_key: ListKey, user_id: str, expires: int) -> bytes:
    return f"{user_id}|{list_key.id}|{expires}".encode()


def sign(settings: Settings, list_key: ListKey, user_id: str, expires: int) -> str:
    return hmac.new(
        settings.jwt_secret.encode(), _message(list_key, user_id, expires), hashlib.sha256
    ).hexdigest()


def signed_url(settings: Settings, list_key: ListKey, user_id: str) -> tuple[str, datetime]:
    expires_at = clock.now().timestamp() + settings.export_link_ttl_seconds
    expires = int(expires_at)
    params: dict[str, Any] = {
        "market": list_key.market or "",
        "kind": list_key.kind.name if list_key.kind else "",
        "window": list_key.window,
        "user": user_id,
        "expires": expires,
        "signature": sign(settings, list_key, user_id, expires),
    }
    url = settings.public_url.rstrip("/") + PATH + "?" + urlencode(params)
    return url, datetime.fromtimestamp(expires, tz=clock.now().tzinfo)


def _safe(text: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet; text never should be one.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_csv(snapshot: Snapshot, taxonomy: Taxonomy) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in snapshot.rows:
        element = taxonomy.get(row.element_id)
        week = sum(point.expected for point in row.forecast[:7])
        writer.writerow(
            [
                row.rank,
                row.element_id,
                _safe(element.name if element else row.element_id),
                row.kind,
                row.state.value,
                f"{row.growth_pct:.2f}",
                "" if row.raw_growth_pct is None else f"{row.raw_growth_pct:.2f}",
                row.distinct_authors,
                f"{row.authors:.2f}",
                f"{row.baseline_authors:.2f}",
                row.posts,
                f"{row.engagement_lift:.3f}",
                f"{row.conversion_lift:.3f}",
                "" if row.sentiment is None else f"{row.sentiment:.3f}",
                f"{row.score:.4f}",
                f"{row.significance:.3f}",
                f"{week:.1f}",
            ]
        )
    return out.getvalue()


def filename(snapshot: Snapshot) -> str:
    key = snapshot.key
    kind = key.kind.value if key.kind else "all"
    return f"trending-{key.market or 'all'}-{kind}-{key.window}d-{snapshot.as_of.isoformat()}.csv"


def _refuse(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


async def _refusal(state: AppState, request: Request, list_key: ListKey) -> JSONResponse | None:
    """Why this request may not have the list, or None when it may."""
    params = request.query_params
    signature = params.get("signature")
    user: User | None = None
    user_id = ""
    if signature:
        user_id, expires_raw = params.get("user", ""), params.get("expires", "")
        if not expires_raw.isdigit():
            return _refuse(403, "INVALID_LINK", "This download link is not valid.")
        expected = sign(state.settings, list_key, user_id, int(expires_raw))
        if not hmac.compare_digest(expected, signature):
            return _refuse(403, "INVALID_LINK", "This download link is not valid.")
        if int(expires_raw) < clock.now().timestamp():
            return _refuse(403, "LINK_EXPIRED", "This download link has expired.")
    else:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return _refuse(401, "UNAUTHENTICATED", "Send 'Authorization: Bearer <token>'.")
        try:
            # The same check as GraphQL's: an ended session's token is refused here too.
            user = await authenticate(state.db, state.settings, token.strip())
        except Unauthenticated as exc:
            return _refuse(401, "UNAUTHENTICATED", exc.message)
    if user is None and user_id:
        user = await get_user(state.db, user_id)
    if user is None:
        return _refuse(401, "UNAUTHENTICATED", "This account no longer exists.")
    if user.role not in ALLOWED:
        return _refuse(403, "FORBIDDEN", "Only designers and brand accounts can see this.")
    return None


@router.get(PATH)
async def trending_csv(request: Request) -> Response:
    state: AppState = request.app.state.trendloop
    params = request.query_params
    window_raw = params.get("window") or str(trend_store.DEFAULT_WINDOW)
    try:
        if not window_raw.isdigit():
            raise UserError(TrendErrorCode.INVALID, "The window is a number of days.", "window")
        list_key = check_list(params.get("market"), params.get("kind"), int(window_raw))
    except UserError as exc:
        return JSONResponse(
            {"error": exc.code, "field": exc.field, "message": exc.message}, status_code=422
        )
    refusal = await _refusal(state, request, list_key)
    if refusal is not None:
        return refusal
    taxonomy = current_taxonomy(state.settings)
    try:
        snapshot = await trend_store.current_list(
            state.db, state.redis, state.settings, list_key, taxonomy.version
        )
    except UserError as exc:
        return JSONResponse({"error": exc.code, "message": exc.message}, status_code=503)
    # The rows the designers' list shows, as it shows them.
    snapshot = trend_store.designers_view(snapshot, state.settings.trend_min_authors)
    # A long list is thousands of formatted cells: rendered off the event loop.
    body = await pools.run("cpu", render_csv, snapshot, taxonomy)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename(snapshot)}"',
            "Cache-Control": "private, no-store",
        },
    )
