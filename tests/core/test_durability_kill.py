"""`trendloop serve` on the embedded store, killed with SIGKILL in the middle of traffic from
several concurrent clients, then started again on the same DATA_DIR: every write it had
acknowledged is there (accounts log in, tokens issued before still work, an acknowledged order
sent again is a duplicate). Once with the default compaction threshold, once with a tiny one
so the kill lands while the store is writing snapshots."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from commerce import signing
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 60.0
CLIENTS = 6
SERVE = [sys.executable, "-m", "api.cli.main", "serve"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(os.environ.get("MONGODB_URI")), reason="the embedded store"),
]

SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }"""
LOG_IN = """mutation($input: LogInInput!) { logIn(input: $input) { token errors { code } } }"""
ME = "{ me { email } }"
CREATE_PRODUCT = """mutation($input: CreateProductInput!) {
  createProduct(input: $input) { errors { code message } } }"""
SKUS = [f"KILL-{n}" for n in range(3)]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class Server:
    def __init__(self, data_dir: Path, extra_env: dict[str, str]) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"MONGODB_URI", "REDIS_URL"}},
            "DATA_DIR": str(data_dir),
            "SEED_DEMO": "auto",
            "SEED_DEMO_SIZE": "accounts",
            "LOG_JSON": "false",
            "LOG_LEVEL": "WARNING",
            "REDIS_PREFIX": f"tlkill-{uuid.uuid4().hex[:8]}:",
            "PASSWORD_TIME_COST": "1",
            "PASSWORD_MEMORY_KIB": "1024",
            # The clients stand for many people, who all sign up from 127.0.0.1 here.
            "SIGNUP_MAX_PER_IP": "100000",
            "SIGNUP_MAX_PER_NETWORK": "100000",
            **extra_env,
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log_path = self.data_dir / f"server-{self.starts}.log"
        self.env["PUBLIC_URL"] = self.url
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*SERVE, "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not _ready(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not get ready:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def log(self) -> str:
        return (self.data_dir / f"server-{self.starts}.log").read_text(errors="replace")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        _stop_embedded_redis(self.data_dir)


def _embedded_redis_answers(data_dir: Path) -> bool:
    registry = data_dir / "redis" / "trendloop.rdb.settings"
    try:
        socket_path = str(json.loads(registry.read_text())["unixsocket"])
        return bool(redis.Redis(unix_socket_path=socket_path, socket_timeout=2).ping())
    except (OSError, ValueError, KeyError, TypeError, redis.RedisError):
        return False


