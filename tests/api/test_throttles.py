"""Throttles on the writes anyone may send without an account, and the client address they are
counted against: sign-up per address and per network, log-in per address whatever
X-Forwarded-For says unless a trusted proxy sent it."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from celery.result import allow_join_result

from accounts.throttle import network_of, wait_text
from api.app import create_app
from api.context import client_address
from api.state import AppState
from attribution.report_jobs import drain_clicks
from core.settings import Settings
from tests.api.commerce_world import build_world, click, click_id_of
from tests.conftest import GraphQL

SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { id } errors { field code message } }
}"""
LOG_IN = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token errors { field code message } }
}"""

_serial = itertools.count()


@asynccontextmanager
async def client_at(state: AppState, address: str, **settings: Any) -> AsyncIterator[GraphQL]:
    """GraphQL from a client whose TCP peer is `address`, on an app with `settings` changed
    (the stores are shared)."""
    if settings:
        state = dataclasses.replace(
            state, settings=state.settings.model_copy(update=settings), extras={}
        )
    app = create_app(state.settings, state=state)
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQL(http)


def sign_up_input() -> dict[str, Any]:
    n = next(_serial)
    fields = {"email": f"new{n}@example.com", "password": "s3cret-pass", "displayName": "N"}
    return {"input": fields}


def codes(answers: list[dict[str, Any]], field: str) -> list[str]:
    return [
        "OK" if not a["data"][field]["errors"] else a["data"][field]["errors"][0]["code"]
        for a in answers
    ]


# Small limits: the sign-ups that pass go on to hash their passwords, and more of those at once
# than the password pool admits would be turned away as busy, which is another test's subject.
PER_IP, PER_NETWORK = 4, 8


async def test_sign_ups_sent_at_once_from_one_address_are_held_to_the_limit(
    state: AppState,
) -> None:
    async with client_at(
        state, "203.0.113.7", signup_max_per_ip=PER_IP, signup_max_per_network=PER_NETWORK
    ) as gql:
        answers = await asyncio.gather(*(gql(SIGN_UP, sign_up_input()) for _ in range(20)))
    seen = codes(answers, "signUp")
    assert seen.count("OK") == PER_IP
    assert seen.count("RATE_LIMITED") == 20 - PER_IP
    refused = next(a for a in answers if a["data"]["signUp"]["errors"])["data"]["signUp"]
    assert refused["token"] is None
    assert re.search(r"Try again in \d+ minutes\.$", refused["errors"][0]["message"])
    assert await state.db.users.count_documents({}) == PER_IP


async def test_neighbours_in_one_network_share_its_limit(state: AppState) -> None:
    limits = {"signup_max_per_ip": PER_IP, "signup_max_per_network": PER_NETWORK}
    for host in range(1, PER_NETWORK // PER_IP + 1):
        async with client_at(state, f"198.51.100.{host}", **limits) as gql:
            for _ in range(PER_IP):
                assert codes([await gql(SIGN_UP, sign_up_input())], "signUp") == ["OK"]
    async with client_at(state, "198.51.100.250", **limits) as fresh_neighbour:
        refused = await fresh_neighbour(SIGN_UP, sign_up_input())
    assert codes([refused], "signUp") == ["RATE_LIMITED"]
    assert "network" in refused["data"]["signUp"]["errors"][0]["message"]
    async with client_at(state, "198.51.101.1", **limits) as next_network:
        assert codes([await next_network(SIGN_UP, sign_up_input())], "signUp") == ["OK"]
    assert await state.db.users.count_documents({}) == PER_NETWORK + 1


def test_the_default_limits_leave_room_for_a_household() -> None:
    defaults = Settings()
    assert 1 < defaults.signup_max_per_ip < defaults.signup_max_per_network
    assert defaults.signup_window_seconds >= 3600


async def test_a_refused_sign_up_is_still_checked_first(gql: GraphQL, state: AppState) -> None:
    """Bad input costs nothing to answer, so it is answered without being counted."""
    for _ in range(state.settings.signup_max_per_ip + 2):
        bad = await gql(
            SIGN_UP, {"input": {"email": "nope", "password": "s3cret-pass", "displayName": "N"}}
        )
        assert codes([bad], "signUp") == ["INVALID"]
    assert codes([await gql(SIGN_UP, sign_up_input())], "signUp") == ["OK"]


async def spray_log_ins(gql: GraphQL, count: int, forwarded: Callable[[int], str]) -> list[str]:
    answers = []
    for n in range(count):
        response = await gql.http.post(
            "/graphql",
            json={
                "query": LOG_IN,
                "variables": {"input": {"email": f"spray{n}@example.com", "password": "guess-it"}},
            },
            headers={"x-forwarded-for": forwarded(n)},
        )
        answers.append(response.json())
    return codes(answers, "logIn")


async def test_rotating_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(
    state: AppState,
) -> None:
    limit = state.settings.login_max_per_ip
    async with client_at(state, "203.0.113.7") as gql:
        seen = await spray_log_ins(gql, limit + 5, lambda n: f"192.0.2.{n + 1}")
    assert seen == ["INVALID_CREDENTIALS"] * limit + ["RATE_LIMITED"] * 5


async def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(state: AppState) -> None:
    limit = state.settings.login_max_per_ip
    async with client_at(state, "10.1.2.3", trusted_proxies=["10.0.0.0/8"]) as proxied:
        # Whatever a client puts in front, the proxy appends the address it saw: that one counts.
        seen = await spray_log_ins(proxied, limit + 1, lambda n: f"192.0.2.{n + 1}, 198.51.100.9")
        assert seen == ["INVALID_CREDENTIALS"] * limit + ["RATE_LIMITED"]
        # Another client behind the same proxy has its own count.
        other = await spray_log_ins(proxied, 1, lambda n: "198.51.100.10")
        assert other == ["INVALID_CREDENTIALS"]
    # Sent straight from the blocked address, the forwarded header makes no difference.
    async with client_at(state, "198.51.100.9", trusted_proxies=["10.0.0.0/8"]) as direct:
        assert await spray_log_ins(direct, 1, lambda n: "192.0.2.200") == ["RATE_LIMITED"]


async def test_click_bursts_are_told_apart_by_the_same_client_address(
    state: AppState, gql: GraphQL
) -> None:
    """The shoppable-link redirect takes its visitor's address from the same place."""
    code = (await build_world(state, gql)).link["code"]

    async def flags_of(peer: str, forwarded: Callable[[int], str], **settings: Any) -> list[Any]:
        responses = []
        for n in range(4):
            # A new client each time: a new visitor, without the cookie.
            async with client_at(state, peer, click_burst_per_minute=2, **settings) as visitor:
                responses.append(
                    await click(visitor.http, code, **{"x-forwarded-for": forwarded(n)})
                )
        with allow_join_result():
            drain_clicks.delay().get(timeout=30)
        stored = {d["_id"]: d async for d in state.db.clicks.find({})}
        return [stored[click_id_of(r)].get("flags", []) for r in responses]

    forged = await flags_of("203.0.113.7", lambda n: f"192.0.2.{n + 1}")
    assert forged == [[], [], ["burst"], ["burst"]]
    proxied = await flags_of(
        "10.0.0.2", lambda n: f"192.0.2.{n + 11}", trusted_proxies=["10.0.0.0/8"]
    )
    assert proxied == [[], [], [], []]


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.7", ["192.0.2.1"], [], "203.0.113.7"),
        ("203.0.113.7", ["192.0.2.1"], ["10.0.0.0/8"], "203.0.113.7"),
        ("10.0.0.2", ["192.0.2.1"], ["10.0.0.0/8"], "192.0.2.1"),
        ("10.0.0.2", ["6.6.6.6, 192.0.2.1"], ["10.0.0.0/8"], "192.0.2.1"),
        ("10.0.0.2", ["6.6.6.6, 192.0.2.1, 10.0.0.9"], ["10.0.0.0/8"], "192.0.2.1"),
        ("10.0.0.2", ["6.6.6.6", "192.0.2.1"], ["10.0.0.0/8"], "192.0.2.1"),
        ("10.0.0.2", [], ["10.0.0.0/8"], "10.0.0.2"),
        ("10.0.0.2", ["10.0.0.7"], ["10.0.0.0/8"], "10.0.0.7"),
        ("::ffff:10.0.0.2", ["2001:db8::1"], ["10.0.0.0/8"], "2001:db8::1"),
        ("2001:db8::5", ["192.0.2.1"], ["2001:db8::/64"], "192.0.2.1"),
        (None, ["192.0.2.1"], ["10.0.0.0/8"], "unknown"),
    ],
)
def test_client_address(
    peer: str | None, forwarded: list[str], trusted: list[str], expected: str
) -> None:
    assert client_address(peer, forwarded, trusted) == expected


def test_networks_are_a_slash_24_or_a_slash_64() -> None:
    assert network_of("198.51.100.7") == network_of("198.51.100.250") == "198.51.100.0/24"
    assert network_of("198.51.101.7") != network_of("198.51.100.7")
    assert network_of("2001:db8:1:2::5") == network_of("2001:db8:1:2:ffff::1")
    assert network_of("2001:db8:1:3::5") != network_of("2001:db8:1:2::5")
    assert network_of("::ffff:198.51.100.7") == "198.51.100.0/24"
    assert network_of("unknown") == "unknown"


def test_waits_read_as_minutes_or_hours() -> None:
    assert wait_text(1) == "1 minute"
    assert wait_text(61) == "2 minutes"
    assert wait_text(900) == "15 minutes"
    assert wait_text(3600 * 5) == "5 hours"
