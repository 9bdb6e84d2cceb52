"""The redirect hot path: one Redis round trip per click, nothing else.

`ClickRecorder.record` runs one Lua script that reads the cached link, marks a repeat click by
the same visitor within the hour (SET NX EX, only for clicks that may count), counts clicks per
client IP per minute (a burst flags the source), and appends the click to the stream. Doing it
in one script keeps the redirect at a single round trip and makes the dedupe decision and the
stream entry agree. Mongo is only read when the cache has lost the link.

Stream entries carry two JSON fields: `l`, the cached link (id, target, influencer, campaign,
post, product) and `c`, the click (id, time, visitor, User-Agent class, flags, country,
referrer host), plus `d` (1 = repeat) and `b` (1 = burst). `commerce.consumer` drains them.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson
from redis.asyncio import Redis
from redis.exceptions import NoScriptError

from commerce.links import DEDUPE_WINDOW_SECONDS, dedupe_key
from commerce.linkstore import cache_key
from commerce.useragent import UAInfo
from core.redis import key
from core.settings import Settings

VISITOR_COOKIE = "tl_vid"
VISITOR_COOKIE_MAX_AGE = 365 * 24 * 3600
_VISITOR_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")
# Cloudflare's codes for "unknown" and "Tor", not countries.
_NOT_COUNTRIES = frozenset({"XX", "T1"})

FLAG_HEAD = "head"
FLAG_BOT = "bot"
FLAG_PREVIEW = "preview"
FLAG_DUPLICATE = "duplicate"
FLAG_BURST = "burst"
# Clicks with these flags are never credited; a burst only puts the commission on hold.
UNCREDITABLE = frozenset({FLAG_HEAD, FLAG_BOT, FLAG_PREVIEW})

_SCRIPT = """
local link = redis.call('GET', KEYS[1])
if not link then return false end
if link == '' then return '' end
local dup = 0
if ARGV[2] == '1' then
  if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then dup = 1 end
end
local seen = redis.call('INCR', KEYS[3])
if seen == 1 then redis.call('EXPIRE', KEYS[3], 60) end
local burst = 0
if seen > tonumber(ARGV[4]) then burst = 1 end
redis.call('XADD', KEYS[4], '*', 'l', link, 'c', ARGV[1], 'd', dup, 'b', burst)
return {link, dup, burst}
"""


def stream_key(settings: Settings) -> str:
    return key(settings, "clicks")


def new_visitor_id() -> str:
    return secrets.token_urlsafe(16)


def valid_visitor_id(value: str | None) -> bool:
    return value is not None and _VISITOR_RE.fullmatch(value) is not None


def country_from(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().upper()
    if _COUNTRY_RE.fullmatch(code) is None or code in _NOT_COUNTRIES:
        return None
    return "UK" if code == "GB" else code


def referrer_host(value: str | None) -> str | None:
    if not value or len(value) > 2048:
        return None
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    return host[:255] if host else None


def flags_for(info: UAInfo, method: str) -> list[str]:
    flags = []
    if method == "HEAD":
        flags.append(FLAG_HEAD)
    if info.is_preview:
        flags.append(FLAG_PREVIEW)
    elif info.is_bot:
        flags.append(FLAG_BOT)
    return flags


@dataclass(frozen=True, slots=True)
class Recorded:
    target_url: str
    duplicate: bool
    burst: bool


class ClickRecorder:
    """Records clicks for one Redis client; the script is loaded once and run by its SHA.

    Clicks arriving in the same event-loop turn (under load, many: each redirect awaits Redis)
    are sent as one pipeline, so fifty concurrent redirects cost one write and one read on the
    Redis socket instead of fifty of each. A lone click still goes out on the next turn.
    """

    def __init__(self, redis: Redis, settings: Settings) -> None:
        self.settings = settings
        self.stream = stream_key(settings)
        self._redis = redis
        self._script: Any = redis.register_script(_SCRIPT)
        self._pending: list[tuple[list[str], list[Any], asyncio.Future[Any]]] = []
        self._flushing: set[asyncio.Task[None]] = set()

    async def _run(self, keys: list[str], args: list[Any]) -> Any:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        if not self._pending:
            # Runs after every task already woken in this turn has queued its click.
            loop.call_soon(self._flush_soon)
        self._pending.append((keys, args, future))
        return await future

    def _flush_soon(self) -> None:
        batch, self._pending = self._pending, []
        task = asyncio.ensure_future(self._flush(batch))
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def _flush(self, batch: list[tuple[list[str], list[Any], asyncio.Future[Any]]]) -> None:
        try:
            results = await self._send(batch)
        except Exception as exc:  # the connection failed: every click in the batch fails
            for _, _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, _, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)

    async def _send(
        self, batch: list[tuple[list[str], list[Any], asyncio.Future[Any]]]
    ) -> list[Any]:
        for attempt in range(2):
            pipe = self._redis.pipeline(transaction=False)
            for keys, args, _ in batch:
                pipe.evalsha(self._script.sha, len(keys), *keys, *args)
            results: list[Any] = await pipe.execute(raise_on_error=False)
            missing = any(isinstance(r, NoScriptError) for r in results)
            if not missing or attempt:
                return results
            # The server lost its scripts (restart, SCRIPT FLUSH): load it and send again.
            await self._redis.script_load(_SCRIPT)
        raise AssertionError("unreachable")

    async def record(
        self,
        code: str,
        *,
        click_id: str,
        at_ms: int,
        visitor_id: str,
        ua_class: str,
        flags: list[str],
        countable: bool,
        client_ip: str,
        country: str | None,
        referrer: str | None,
    ) -> Recorded | str | None:
        """The outcome, None on a cache miss (look Mongo up and retry), "" for an unknown code."""
        click: dict[str, Any] = {"id": click_id, "t": at_ms, "v": visitor_id, "u": ua_class}
        if flags:
            click["f"] = flags
        if country:
            click["co"] = country
        if referrer:
            click["r"] = referrer
        settings = self.settings
        result = await self._run(
            [
                cache_key(settings, code),
                # Keyed by the code, which names exactly one link, so no lookup is needed first.
                key(settings, dedupe_key(code, visitor_id)),
                key(settings, "click-ip", client_ip),
                self.stream,
            ],
            [
                orjson.dumps(click),
                "1" if countable else "0",
                DEDUPE_WINDOW_SECONDS,
                settings.click_burst_per_minute,
            ],
        )
        if result is None:
            return None
        if result == "":
            return ""
        link, duplicate, burst = result
        target: str = orjson.loads(link)["url"]
        return Recorded(target_url=target, duplicate=bool(duplicate), burst=bool(burst))