def _stop_embedded_redis(data_dir: Path) -> None:
    registry = data_dir / "redis" / "trendloop.rdb.settings"
    try:
        socket_path = str(json.loads(registry.read_text())["unixsocket"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    if Path(socket_path).exists():
        with contextlib.suppress(redis.RedisError):
            redis.Redis(unix_socket_path=socket_path, socket_timeout=5).shutdown(nosave=True)


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Any]:
    made: list[Server] = []

    def make(**extra_env: str) -> Server:
        server = Server(tmp_path / f"data-{len(made)}", extra_env)
        server.data_dir.mkdir()
        made.append(server)
        return server

    yield make
    for server in made:
        server.stop()


def _gql(
    http: httpx.Client, url: str, query: str, variables: dict[str, Any], token: str = ""
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = http.post(
        url + "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    response.raise_for_status()
    return response.json()


def _send_order(http: httpx.Client, url: str, body: bytes) -> httpx.Response:
    secret = Settings().demo_shop_secret
    signature = signing.sign(secret, body, int(time.time()))
    return http.post(
        url + "/webhooks/orders",
        content=body,
        headers={
            "content-type": "application/json",
            "x-trendloop-shop": "shop_demo",
            signing.HEADER_NAME: signature,
        },
    )


@dataclass
class Acknowledged:
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # email, password, token
    orders: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _traffic(url: str, client: int, stop: threading.Event, acked: Acknowledged) -> None:
    rng = random.Random(client)
    run = uuid.uuid4().hex[:6]
    with httpx.Client(timeout=10) as http:
        step = 0
        while not stop.is_set():
            step += 1
            try:
                if rng.random() < 0.5:
                    email = f"kill-{run}-{client}-{step}@example.com"
                    password = f"pw-{uuid.uuid4().hex}"
                    body = _gql(
                        http,
                        url,
                        SIGN_UP,
                        {"input": {"email": email, "password": password, "displayName": email}},
                    )
                    token = body["data"]["signUp"]["token"]
                    assert token, body
                    with acked.lock:
                        acked.accounts.append((email, password, token))
                    if rng.random() < 0.5:
                        _gql(http, url, LOG_IN, {"input": {"email": email, "password": password}})
                else:
                    payload = {
                        "order_id": f"kill-{run}-{client}-{step}",
                        "currency": "USD",
                        "customer_id": f"cust-{client}-{step}",
                        "lines": [{"sku": SKUS[step % 3], "quantity": 1, "amount": 4200}],
                    }
                    body_bytes = json.dumps(payload).encode()
                    response = _send_order(http, url, body_bytes)
                    if response.status_code == 201:
                        with acked.lock:
                            acked.orders.append(body_bytes)
                    else:
                        assert response.status_code >= 500, response.text
            except (httpx.HTTPError, KeyError, TypeError):
                # The server died mid-request: that write was never acknowledged.
                if stop.is_set():
                    return
                time.sleep(0.01)


def _kill_mid_traffic(server: Server, seconds: float) -> Acknowledged:
    acked = Acknowledged()
    stop = threading.Event()
    threads = [
        threading.Thread(target=_traffic, args=(server.url, n, stop, acked), daemon=True)
        for n in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    return acked


def _check_everything_is_there(server: Server, acked: Acknowledged) -> int:
    checked = 0
    with httpx.Client(timeout=20) as http:
        for email, password, token in acked.accounts:
            me = _gql(http, server.url, ME, {}, token)
            assert me["data"]["me"] == {"email": email}, (email, me)
            logged = _gql(
                http, server.url, LOG_IN, {"input": {"email": email, "password": password}}
            )
            assert logged["data"]["logIn"]["token"], (email, logged)
            checked += 1
        for body in acked.orders:
            again = _send_order(http, server.url, body)
            assert again.status_code == 200, (body, again.status_code, again.text)
            checked += 1
    return checked


def _create_products(server: Server) -> None:
    """The demo brand's catalogue, so that orders from its shop have products to buy."""
    with httpx.Client(timeout=20) as http:
        credentials = {"email": "brand@demo.trendloop.dev", "password": "trendloop-demo"}
        token = _gql(http, server.url, LOG_IN, {"input": credentials})["data"]["logIn"]["token"]
        for sku in SKUS:
            product = {
                "sku": sku,
                "title": f"Linen dress {sku}",
                "priceMinor": 4200,
                "currency": "USD",
                "productUrl": f"https://shop.northwind.example/p/{sku.lower()}",
                "markets": ["US"],
            }
            body = _gql(http, server.url, CREATE_PRODUCT, {"input": product}, token)
            assert body["data"]["createProduct"]["errors"] == [], body


def _run(server: Server, seconds: float) -> tuple[Acknowledged, int]:
    server.start()
    _create_products(server)
    acked = _kill_mid_traffic(server, seconds)
    assert acked.accounts and acked.orders, server.log()[-3000:]
    server.start()
    checked = _check_everything_is_there(server, acked)
    return acked, checked


def test_a_killed_server_keeps_every_acknowledged_write(server_factory: Any) -> None:
    server = server_factory()
    acked, checked = _run(server, random.uniform(2.0, 5.0))
    print(
        f"\nkill -9 mid-traffic: {checked} acknowledged writes checked "
        f"({len(acked.accounts)} sign-ups, {len(acked.orders)} orders)"
    )


def test_a_server_killed_while_compacting_keeps_every_acknowledged_write(
    server_factory: Any,
) -> None:
    server = server_factory(EMBEDDED_COMPACT_BYTES="32768")
    acked, checked = _run(server, random.uniform(2.0, 5.0))
    store = server.data_dir / "store"
    assert any(store.glob("snapshot-*.bson")), sorted(p.name for p in store.iterdir())
    print(
        f"\nkill -9 while compacting: {checked} acknowledged writes checked "
        f"({len(acked.accounts)} sign-ups, {len(acked.orders)} orders; "
        f"store files {sorted(p.name for p in store.iterdir())})"
    )


def test_sigterm_then_restart_keeps_the_account_and_does_not_seed_again(
    server_factory: Any,
) -> None:
    server = server_factory()
    server.start()
    email, password = f"term-{uuid.uuid4().hex[:6]}@example.com", "a-long-password-1"
    with httpx.Client(timeout=20) as http:
        body = _gql(
            http,
            server.url,
            SIGN_UP,
            {"input": {"email": email, "password": password, "displayName": "Term"}},
        )
        token = body["data"]["signUp"]["token"]
        users_before = _count_users(server)
    assert server.process is not None
    server.process.terminate()
    # A graceful stop: the process exits normally and its embedded Redis stops with it.
    assert server.process.wait(timeout=30) == 0
    assert not _embedded_redis_answers(server.data_dir)
    server.start()
    with httpx.Client(timeout=20) as http:
        assert _gql(http, server.url, ME, {}, token)["data"]["me"] == {"email": email}
    assert _count_users(server) == users_before


def _count_users(server: Server) -> int:
    """Users in the store, read from its files (a read-only replay beside the server)."""
    from core.embedded_store import DurableStore

    store = DurableStore(server.data_dir / "store", read_only=True)
    return int(store.client["trendloop"].users.count_documents({}))
