"""ASGI middleware: the upload size cap, the Host check and the security headers.

* Bodies above ``max_upload_bytes`` are refused with HTTP 413, from the Content-Length
  header when there is one, else while the body streams in.
* In local mode only loopback Host names are answered (a page on another site cannot
  reach the local server through DNS rebinding).
* Every response says: no framing, no sniffing, scripts only from this server
  (Content-Security-Policy), and no Referer beyond this site (share links stay private).
* Every response carries ``Server-Timing: app;dur=<ms>``: the server's time until the
  response started (what the web benchmark reads).
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from lydiard.errors import LydiardError
from lydiard.web.config import WebConfig

__all__ = ["BodyTooLargeError", "SecurityMiddleware"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class BodyTooLargeError(LydiardError):
    """A request body above the upload cap."""

    http_status = 413


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


class SecurityMiddleware:
    """Upload cap, Host check and security headers around the whole app."""

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config

    async def _plain(self, send: Send, status: int, message: str) -> None:
        body = json.dumps({"error": {"status": status, "type": "HTTPError", "message": message}})
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), *SECURITY_HEADERS],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the Host and the body size, then add the security headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if not self.config.host_allowed(headers.get("host", "")):
            await self._plain(send, 400, "unknown Host header: this server answers loopback only")
            return
        cap = self.config.max_upload_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            await self._plain(
                send, 413, f"the upload is {_megabytes(int(length))}; the cap is {_megabytes(cap)}"
            )
            return
        received = 0
        overflowed = False
        over_message = f"the upload is over the cap of {_megabytes(cap)}"

        async def limited_receive() -> Message:
            nonlocal received, overflowed
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    overflowed = True
                    raise BodyTooLargeError(over_message)
            return message

        started = time.perf_counter()
        answered = False

        async def secured_send(message: Message) -> None:
            nonlocal answered
            if overflowed:
                # Whatever the app made of the cut body (a form parser's 400, say), the
                # client is told the truth once: 413.
                if not answered:
                    answered = True
                    await self._plain(send, 413, over_message)
                return
            answered = True
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                took_ms = (time.perf_counter() - started) * 1000
                extra.append((b"server-timing", f"app;dur={took_ms:.1f}".encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except BodyTooLargeError:
            if answered:
                raise
            await self._plain(send, 413, over_message)
