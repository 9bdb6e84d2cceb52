"""GET /media/{key}: the processed images of posts and products, at stable content-addressed URLs.

A key names its bytes (`posts/<post>/<index>/<variant>-<sha256 prefix>.webp`), so a response
is cacheable forever (`immutable`) and its ETag is that hash: a client revalidating with
If-None-Match gets a 304 without the file being read.

Only variants the post currently references are served, and only while the post is visible:
PUBLISHED to everyone; HIDDEN or REMOVED only to the author and admins (with their bearer token,
and never into a shared cache); DELETED, PROCESSING and REJECTED to nobody. Originals (which
carry the camera's GPS) are never served. A product's photo (`products/<product>/<variant>-…`)
is served to anyone while the product names it, and so is a profile picture
(`avatars/<user>/<variant>-…`) while its account names it. A CDN in front must be purged when a
post is hidden or deleted, since what it already cached was marked immutable.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request, Response

from accounts.avatars import names_avatar_key
from api.context import build_context
from api.state import AppState
from commerce.product_images import image_keys
from core import pools
from core.ids import is_valid_id
from media.backends import storage_for
from media.errors import InvalidMediaKey
from media.storage import (
    IMMUTABLE_CACHE_CONTROL,
    content_type_for_key,
    digest_from_key,
    validate_key,
)
from posts.lifecycle import PostStatus, is_staff
from posts.processing import variant_keys_of

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

PRIVATE_CACHE_CONTROL = "private, no-store"
_RESTRICTED = (PostStatus.HIDDEN, PostStatus.REMOVED)


def _not_found() -> HTTPException:
    return HTTPException(status_code=404, detail="No such media.")


def etag_matches(header: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match asks for."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


async def _cache_policy(request: Request, state: AppState, doc: dict[str, object]) -> str:
    """How this response may be cached; 404 when this requester may not see the post."""
    status = doc["status"]
    if status == PostStatus.PUBLISHED:
        return IMMUTABLE_CACHE_CONTROL
    if status in _RESTRICTED:
        viewer = (await build_context(state, request.headers.get("authorization"))).user
        if viewer is not None and (viewer.id == doc["author_id"] or is_staff(viewer)):
            return PRIVATE_CACHE_CONTROL
    raise _not_found()


@router.api_route("/media/{key:path}", methods=["GET", "HEAD"])
async def media(key: str, request: Request) -> Response:
    state: AppState = request.app.state.trendloop
    try:
        validate_key(key)
    except InvalidMediaKey:
        raise _not_found() from None
    parts = key.split("/")
    if len(parts) == 3 and parts[0] == "products" and is_valid_id(parts[1], "prd"):
        # A catalogue photo is as public as the catalogue, while its product names it.
        product = await state.db.products.find_one({"_id": parts[1]}, {"image.variants": 1})
        if key not in image_keys(product):
            raise _not_found()
        cache_control = IMMUTABLE_CACHE_CONTROL
    elif len(parts) == 3 and parts[0] == "avatars" and is_valid_id(parts[1], "usr"):
        # A profile picture is as public as the profile, while its account names it.
        if not await names_avatar_key(state.db, parts[1], key):
            raise _not_found()
        cache_control = IMMUTABLE_CACHE_CONTROL
    else:
        if len(parts) != 4 or parts[0] != "posts" or not is_valid_id(parts[1], "post"):
            raise _not_found()
        doc = await state.db.posts.find_one(
            {"_id": parts[1]}, {"status": 1, "author_id": 1, "images.variants": 1}
        )
        if doc is None or key not in variant_keys_of(doc):
            raise _not_found()
        cache_control = await _cache_policy(request, state, doc)
    digest = digest_from_key(key)
    headers = {
        "Cache-Control": cache_control,
        "X-Content-Type-Options": "nosniff",
    }
    if digest:
        headers["ETag"] = f'"{digest}"'
        if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
            return Response(status_code=304, headers=headers)
    data = await pools.run("io", storage_for(state.settings).get, key)
    if data is None:
        log.error("media %s is referenced by its post but missing from storage", key)
        raise _not_found()
    return Response(content=data, media_type=content_type_for_key(key), headers=headers)
