"""The per-request GraphQL context: who is asking, the stores, and this request's loaders."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeAlias, TypeVar

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from accounts.users import User, authenticate
from api.state import AppState
from core.errors import Unauthenticated
from core.mongo import AsyncDB
from core.settings import Settings

K = TypeVar("K")
V = TypeVar("V")


@dataclass
class Context(BaseContext):
    state: AppState
    user: User | None = None
    # Why a bearer token was refused; permission errors show it instead of "log in".
    auth_error: str | None = None
    # DataLoaders are created per request so nothing is cached across users or requests.
    loaders: dict[object, Any] = field(default_factory=dict)

    @property
    def db(self) -> AsyncDB:
        return self.state.db

    @property
    def settings(self) -> Settings:
        return self.state.settings

    @property
    def client_ip(self) -> str:
        request = self.request
        if request is None:
            return "unknown"
        return client_address(
            request.client.host if request.client else None,
            request.headers.getlist("x-forwarded-for"),
            self.settings.trusted_proxies,
        )

    def dataloader(self, factory: Callable[[Context], DataLoader[K, V]]) -> DataLoader[K, V]:
        """This request's DataLoader made by `factory`, made on first use: the factory is the
        key, so every caller of one factory shares one loader and its type."""
        if factory not in self.loaders:
            self.loaders[factory] = factory(self)
        loader: DataLoader[K, V] = self.loaders[factory]
        return loader

    def require_user(self) -> User:
        if self.user is None:
            raise Unauthenticated(self.auth_error or "Log in first.")
        return self.user


Info: TypeAlias = StrawberryInfo[Context, None]

Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def client_address(
    peer: str | None, forwarded_for: Sequence[str], trusted_proxies: Sequence[str]
) -> str:
    """The address of whoever sent a request: the peer, unless the peer is one of
    `trusted_proxies`; then the right-most X-Forwarded-For entry that is not a trusted proxy
    (each proxy appends the address it saw, so entries left of that one could be forged).

    The only place the app decides this: `trendloop serve` leaves uvicorn's proxy headers off.
    """
    if peer is None:
        return "unknown"
    networks = _networks(tuple(trusted_proxies))
    if not networks or not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for line in forwarded_for for hop in line.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    # Every hop is a proxy of ours (or none was sent): the nearest one is the client.
    return hops[0] if hops else peer


async def build_context(state: AppState, authorization: str | None) -> Context:
    context = Context(state=state)
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            context.auth_error = "Send the access token as 'Authorization: Bearer <token>'."
            return context
        try:
            context.user = await authenticate(state.db, state.settings, token.strip())
        except Unauthenticated as exc:
            context.auth_error = exc.message
    return context
