"""Builders for API tests: accounts in each role, logged in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from accounts.users import Role, User, hasher, issue_token, new_user_doc
from api.state import AppState


@dataclass(frozen=True)
class Account:
    user: User
    token: str
    password: str


async def make_account(
    state: AppState, role: Role = Role.SHOPPER, *, name: str | None = None, market: str = "US"
) -> Account:
    """Insert a user directly (signing up is tested on its own) and issue its token."""
    password = "correct horse battery"
    token = uuid.uuid4().hex[:8]
    email = f"{role.value.lower()}-{token}@example.com"
    doc = new_user_doc(
        email,
        hasher(state.settings).hash(password),
        # A name the display-name policy accepts ("Admin …" is reserved for the platform).
        name or f"Member {token}",
        role,
        home_market=market,
    )
    await state.db.users.insert_one(doc)
    user = User.from_doc(doc)
    return Account(user=user, token=issue_token(state.settings, user), password=password)
