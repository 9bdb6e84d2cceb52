"""Who may read or do what, declared on fields and mutations, never improvised in resolvers.

Each class answers one question. Unauthenticated requests get UNAUTHENTICATED (with the reason
their token was refused, if they sent one); authenticated users without the role get FORBIDDEN.
An admin passes every role check.
"""

from __future__ import annotations

from typing import Any, ClassVar

from graphql import GraphQLError
from strawberry.permission import BasePermission

from accounts.users import Role
from api.context import Info


def _unauthenticated(info: Info) -> GraphQLError:
    return GraphQLError(
        info.context.auth_error or "Log in first.",
        extensions={"code": "UNAUTHENTICATED", "field": None},
    )


class IsAuthenticated(BasePermission):
    message = "Log in first."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if info.context.user is None:
            raise _unauthenticated(info)
        return True


class RoleRequired(BasePermission):
    roles: ClassVar[frozenset[Role]] = frozenset()
    message = "Your role does not allow this."
    error_extensions = {"code": "FORBIDDEN", "field": None}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        user = info.context.user
        if user is None:
            raise _unauthenticated(info)
        return user.role is Role.ADMIN or user.role in self.roles


class IsAdmin(RoleRequired):
    message = "Only an admin can do this."


class IsInfluencer(RoleRequired):
    roles = frozenset({Role.INFLUENCER})
    message = "Only influencers can do this."


class IsDesigner(RoleRequired):
    roles = frozenset({Role.DESIGNER})
    message = "Only designers can do this."


class IsBrand(RoleRequired):
    roles = frozenset({Role.BRAND})
    message = "Only brand accounts can do this."


class IsDesignerOrBrand(RoleRequired):
    roles = frozenset({Role.DESIGNER, Role.BRAND})
    message = "Only designers and brand accounts can see this."


class IsReportReader(RoleRequired):
    """Attribution reports: brands see theirs, influencers their own rows of them."""

    roles = frozenset({Role.BRAND, Role.INFLUENCER})
    message = "Only brand accounts and influencers can see attribution reports."


class IsSelfOrAdmin(BasePermission):
    """For fields on a User: the user themself, or an admin."""

    message = "Only the account owner can see this."
    error_extensions = {"code": "FORBIDDEN", "field": None}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        user = info.context.user
        if user is None:
            raise _unauthenticated(info)
        return user.role is Role.ADMIN or getattr(source, "id", None) == user.id
