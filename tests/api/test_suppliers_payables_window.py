"""The supplier's payments screen splits its schedule into upcoming and overdue payables: the
portal's `myPayables` takes the same due-date window as the brand's schedule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from accounts.users import issue_token
from api.state import AppState
from core import clock
from tests.api.suppliers_world import (
    ACCEPT,
    PAYABLE_FIELDS,
    RECEIVE,
    SHIP,
    START,
    build_supplier_world,
    issue_order,
    step,
)
from tests.conftest import GraphQL

WINDOW = f"""query($s: [PayableState!], $from: Date, $to: Date) {{
  myPayables(states: $s, dueFrom: $from, dueTo: $to) {{ openBalanceMinor overdue
    payables {{ nodes {{ {PAYABLE_FIELDS} }} }} }} }}"""


async def _received(gql: GraphQL, brand: Any, maker: Any, passed: int, cost: int) -> dict[str, Any]:
    po = await issue_order(gql, brand, maker.supplier_id, clock.now().date(), unit_cost=cost)
    await step(gql, ACCEPT, maker.account.token, id=po["id"])
    await step(gql, START, maker.account.token, id=po["id"])
    await step(gql, SHIP, maker.account.token, id=po["id"], q=100, k="s")
    got = await step(gql, RECEIVE, brand.token, id=po["id"], p=passed, d=100 - passed, k="q", r="x")
    order: dict[str, Any] = got["purchaseOrder"]
    return order


async def test_my_payables_by_due_window(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand, maker = world.brand, world.suppliers[0]
    first = await _received(gql, brand, maker, passed=90, cost=1_000)
    first_due = date.fromisoformat(first["payable"]["dueDate"])
    frozen_clock.advance(timedelta(days=3))
    second = await _received(gql, brand, maker, passed=50, cost=700)
    second_due = date.fromisoformat(second["payable"]["dueDate"])
    assert second_due > first_due
    # The day after the first is due: it is overdue, the second still upcoming.
    frozen_clock.advance(timedelta(days=(first_due - clock.now().date()).days + 1))
    today = clock.now().date()
    token = issue_token(state.settings, maker.account.user)  # the old one may have expired
    unpaid = ["OPEN", "EARLY_REQUESTED", "EARLY_APPROVED"]

    async def window(start: date | None, end: date | None) -> dict[str, Any]:
        variables = {
            "s": unpaid,
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
        }
        answer = await gql(WINDOW, variables, token=token)
        assert "errors" not in answer, answer
        schedule: dict[str, Any] = answer["data"]["myPayables"]
        return schedule

    upcoming = await window(today, None)
    assert [p["purchaseOrderId"] for p in upcoming["payables"]["nodes"]] == [second["id"]]
    assert upcoming["openBalanceMinor"] == 50 * 700 and upcoming["overdue"] == 0
    overdue = await window(None, today - timedelta(days=1))
    assert [p["purchaseOrderId"] for p in overdue["payables"]["nodes"]] == [first["id"]]
    assert overdue["openBalanceMinor"] == 90 * 1_000 and overdue["overdue"] == 1
    everything = await window(None, None)
    assert {p["purchaseOrderId"] for p in everything["payables"]["nodes"]} == {
        first["id"],
        second["id"],
    }
