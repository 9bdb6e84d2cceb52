"""Feeds mutations: watch and unwatch elements, a download link for a trend list. Each hands
off to `feeds.watches` or `api.feeds.export`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from api.context import Info
from api.core.enums import Market
from api.core.errors import payload_errors_as
from api.feeds.export import check_list, signed_url
from api.feeds.types import Element, ElementKind, TrendError
from api.permissions import IsDesignerOrBrand
from core.errors import NotFound
from feeds import trend_store, watches
from feeds.extraction_io import current_taxonomy
from feeds.taxonomy import Element as CoreElement
from feeds.taxonomy import Taxonomy


@strawberry.type
class WatchElementPayload:
    element: Element | None = None
    watching: bool = False
    errors: list[TrendError] = strawberry.field(default_factory=list)


@strawberry.type(description="A link that downloads the trend list as CSV, without a header.")
class TrendingExportPayload:
    url: str | None = None
    expires_at: datetime | None = None
    errors: list[TrendError] = strawberry.field(default_factory=list)


def _element(taxonomy: Taxonomy, element_id: str, field: str = "id") -> CoreElement:
    element = taxonomy.get(element_id)
    if element is None:
        raise NotFound("Element", field)
    return element


def _watch_payload(element: CoreElement | None, watching: bool) -> WatchElementPayload:
    return WatchElementPayload(
        element=Element.from_core(element) if element is not None else None, watching=watching
    )


@strawberry.type
class FeedsMutation:
    @strawberry.mutation(
        permission_classes=[IsDesignerOrBrand], description="Pin an element. Idempotent."
    )
    async def watch_element(self, info: Info, id: strawberry.ID) -> WatchElementPayload:
        return await _set_watch(info, str(id), True)

    @strawberry.mutation(permission_classes=[IsDesignerOrBrand], description="Idempotent.")
    async def unwatch_element(self, info: Info, id: strawberry.ID) -> WatchElementPayload:
        return await _set_watch(info, str(id), False)

    @strawberry.mutation(
        permission_classes=[IsDesignerOrBrand],
        description="A download link for the trend list as CSV, valid for a few minutes.",
    )
    async def trending_export(
        self,
        info: Info,
        market: Market | None = None,
        kind: ElementKind | None = None,
        window: int = trend_store.DEFAULT_WINDOW,
    ) -> TrendingExportPayload:
        ctx = info.context

        async def link() -> tuple[str, Any]:
            list_key = check_list(
                market.value if market else None, kind.value if kind else None, window
            )
            return signed_url(ctx.settings, list_key, ctx.require_user().id)

        made, errors = await payload_errors_as(link, TrendError.from_core)
        if made is None:
            return TrendingExportPayload(errors=errors)
        return TrendingExportPayload(url=made[0], expires_at=made[1])


async def _set_watch(info: Info, element_id: str, on: bool) -> WatchElementPayload:
    ctx = info.context
    taxonomy = current_taxonomy(ctx.settings)

    async def change() -> CoreElement:
        element = _element(taxonomy, element_id)
        user = ctx.require_user()
        if on:
            await watches.watch(ctx.db, user.id, element.id)
        else:
            await watches.unwatch(ctx.db, user.id, element.id)
        return element

    element, errors = await payload_errors_as(change, TrendError.from_core)
    if element is None:
        return WatchElementPayload(errors=errors)
    return _watch_payload(element, on)
