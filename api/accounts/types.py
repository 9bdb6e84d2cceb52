"""GraphQL types of the accounts area."""

from __future__ import annotations

from datetime import datetime

import strawberry

from accounts.users import User as CoreUser
from api.core.enums import Market, Role
from api.core.errors import UserError
from api.permissions import IsSelfOrAdmin


@strawberry.type(description="A person on the platform.")
class User:
    id: strawberry.ID
    display_name: str
    bio: str
    avatar_url: str | None
    home_market: Market | None
    role: Role
    created_at: datetime
    _email: strawberry.Private[str]

    @strawberry.field(permission_classes=[IsSelfOrAdmin], description="Owner and admins only.")
    def email(self) -> str:
        return self._email

    @classmethod
    def from_core(cls, user: CoreUser) -> User:
        return cls(
            id=strawberry.ID(user.id),
            display_name=user.display_name,
            bio=user.bio,
            avatar_url=user.avatar_url,
            home_market=Market(user.home_market) if user.home_market else None,
            role=user.role,
            created_at=user.created_at,
            _email=user.email,
        )


@strawberry.input
class SignUpInput:
    email: str
    password: str
    display_name: str


@strawberry.input
class LogInInput:
    email: str
    password: str


@strawberry.input
class UpdateProfileInput:
    display_name: str | None = None
    bio: str | None = None
    home_market: Market | None = None


@strawberry.input
class SetUserRoleInput:
    user_id: strawberry.ID
    role: Role


@strawberry.type
class SignUpPayload:
    user: User | None = None
    token: str | None = strawberry.field(
        default=None, description="Bearer token for the new account."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogInPayload:
    user: User | None = None
    token: str | None = strawberry.field(
        default=None, description="Send as 'Authorization: Bearer …'."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
