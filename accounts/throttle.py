"""Counting attempts in Redis for the writes anyone may send without an account (sign-up,
log-in, a password check).

Each limit is a fixed window that starts at the first attempt. An attempt is counted before the
work it asks for (an argon2 hash or verify) is done, in one MULTI/EXEC per request, so requests
sent all at once cannot all slip under a limit: the n-th of them reads n.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis

from accounts.error_codes import AccountErrorCode
from core.errors import UserError

# The share of an address one owner usually holds: a home or office network.
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 64


@dataclass(frozen=True)
class Limit:
    """At most `maximum` attempts counted under `key` in `window_seconds`."""

    key: str
    maximum: int
    window_seconds: int


def network_of(address: str) -> str:
    """The network an address belongs to (/24 for IPv4, /64 for IPv6), as CIDR text; an
    address that does not parse (a test client's name, "unknown") is its own network."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_NETWORK_PREFIX if ip.version == 4 else IPV6_NETWORK_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def wait_text(seconds: int) -> str:
    """How long to wait, in words a person reads: "1 minute", "15 minutes", "2 hours"."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} hours"


async def count(redis: Redis, limits: Sequence[Limit], refusal: str) -> list[int]:
    """Counts one attempt against every limit; the counts after it.

    Raises RATE_LIMITED when any count is past its maximum, saying when the longest of those
    windows ends ("`refusal` Try again in 15 minutes.")."""
    pipe = redis.pipeline(transaction=True)
    for limit in limits:
        # SET NX EX then INCR: the window starts at the first attempt and INCR keeps its TTL
        # (EXPIRE … NX would need Redis 7; the embedded server is 6.2).
        pipe.set(limit.key, 0, ex=limit.window_seconds, nx=True)
        pipe.incr(limit.key)
        pipe.ttl(limit.key)
    replies = await pipe.execute()
    counts = [int(replies[3 * i + 1]) for i in range(len(limits))]
    waits = [
        int(replies[3 * i + 2]) if int(replies[3 * i + 2]) > 0 else limit.window_seconds
        for i, limit in enumerate(limits)
        if counts[i] > limit.maximum
    ]
    if waits:
        raise UserError(
            AccountErrorCode.RATE_LIMITED, f"{refusal} Try again in {wait_text(max(waits))}."
        )
    return counts
