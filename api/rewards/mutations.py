"""Rewards mutations: running the approval job on demand (admins)."""

from __future__ import annotations

import asyncio

import strawberry

from api.context import Info
from api.permissions import IsAdmin
from commerce.tasks import approve_due_commissions


@strawberry.type
class RunApprovalsPayload:
    approved: int = strawberry.field(
        description="How many commissions and shopper credits were approved by this run."
    )


@strawberry.type
class RewardsMutation:
    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Run the daily approval job now: commissions and shopper points whose "
        "return window has closed become approved / available. Safe to run any time; what "
        "is already approved is left alone.",
    )
    async def run_due_approvals(self, info: Info) -> RunApprovalsPayload:
        # The periodic task's own body, run here on a worker thread (it uses the synchronous
        # driver) so the answer says what this run approved.
        approved = await asyncio.to_thread(approve_due_commissions)
        return RunApprovalsPayload(approved=int(approved))
