"""ASGI middleware: request ids and access logs, body-size limits, the multipart CSRF guard.

Written against raw ASGI rather than BaseHTTPMiddleware: the shoppable-link redirect is a hot
path and each layer here costs a few microseconds, not a task switch.
"""

from __future__ import annotations

import logging
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.heap import IdleSettler
from core.logs import request_id

log = logging.getLogger("api.access")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _reject(send: Send, status: int, reason: str) -> None:
    body = ('{"detail":"' + reason.replace('"', "'") + '"}').encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestContext:
    """Gives each request an id (from X-Request-ID or new), echoes it, logs one line at the end."""

    def __init__(self, app: ASGIApp, quiet_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.quiet_paths = quiet_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        rid = incoming if incoming and len(incoming) <= 64 else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            path = scope.get("path", "")
            if not path.startswith(self.quiet_paths) or status >= 400:
                log.info(
                    "%s %s %s",
                    scope.get("method"),
                    path,
                    status,
                    extra={
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            request_id.reset(token)


class CountInFlight:
    """Tells `settler` when each HTTP request starts and ends (see `core.heap`)."""

    def __init__(self, app: ASGIApp, settler: IdleSettler) -> None:
        self.app = app
        self.settler = settler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.settler.started()
        try:
            await self.app(scope, receive, send)
        finally:
            self.settler.finished()


class BodyLimit:
    """Refuses bodies over `max_bytes`: by Content-Length up front, or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _reject(send, 413, f"The request is larger than {self.max_bytes} bytes.")
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            await _reject(send, 413, f"The request is larger than {self.max_bytes} bytes.")


class _TooLarge(Exception):
    pass


class MultipartGuard:
    """Multipart GraphQL requests are "simple" requests a foreign page could forge.

    Requiring a bearer token or a header that forces a CORS preflight closes that door (the
    same rule Apollo's servers apply).
    """

    def __init__(self, app: ASGIApp, path: str = "/graphql") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").startswith(self.path):
            content_type = _header(scope, b"content-type") or ""
            if content_type.startswith("multipart/form-data") and not (
                _header(scope, b"authorization")
                or _header(scope, b"apollo-require-preflight")
                or _header(scope, b"x-apollo-operation-name")
                or _header(scope, b"x-requested-with")
            ):
                await _reject(
                    send,
                    400,
                    "Multipart requests need an Authorization or Apollo-Require-Preflight header.",
                )
                return
        await self.app(scope, receive, send)
