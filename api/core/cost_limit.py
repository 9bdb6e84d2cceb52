"""Query cost limits: a ceiling per request and a budget per client per minute.

Before an operation is validated, its cost (`api.core.cost`) is checked against the ceiling of
whoever asks (signed-in users get a higher one than anonymous clients); once it is valid, and
before it runs, the cost is spent from that client's budget: a token bucket in Redis keyed by
user id, or by client address when anonymous, holding a minute's budget and refilled
continuously. An operation costing more than what is left is refused without spending anything.
Every answer says what it cost in `extensions.cost`.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, GraphQLError
from redis.asyncio import Redis
from strawberry.extensions import SchemaExtension

from api.context import Context
from api.core.cost import TooDeep, query_cost
from core import clock
from core.redis import key
from core.settings import Settings

# KEYS[1]: the bucket. ARGV: capacity, refill per millisecond, cost, now (ms).
# Returns {1 if spent else 0, tokens left}. A clock behind the stored time refills nothing.
_BUCKET_SCRIPT = """
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * per_ms)
  at = now
end
local spent = 0
if cost <= tokens then
  tokens = tokens - cost
  spent = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 1000)
return {spent, tostring(tokens)}
"""


@dataclass(frozen=True)
class Spend:
    spent: bool
    remaining: int
    # Seconds until the bucket holds the cost again; 0 when spent.
    retry_after: int


async def spend(redis: Redis, bucket: str, cost: int, per_minute: int) -> Spend:
    """Take `cost` from `bucket` (capacity and refill: `per_minute`), or nothing if short."""
    script = redis.register_script(_BUCKET_SCRIPT)
    per_ms = per_minute / 60_000
    now_ms = int(clock.now().timestamp() * 1000)
    spent, left = await script(keys=[bucket], args=[per_minute, repr(per_ms), cost, now_ms])
    tokens = float(left)
    if spent:
        return Spend(True, math.floor(tokens), 0)
    return Spend(False, math.floor(tokens), math.ceil((cost - tokens) / per_ms / 1000))


def limits(settings: Settings, signed_in: bool) -> tuple[int, int]:
    """(ceiling per request, budget per minute) for a signed-in or an anonymous client."""
    if signed_in:
        return settings.graphql_cost_ceiling_signed_in, settings.graphql_cost_budget_signed_in
    return settings.graphql_cost_ceiling_anonymous, settings.graphql_cost_budget_anonymous


def bucket_key(settings: Settings, context: Context) -> str:
    if context.user is not None:
        return key(settings, "query-budget", "user", str(context.user.id))
    return key(settings, "query-budget", "ip", context.client_ip)


class QueryCostLimit(SchemaExtension):
    """Refuses an operation over the asker's ceiling before it is even validated (validating
    a wide document is what a refusal would otherwise spend), and one over the asker's
    remaining budget once it is known to be valid, before it runs."""

    figures: dict[str, int] | None = None

    def on_validate(self) -> Iterator[None]:
        run = self.execution_context
        context = run.context
        if isinstance(context, Context) and run.graphql_document is not None:
            refusal = self._measure(context)
            if refusal is not None:
                # Strawberry skips its validation when errors are already there.
                run.pre_execution_errors = [refusal]
        yield

    def _measure(self, context: Context) -> GraphQLError | None:
        run = self.execution_context
        assert run.graphql_document is not None
        ceiling, _ = limits(context.settings, context.user is not None)
        try:
            cost = query_cost(
                run.schema._schema, run.graphql_document, run.variables, run.operation_name
            )
        except TooDeep as exc:
            return GraphQLError(str(exc), extensions={"code": "QUERY_TOO_DEEP"})
        self.figures = {"requested": cost, "ceiling": ceiling}
        if cost <= ceiling:
            return None
        return GraphQLError(
            f"This query would cost {cost}, over the limit of {ceiling} per request"
            + ("" if context.user else " for clients that are not signed in")
            + ": ask for smaller pages or fewer nested lists.",
            extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "ceiling": ceiling},
        )

    async def on_execute(self) -> AsyncIterator[None]:
        run = self.execution_context
        context = run.context
        if isinstance(context, Context) and self.figures is not None:
            cost = self.figures["requested"]
            _, per_minute = limits(context.settings, context.user is not None)
            bucket = bucket_key(context.settings, context)
            outcome = await spend(context.state.redis, bucket, cost, per_minute)
            self.figures["remaining"] = outcome.remaining
            if not outcome.spent:
                run.result = ExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            f"This query costs {cost} and {outcome.remaining} of this "
                            f"minute's budget is left: try again in {outcome.retry_after} s.",
                            extensions={
                                "code": "QUERY_BUDGET_EXHAUSTED",
                                "cost": cost,
                                "remaining": outcome.remaining,
                                "retryAfter": outcome.retry_after,
                            },
                        )
                    ],
                )
        yield

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.figures} if self.figures is not None else {}
