"""Mutations of the earnings area (admins' money review), their inputs and payloads."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.core.errors import payload_errors_as
from api.core.scalars import MinorUnits
from api.earnings.types import Adjustment, Commission, EarningsError, Payout
from api.permissions import IsAdmin
from commerce import earnings, ledger


@strawberry.type
class CommissionPayload:
    commission: Commission | None = None
    errors: list[EarningsError] = strawberry.field(default_factory=list)


@strawberry.input
class RunPayoutsInput:
    run_id: str | None = strawberry.field(
        default=None, description="Idempotency key: re-running the same run pays nothing twice."
    )


@strawberry.type
class RunPayoutsPayload:
    payouts: list[Payout] = strawberry.field(default_factory=list)
    minimum_minor: MinorUnits = strawberry.field(
        default=MinorUnits(0),
        description="The smallest payout, in minor units of each currency: balances below it "
        "were carried over.",
    )
    errors: list[EarningsError] = strawberry.field(default_factory=list)


@strawberry.input
class PostAdjustmentInput:
    influencer_id: strawberry.ID
    amount_minor: MinorUnits
    currency: str
    reason: ledger.AdjustmentReason
    request_id: str = strawberry.field(description="Idempotency key of this adjustment.")
    note: str | None = None


@strawberry.type
class AdjustmentPayload:
    adjustment: Adjustment | None = None
    errors: list[EarningsError] = strawberry.field(default_factory=list)


async def _decide_hold(info: Info, commission_id: str, *, release: bool) -> CommissionPayload:
    ctx = info.context
    state, errors = await payload_errors_as(
        lambda: earnings.decide_hold(ctx.db, ctx.state.redis, ctx.settings, commission_id, release),
        EarningsError.from_core,
    )
    return CommissionPayload(
        commission=Commission.from_core(state) if state else None, errors=errors
    )


@strawberry.type
class EarningsMutation:
    @strawberry.mutation(permission_classes=[IsAdmin], description="Clear a held commission.")
    async def release_hold(self, info: Info, commission_id: strawberry.ID) -> CommissionPayload:
        return await _decide_hold(info, str(commission_id), release=True)

    @strawberry.mutation(permission_classes=[IsAdmin], description="Reject a held commission.")
    async def reject_hold(self, info: Info, commission_id: strawberry.ID) -> CommissionPayload:
        return await _decide_hold(info, str(commission_id), release=False)

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Take money back from an influencer's next payout (negative amount).",
    )
    async def post_adjustment(self, info: Info, input: PostAdjustmentInput) -> AdjustmentPayload:
        ctx = info.context
        entry, errors = await payload_errors_as(
            lambda: earnings.post_adjustment(
                ctx.db,
                str(input.influencer_id),
                input.amount_minor,
                input.currency,
                input.reason,
                input.request_id,
                input.note,
            ),
            EarningsError.from_core,
        )
        return AdjustmentPayload(
            adjustment=Adjustment.from_entry(entry) if entry else None, errors=errors
        )

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Pay approved commissions less due clawbacks, per influencer and currency.",
    )
    async def run_payouts(
        self, info: Info, input: RunPayoutsInput | None = None
    ) -> RunPayoutsPayload:
        ctx = info.context
        made, errors = await payload_errors_as(
            lambda: earnings.run_payouts(
                ctx.db, ctx.state.redis, ctx.settings, input.run_id if input else None
            ),
            EarningsError.from_core,
        )
        return RunPayoutsPayload(
            payouts=[Payout.from_core(p) for p in made or []],
            minimum_minor=MinorUnits(ctx.settings.payout_minimum_minor),
            errors=errors,
        )
