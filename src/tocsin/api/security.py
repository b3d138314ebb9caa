"""What keeps the service safe to run: security headers, a body size limit, and the write token."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, status

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def tile_origin(tile_url: str) -> str | None:
    """The scheme and host a tile URL template fetches from (None: no usable http(s) template)."""
    parts = urlsplit(tile_url.replace("{", "").replace("}", ""))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(tile_url: str = "") -> str:
    """Only this server's own scripts, styles and data; images also from the tile server, when one is set."""
    images = "'self' data:"
    origin = tile_origin(tile_url)
    if origin:
        images += f" {origin}"
    return "; ".join((
        "default-src 'none'", "script-src 'self'", "style-src 'self'", f"img-src {images}", "connect-src 'self'",
        "font-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ))


class SecurityHeaders:
    """Adds the Content-Security-Policy and its companions to every response."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.headers if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"the request body is larger than {limit:,} bytes (api.max_body_bytes): "
                              f"send less at a time")


class BodyLimit:
    """Refuses request bodies over `limit` bytes, by their Content-Length or, when streamed, as they arrive."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            code, detail = (413, _too_large(self.limit).detail) if declared.isdigit() else \
                (400, "the Content-Length header is not a number")
            await _json(send, code, {"detail": detail})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Raised inside the body read, so FastAPI answers it like any HTTPException.
                    raise _too_large(self.limit)
            return message

        await self.app(scope, counted, send)


async def _json(send: Send, code: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": code,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


def require_token(request: Request) -> None:
    """Lets a request through only with `Authorization: Bearer <api.token>`; off when no token is set."""
    expected: str = request.app.state.settings.api.token
    if not expected:
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            "writing through the API is off: set api.token (e.g. TOCSIN_API__TOKEN) to turn it on")
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    # Compared in constant time, so the answer's timing tells nothing about the token.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "this endpoint needs `Authorization: Bearer <token>` "
                            "with the token in api.token", headers={"WWW-Authenticate": "Bearer"})


LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


def _host_of(header: str) -> str:
    """The host part of a Host header: name or address, without the port, brackets or a final dot."""
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


class HostCheck:
    """Answers only requests naming this server: its own address, localhost, or a name in `allowed`.

    Without it a page on any site could rebind its own name to 127.0.0.1 and read the store from a browser
    on this machine (DNS rebinding): the browser would then send that site's name as the Host.
    """

    def __init__(self, app: ASGIApp, allowed: Sequence[str] = ()) -> None:
        self.app = app
        self.any = "*" in allowed
        self.names = {a.lower().rstrip(".") for a in (*LOCAL_NAMES, *allowed) if not a.startswith("*.")}
        self.suffixes = tuple(a.lower()[1:] for a in allowed if a.startswith("*."))

    def allows(self, host: str, server: str | None) -> bool:
        """Whether a request for `host` (the Host header's name) reaching `server` (the local address) may pass."""
        if self.any or host in self.names or (server is not None and host == server.lower()):
            return True
        return bool(self.suffixes) and host.endswith(self.suffixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers") or ()).get(b"host", b"").decode("latin-1")
        server = scope.get("server")
        if not self.allows(_host_of(header), server[0] if server else None):
            await _json(send, 400, {"detail": f"this server does not answer for the host {header!r}: add the name "
                                              f"to api.allowed_hosts (TOCSIN_API__ALLOWED_HOSTS) to serve it",
                                    "code": "host_not_allowed"})
            return
        await self.app(scope, receive, send)


class HeadAsGet:
    """Answers HEAD as GET without the body, on every page and read route (Starlette routes only take GET)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
