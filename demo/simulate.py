"""`trendloop simulate`: live traffic against a running server, through its public HTTP API only.

It logs in as the demo accounts, then keeps sending, at `rate` requests per second for
`duration` seconds: shoppable-link clicks (`GET /l/{code}`, from browsers, bots and link-preview
fetchers, each from its own forwarded address), likes and unlikes, feed reads, new outfit posts
(multipart `createPost` with a generated photo), and orders and returns as the demo shop's
signed webhooks (orders carry the click id of an earlier click, as a shop would report it).
Clicks come from a population of visitors, each keeping the visitor cookie the server gave it
and its own address, as browsers do; the client itself keeps no cookies, so the run does not
turn into one visitor clicking thousands of times. The
dashboards move while someone watches, and the same loop is the load test: it reports requests
per second, errors, and latency percentiles per kind of request.

Bounded by design: a rate and a duration with upper limits, a cap on requests in flight, and a
server on 127.0.0.1 unless `allow_remote` is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any
from urllib.parse import urlsplit

import httpx
import numpy as np
import orjson

from commerce import signing
from commerce.clicks import VISITOR_COOKIE
from commerce.shops import DEMO_SHOP_ID
from demo.people import USER_AGENTS
from demo.photos import outfit_photo
from demo.plan import ClickAgent
from demo.seed import DEMO_ACCOUNTS
from feeds.synthetic import caption_for
from feeds.taxonomy import Kind, default_taxonomy

MAX_RATE = 500.0
MAX_DURATION = 3600.0
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# What one tick of the loop does, and how often (weights).
MIX: tuple[tuple[str, float], ...] = (
    ("click", 0.45),
    ("like", 0.2),
    ("read", 0.17),
    ("order", 0.1),
    ("return", 0.03),
    ("post", 0.05),
)
# Distinct people clicking during a run; each click picks one at random.
VISITORS = 2_000
EXTRA_SHOPPERS = tuple(f"shopper.{n:03d}@demo.trendloop.dev" for n in range(2, 8))

LOG_IN = """mutation($email: String!, $password: String!) {
  logIn(input: {email: $email, password: $password}) { token user { id } errors { message } } }"""
LINKS = """{ myLinks(first: 100) { nodes { code productId } } }"""
PRODUCTS = """query($brand: ID!) {
  products(brandId: $brand, first: 100) { nodes { id sku price { amountMinor } } } }"""
POSTS = """{ posts(first: 100) { nodes { id } } }"""
FIELDS = """{ __type(name: "Query") { fields { name } } }"""
READ_FEED = """{ feed(first: 20) { edges { node { id likeCount } } pageInfo { hasNextPage } } }"""
READ_POSTS = """{ posts(first: 20) { edges { node { id likeCount } } pageInfo { hasNextPage } } }"""
LIKE = """mutation($id: ID!) { likePost(id: $id) { post { likeCount } errors { message } } }"""
UNLIKE = """mutation($id: ID!) { unlikePost(id: $id) { post { likeCount } errors { message } } }"""
CREATE_POST = """mutation($input: CreatePostInput!) {
  createPost(input: $input) { post { id status } errors { field code message } } }"""


class SimulationError(Exception):
    """The simulation cannot start (bad arguments, server not ready, nothing to act on)."""


@dataclass(frozen=True)
class SimulationConfig:
    url: str = "http://127.0.0.1:8000"
    rate: float = 20.0
    duration: float = 60.0
    password: str = "trendloop-demo"
    shop_secret: str = "whsec_demo_northwind_0123456789abcdef"
    max_in_flight: int = 64
    seed: int = 0
    allow_remote: bool = False
    timeout: float = 30.0

    def check(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SimulationError(f"{self.url!r} is not an http(s) URL.")
        if not self.allow_remote and parts.hostname not in LOCAL_HOSTS:
            raise SimulationError(
                f"{parts.hostname} is not this machine; pass --allow-remote to load it anyway."
            )
        if not 0 < self.rate <= MAX_RATE:
            raise SimulationError(f"The rate must be between 0 and {MAX_RATE:g} per second.")
        if not 0 < self.duration <= MAX_DURATION:
            raise SimulationError(f"The duration must be between 0 and {MAX_DURATION:g} s.")


@dataclass
class KindStats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def summary(self) -> dict[str, float | int]:
        values = np.asarray(self.latencies) * 1000.0
        if values.size == 0:
            return {"requests": 0, "errors": self.errors}
        p50, p95, p99 = np.percentile(values, [50, 95, 99])
        return {
            "requests": int(values.size),
            "errors": self.errors,
            "p50_ms": round(float(p50), 1),
            "p95_ms": round(float(p95), 1),
            "p99_ms": round(float(p99), 1),
        }


@dataclass
class SimulationReport:
    seconds: float
    kinds: dict[str, KindStats]
    error_samples: list[str]
    saturated: int  # ticks that had to wait for a free slot
    unsent: int = 0  # ticks left when the duration was up (the server could not keep up)
    visitors: int = 0  # distinct visitors the server recognised (its cookie came back)

    @property
    def requests(self) -> int:
        return sum(len(k.latencies) for k in self.kinds.values())

    @property
    def errors(self) -> int:
        return sum(k.errors for k in self.kinds.values())

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 2),
            "requests": self.requests,
            "requests_per_second": round(self.rate, 1),
            "errors": self.errors,
            "saturated": self.saturated,
            "unsent": self.unsent,
            "visitors": self.visitors,
            "kinds": {name: stats.summary() for name, stats in sorted(self.kinds.items())},
            "error_samples": self.error_samples,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict())


class Failed(Exception):
    """A request that did not get the answer it should have."""


@dataclass
class _Target:
    code: str
    sku: str
    price: int


class Simulation:
    def __init__(self, config: SimulationConfig) -> None:
        self.config = config
        self.random = random.Random(config.seed)
        self.numpy = np.random.default_rng(config.seed)
        self.run = f"{int(time.time())}-{self.random.randrange(16**6):06x}"
        self.kinds: dict[str, KindStats] = {name: KindStats() for name, _ in MIX}
        self.samples: list[str] = []
        self.shoppers: list[str] = []  # tokens
        self.targets: list[_Target] = []
        self.post_ids: list[str] = []
        self.liked: set[tuple[int, str]] = set()
        self.clicks: deque[tuple[str, _Target]] = deque(maxlen=500)
        # Visitor cookie of each member of the population, once the server has given one.
        self.visitors: list[str | None] = [None] * VISITORS
        self.orders: deque[tuple[str, _Target]] = deque(maxlen=500)
        self.read_query = READ_POSTS
        self.elements = [e.id for e in default_taxonomy()]
        self.colours = {e.id: e.srgb for e in default_taxonomy().by_kind(Kind.COLOUR) if e.srgb}
        self.sequence = 0
        self.drafts: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(maxsize=4)
        self.http: httpx.AsyncClient

    # --- setup ---------------------------------------------------------------------------

    async def _graphql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        if response.status_code != 200:
            raise Failed(f"GraphQL answered HTTP {response.status_code}")
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise Failed(f"GraphQL errors: {body['errors'][0].get('message')}")
        data: dict[str, Any] = body["data"]
        return data

    async def _log_in(self, email: str) -> tuple[str, str] | None:
        data = await self._graphql(LOG_IN, {"email": email, "password": self.config.password})
        payload = data["logIn"]
        if payload["errors"] or not payload["token"]:
            return None
        return str(payload["token"]), str(payload["user"]["id"])

    async def setup(self) -> None:
        try:
            ready = await self.http.get("/readyz")
        except httpx.HTTPError as exc:
            raise SimulationError(f"No server answers at {self.config.url}: {exc}") from exc
        if ready.status_code != 200:
            raise SimulationError(f"{self.config.url}/readyz answered {ready.status_code}.")
        by_role: dict[str, list[str]] = {}
        for account in DEMO_ACCOUNTS:
            by_role.setdefault(account.role.value, []).append(account.email)
        brand = await self._log_in(by_role["BRAND"][0])
        if brand is None:
            raise SimulationError(
                "The demo brand cannot log in: seed the demo world first (trendloop serve does "
                "it at start-up) and pass the demo password."
            )
        for email in [*by_role["SHOPPER"], *EXTRA_SHOPPERS]:
            found = await self._log_in(email)
            if found is not None:
                self.shoppers.append(found[0])
        products = await self._graphql(PRODUCTS, {"brand": brand[1]}, brand[0])
        catalogue = {
            p["id"]: (p["sku"], int(p["price"]["amountMinor"]))
            for p in products["products"]["nodes"]
        }
        for email in by_role["INFLUENCER"]:
            influencer = await self._log_in(email)
            if influencer is None:
                continue
            links = await self._graphql(LINKS, token=influencer[0])
            for link in links["myLinks"]["nodes"]:
                if link["productId"] in catalogue:
                    sku, price = catalogue[link["productId"]]
                    self.targets.append(_Target(link["code"], sku, price))
        posts = await self._graphql(POSTS)
        self.post_ids = [p["id"] for p in posts["posts"]["nodes"]]
        fields = await self._graphql(FIELDS)
        if any(f["name"] == "feed" for f in fields["__type"]["fields"]):
            self.read_query = READ_FEED
        if not self.shoppers or not self.targets or not self.post_ids:
            raise SimulationError(
                "The server has no demo world to act on (shoppers, shoppable links of the demo "
                "brand, posts): start it with SEED_DEMO_SIZE=small or large."
            )

    # --- actions -------------------------------------------------------------------------

    @staticmethod
    def _address(visitor: int) -> str:
        return f"198.51.{100 + visitor // 254 % 2}.{1 + visitor % 254}"

    async def click(self) -> None:
        target = self.random.choice(self.targets)
        draw = self.random.random()
        agent: ClickAgent = "bot" if draw < 0.05 else "preview" if draw < 0.1 else "mobile"
        head = agent == "preview" and self.random.random() < 0.5
        visitor = self.random.randrange(VISITORS)
        headers = {
            "user-agent": self.random.choice(USER_AGENTS[agent]),
            "x-forwarded-for": self._address(visitor),
        }
        cookie = self.visitors[visitor]
        if cookie is not None:
            headers["cookie"] = f"{VISITOR_COOKIE}={cookie}"
        response = await self.http.request(
            "HEAD" if head else "GET", f"/l/{target.code}", headers=headers
        )
        if response.status_code != 302:
            raise Failed(f"/l/{target.code} answered {response.status_code}")
        given = visitor_cookie(response.headers.get("set-cookie"))
        if given is not None:
            self.visitors[visitor] = given
        if agent == "mobile":
            click_id = response.headers["location"].rsplit("tl_click=", 1)[1].split("&")[0]
            self.clicks.append((click_id, target))

    async def like(self) -> None:
        shopper = self.random.randrange(len(self.shoppers))
        post_id = self.random.choice(self.post_ids)
        liked = (shopper, post_id) in self.liked
        data = await self._graphql(
            UNLIKE if liked else LIKE, {"id": post_id}, self.shoppers[shopper]
        )
        payload = data["unlikePost" if liked else "likePost"]
        if payload["errors"]:
            raise Failed(f"like: {payload['errors'][0]['message']}")
        if liked:
            self.liked.discard((shopper, post_id))
        else:
            self.liked.add((shopper, post_id))

    async def read(self) -> None:
        token = self.random.choice(self.shoppers) if self.random.random() < 0.7 else None
        await self._graphql(self.read_query, token=token)

    async def _signed(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = orjson.dumps(payload)
        signature = signing.sign(self.config.shop_secret, body, int(time.time()))
        response = await self.http.post(
            path,
            content=body,
            headers={
                "content-type": "application/json",
                "x-trendloop-shop": DEMO_SHOP_ID,
                signing.HEADER_NAME: signature,
            },
        )
        if response.status_code not in (200, 201):
            raise Failed(f"{path} answered {response.status_code}: {response.text[:200]}")
        answer: dict[str, Any] = response.json()
        return answer

    async def order(self) -> None:
        if not self.clicks:
            await self.click()  # nothing to buy through yet: this tick clicks instead
            return
        click_id, target = self.clicks.popleft()
        self.sequence += 1
        order_id = f"sim-{self.run}-{self.sequence}"
        await self._signed(
            "/webhooks/orders",
            {
                "order_id": order_id,
                "currency": "USD",
                "customer_id": f"sim-customer-{self.random.randrange(5000)}",
                "click_id": click_id,
                "lines": [{"sku": target.sku, "quantity": 1, "amount": target.price}],
            },
        )
        self.orders.append((order_id, target))

    async def give_back(self) -> None:
        if not self.orders:
            await self.read()
            return
        order_id, target = self.orders.popleft()
        await self._signed(
            "/webhooks/returns",
            {
                "return_id": f"{order_id}-r",
                "order_id": order_id,
                "lines": [{"sku": target.sku, "quantity": 1, "amount": target.price}],
            },
        )

    def _draft(self) -> tuple[str, bytes]:
        picks = self.numpy.choice(len(self.elements), size=3, replace=False)
        element_ids = [self.elements[int(i)] for i in picks]
        caption, hashtags = caption_for(element_ids, self.numpy)
        colours = [self.colours[e] for e in element_ids if e in self.colours]
        photo = outfit_photo(colours, self.random.randrange(2**31))
        return f"{caption} {' '.join(hashtags)}", photo

    async def draw_photos(self) -> None:
        """Keeps a few posts ready, so drawing a photo is not timed as the server's latency."""
        while True:
            await self.drafts.put(await asyncio.to_thread(self._draft))

    async def post(self) -> None:
        caption, photo = await self.drafts.get()
        operations = {
            "query": CREATE_POST,
            "variables": {"input": {"images": [None], "caption": caption}},
        }
        response = await self.http.post(
            "/graphql",
            data={
                "operations": json.dumps(operations),
                "map": json.dumps({"0": ["variables.input.images.0"]}),
            },
            files=[("0", ("look.jpg", photo, "image/jpeg"))],
            headers={"authorization": f"Bearer {self.random.choice(self.shoppers)}"},
        )
        if response.status_code != 200:
            raise Failed(f"createPost answered HTTP {response.status_code}")
        body = response.json()
        if body.get("errors") or body["data"]["createPost"]["errors"]:
            raise Failed(
                f"createPost: {body.get('errors') or body['data']['createPost']['errors']}"
            )

    # --- the loop ------------------------------------------------------------------------

    async def _timed(self, kind: str, action: Callable[[], Awaitable[None]]) -> None:
        started = time.perf_counter()
        try:
            await action()
        except (Failed, httpx.HTTPError, KeyError, ValueError) as exc:
            self.kinds[kind].errors += 1
            if len(self.samples) < 10:
                self.samples.append(f"{kind}: {type(exc).__name__}: {exc}")
        finally:
            self.kinds[kind].latencies.append(time.perf_counter() - started)

    async def run_for(self) -> SimulationReport:
        config = self.config
        actions: dict[str, Callable[[], Awaitable[None]]] = {
            "click": self.click,
            "like": self.like,
            "read": self.read,
            "order": self.order,
            "return": self.give_back,
            "post": self.post,
        }
        names = [name for name, _ in MIX]
        weights = [weight for _, weight in MIX]
        slots = asyncio.Semaphore(config.max_in_flight)
        tasks: set[asyncio.Task[None]] = set()
        saturated = 0

        async def one(kind: str) -> None:
            try:
                await self._timed(kind, actions[kind])
            finally:
                slots.release()

        drawing = asyncio.create_task(self.draw_photos())
        started = time.perf_counter()
        total = max(1, int(config.rate * config.duration))
        sent = 0
        for tick in range(total):
            due = started + tick / config.rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if slots.locked():
                saturated += 1
            await slots.acquire()
            if time.perf_counter() - started > config.duration:
                slots.release()  # the server fell behind: the run ends on time regardless
                break
            sent += 1
            kind = self.random.choices(names, weights)[0]
            task = asyncio.create_task(one(kind))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=config.timeout)
        seconds = time.perf_counter() - started
        drawing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await drawing
        visitors = len({cookie for cookie in self.visitors if cookie is not None})
        return SimulationReport(
            seconds, self.kinds, self.samples, saturated, total - sent, visitors
        )


def visitor_cookie(set_cookie: str | None) -> str | None:
    """The visitor id in a `Set-Cookie` header, if it sets the visitor cookie."""
    if not set_cookie:
        return None
    name, _, rest = set_cookie.partition("=")
    if name.strip() != VISITOR_COOKIE:
        return None
    return rest.split(";", 1)[0] or None


async def simulate(config: SimulationConfig) -> SimulationReport:
    config.check()
    simulation = Simulation(config)
    # Idle connections are dropped before the server's keep-alive (5 s) closes them, so a
    # request never goes out on a connection the server is closing.
    limits = httpx.Limits(max_connections=config.max_in_flight, keepalive_expiry=2.0)
    # Cookies are kept per simulated visitor (see `click`), never by the shared client.
    no_cookies = CookieJar(DefaultCookiePolicy(allowed_domains=[]))
    async with httpx.AsyncClient(
        base_url=config.url.rstrip("/"), timeout=config.timeout, limits=limits, cookies=no_cookies
    ) as http:
        simulation.http = http
        await simulation.setup()
        return await simulation.run_for()
