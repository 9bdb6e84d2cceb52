"""What the seeding stages share: the `World` they fill in (the ids the platform gave the plan's
things), and the ways they reach the platform that several stages use (a moment on a worker
thread, a shop's signed webhook)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import orjson

from accounts.users import User
from api.app import create_app
from api.state import AppState
from commerce import signing
from core import clock
from demo.plan import OrderPlan, ReturnPlan, WorldPlan
from demo.timeline import Progress, Timeline

# Photos are processed beside the event loop; three threads keep two cores busy while one
# waits on a file sync.
PHOTO_WORKERS = 3


@dataclass
class World:
    """What seeding learns as it goes: the ids the platform gave the plan's things."""

    state: AppState
    plan: WorldPlan
    timeline: Timeline
    users: dict[str, User] = field(default_factory=dict)
    shops: dict[str, tuple[str, str]] = field(default_factory=dict)  # brand -> (shop, secret)
    domains: dict[str, str] = field(default_factory=dict)
    product_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    campaign_ids: dict[str, str] = field(default_factory=dict)
    creator_codes: dict[tuple[str, str], str] = field(default_factory=dict)
    post_ids: dict[int, str] = field(default_factory=dict)
    link_codes: dict[str, str] = field(default_factory=dict)
    click_ids: dict[int, str] = field(default_factory=dict)
    order_ids: dict[str, str] = field(default_factory=dict)
    drop_ids: dict[str, str] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    photo_workers: int = PHOTO_WORKERS
    _app: Any = None

    def app(self) -> Any:
        """The ASGI app on the same stores, for what goes over HTTP (clicks, webhooks)."""
        if self._app is None:
            self._app = create_app(self.state.settings, state=self.state)
        return self._app

    def shop_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app(), client=("192.0.2.250", 443)),
            base_url="http://demo.local",
        )

    def at(self, day: int, second: int) -> datetime:
        moment = self.plan.at(day, second)
        self.timeline.set(moment)
        return moment


Stage = Callable[[World, Progress], Awaitable[None]]


def at_moment(timeline: Timeline, moment: datetime, job: Callable[[], Any]) -> None:
    """Run `job` (on the calling worker thread) at `moment` of the timeline."""
    with timeline.at(moment):
        job()


async def signed_post(
    http: httpx.AsyncClient, path: str, shop: tuple[str, str], payload: dict[str, Any]
) -> dict[str, Any]:
    """A webhook as a shop sends it: JSON body, shop id, HMAC signature of the clock's now."""
    body = orjson.dumps(payload)
    shop_id, secret = shop
    signature = signing.sign(secret, body, int(clock.now().timestamp()))
    response = await http.post(
        path,
        content=body,
        headers={
            "content-type": "application/json",
            "x-trendloop-shop": shop_id,
            signing.HEADER_NAME: signature,
        },
    )
    if response.status_code not in (200, 201):
        raise RuntimeError(f"{path} refused a demo webhook: {response.status_code} {response.text}")
    answer: dict[str, Any] = response.json()
    return answer


def order_payload(plan: WorldPlan, order: OrderPlan) -> dict[str, Any]:
    visitor = plan.visitors[order.visitor]
    return {
        "order_id": order.key,
        "currency": "USD",
        "customer_id": visitor.customer_id,
        "lines": [{"sku": s, "quantity": q, "amount": a} for s, q, a in order.lines],
    }


def return_payload(order: OrderPlan, refund: ReturnPlan) -> dict[str, Any]:
    return {
        "return_id": refund.key,
        "order_id": order.key,
        "lines": [{"sku": s, "quantity": q, "amount": a} for s, q, a in refund.lines],
    }
