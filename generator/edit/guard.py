"""Editor, guard: ASGI middleware in front of the app — loopback Host, same Origin on every POST, bounded bodies.

The session token is checked by the app on each form (it must read the body for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.messages import msg

if TYPE_CHECKING:  # app imports this module to wrap itself
    from generator.edit.app import Settings

MAX_BODY_BYTES = 1_000_000  # a form of the largest stand file is far below this


class Guard:
    """ASGI middleware: loopback Host only, same Origin and token on every POST, bounded bodies."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if f"http://{host}" not in self.settings.origins:  # no origins given: nothing is answered
            return await _refuse(scope, receive, send, 421, "edit.refused")
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin") or _origin_of(headers.get("referer", ""))
            if origin not in self.settings.origins:
                return await _refuse(scope, receive, send, 403, "edit.refused")
            length = headers.get("content-length")
            if length is None or not length.isdigit() or int(length) > MAX_BODY_BYTES:
                return await _refuse(scope, receive, send, 413, "edit.too-large")
            receive = _bounded(receive)
        headers_out = [(b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
                       (b"content-security-policy",
                        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")]

        async def send_with(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers_out]}
            await send(message)
        await self.app(scope, receive, send_with)


def _origin_of(referer: str) -> str:
    parts = referer.split("/")
    return "/".join(parts[:3]) if len(parts) >= 3 and referer.startswith("http") else ""


def _bounded(receive: Receive) -> Receive:
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY_BYTES:
            raise ValueError("request body larger than its Content-Length")
        return message
    return bounded


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, key: str) -> None:
    await HTMLResponse(f"<!doctype html><meta charset=utf-8><p>{msg(key)}</p>", status)(scope, receive, send)
