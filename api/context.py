"""The per-request GraphQL context: who is asking, the stores, and this request's loaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from accounts.users import User, get_user, read_token
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
        if request is None or request.client is None:
            return "unknown"
        return request.client.host

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


async def build_context(state: AppState, authorization: str | None) -> Context:
    context = Context(state=state)
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            context.auth_error = "Send the access token as 'Authorization: Bearer <token>'."
            return context
        try:
            user_id = read_token(state.settings, token.strip())
        except Unauthenticated as exc:
            context.auth_error = exc.message
            return context
        context.user = await get_user(state.db, user_id)
        if context.user is None:
            context.auth_error = "This account no longer exists."
    return context
