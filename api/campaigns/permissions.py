"""Who may read the campaigns area's creator figures (`api.permissions` holds the shared ones)."""

from __future__ import annotations

from accounts.users import Role
from api.permissions import RoleRequired


class IsBrandOrInfluencer(RoleRequired):
    """Creator stats: brands weigh creators, influencers read their own; shoppers never."""

    roles = frozenset({Role.BRAND, Role.INFLUENCER})
    message = "Only brand accounts and influencers can see creator stats."
