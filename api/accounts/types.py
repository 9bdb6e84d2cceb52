"""GraphQL types of the accounts area."""

from __future__ import annotations

from datetime import datetime

import strawberry

from accounts.error_codes import AccountErrorCode
from accounts.users import User as CoreUser
from api.core.enums import Market, Role
from api.permissions import IsSelfOrAdmin
from core.errors import UserError as CoreUserError

strawberry.enum(
    AccountErrorCode,
    name="AccountErrorCode",
    description="Why a sign-up, log-in, profile or role change was refused.",
)


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


@strawberry.type(description="A problem with an accounts request, for the person who sent it.")
class AccountError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: AccountErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> AccountError:
        return cls(field=error.field, code=AccountErrorCode(error.code), message=error.message)


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
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.input
class UpdateProfileInput:
    display_name: str | None = None
    bio: str | None = None
    home_market: Market | None = None


@strawberry.input
class SetUserRoleInput:
    user_id: strawberry.ID
    role: Role
