"""The earnings area's fields (its mutations: `mutations`).

An influencer reads only their own money and a brand only its own campaign's: ownership is
decided in `commerce`, roles here by permission classes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.context import Info
from api.core.pagination import Connection, connection
from api.earnings.types import Commission, EarningsReport, Payout
from api.permissions import IsAdmin, IsBrand, IsInfluencer
from commerce import campaigns, earnings
from core import clock


def _range(start: date | None, end: date | None) -> tuple[date, date]:
    today = clock.now().date()
    end = end or today
    start = start or end.replace(day=1)
    earnings.check_range(start, end)
    return start, end


@strawberry.type
class EarningsQuery:
    @strawberry.field(
        permission_classes=[IsInfluencer],
        description="Your earnings from commissions opened between from and to (UTC days).",
    )
    async def my_earnings(
        self,
        info: Info,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> EarningsReport:
        start, end = _range(from_, to)
        db, user_id = info.context.db, info.context.require_user().id
        entries = await earnings.influencer_entries(db, user_id)
        clicks = await earnings.clicks_by_link(db, {"influencer_id": user_id}, start, end)
        return EarningsReport.from_core(earnings.report(entries, start, end, clicks))

    @strawberry.field(
        permission_classes=[IsBrand], description="What your campaign's influencers earned."
    )
    async def campaign_earnings(
        self,
        info: Info,
        campaign_id: strawberry.ID,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> EarningsReport:
        campaign = await campaigns.owned_campaign(
            info.context.db, info.context.require_user(), str(campaign_id)
        )
        start, end = _range(from_, to)
        entries = await earnings.campaign_entries(info.context.db, campaign.id)
        clicks = await earnings.clicks_by_link(
            info.context.db, {"campaign_id": campaign.id}, start, end
        )
        return EarningsReport.from_core(earnings.report(entries, start, end, clicks))

    @strawberry.field(permission_classes=[IsInfluencer], description="Your commissions.")
    async def my_commissions(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Commission]:
        ctx = info.context
        page = await earnings.influencer_commissions(
            ctx.db,
            ctx.require_user().id,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, Commission.from_core)

    @strawberry.field(
        permission_classes=[IsAdmin],
        description="Commissions held for review, the longest-held first, decided ones "
        "included unless `waiting` is true.",
    )
    async def held_commissions(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        waiting: Annotated[
            bool,
            strawberry.argument(description="Only those no admin has released or rejected yet."),
        ] = False,
    ) -> Connection[Commission]:
        ctx = info.context
        page = await earnings.held_commissions(
            ctx.db, waiting=waiting, first=first, after=after, maximum=ctx.settings.graphql_page_max
        )
        return connection(page, Commission.from_core)

    @strawberry.field(
        permission_classes=[IsInfluencer],
        description="Your payouts, newest first; only those made between from and to (UTC "
        "days) when either is given.",
    )
    async def my_payouts(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> Connection[Payout]:
        ctx = info.context
        if from_ is not None and to is not None:
            earnings.check_range(from_, to)
        page = await earnings.influencer_payouts(
            ctx.db,
            ctx.require_user().id,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
            start=from_,
            end=to,
        )
        return connection(page, Payout.from_core)
