"""Enums shared across the API's areas."""

from __future__ import annotations

from enum import Enum
from typing import TypeAlias

import strawberry

from accounts.users import Role as CoreRole

# The domain's enum is exposed as is, so resolvers hand it over without mapping.
strawberry.enum(CoreRole, name="Role", description="What an account may do.")
Role: TypeAlias = CoreRole


@strawberry.enum(description="Markets the platform sells in.")
class Market(Enum):
    US = "US"
    UK = "UK"
    DE = "DE"
    FR = "FR"
    BR = "BR"
    MX = "MX"
    SA = "SA"
