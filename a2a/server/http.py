"""Plain ASGI helpers shared by both bindings: bodies with a size limit, responses, SSE.

The endpoints are small ASGI callables rather than Starlette request
handlers: on the hot path that saves building request and response objects
for every call.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Sequence

from starlette.types import Receive, Scope, Send

from a2a.errors import AuthenticationError, PayloadTooLargeError
from a2a.protocol.sse import KEEPALIVE
from a2a.server.auth import ANONYMOUS, Authenticator, Principal, RequestInfo
from a2a.server.handler import EventStream
from a2a.server.streams import StreamItem

__all__ = [
    "Receive",
    "Scope",
    "Send",
    "authenticate",
    "extension_headers",
    "header_map",
    "principal_or_401",
    "read_body",
    "send_bytes",
    "send_unauthenticated",
    "stream_sse",
]


def header_map(scope: Scope) -> dict[str, str]:
    """Request headers with lowercase names; repeated headers are comma-joined."""
    raw = scope.get("headers", ())
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in raw}
    if len(headers) == len(raw):
        return headers
    # Some name came more than once: join its values, in order.
    headers = {}
    for raw_name, raw_value in raw:
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    return headers


async def read_body(receive: Receive, headers: dict[str, str], limit: int) -> bytes:
    """The whole request body; :class:`PayloadTooLargeError` past ``limit`` bytes."""
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLargeError(f"Request body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLargeError(f"Request body is larger than {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def send_bytes(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    extra: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def authenticate(authenticators: Sequence[Authenticator], request: RequestInfo) -> Principal:
    """The caller; raises :class:`AuthenticationError` unless some authenticator accepts it."""
    if not authenticators:
        return ANONYMOUS
    for authenticator in authenticators:
        principal = await authenticator.authenticate(request)
        if principal is not None:
            return principal
    raise AuthenticationError("Authentication required")


async def principal_or_401(
    authenticators: Sequence[Authenticator], scope: Scope, headers: dict[str, str], send: Send
) -> Principal | None:
    """The caller, or ``None`` after answering 401/403 (both bindings refuse the same way)."""
    if not authenticators:  # an open server: no request view to build
        return ANONYMOUS
    try:
        return await authenticate(
            authenticators, RequestInfo(headers, scope.get("query_string", b""))
        )
    except AuthenticationError as exc:
        await send_unauthenticated(send, exc, authenticators)
        return None


def extension_headers(extensions: Sequence[str]) -> list[tuple[bytes, bytes]]:
    """The ``A2A-Extensions`` response header echoing what was activated (A2A §4.6)."""
    return [(b"a2a-extensions", ",".join(extensions).encode())] if extensions else []


async def send_unauthenticated(
    send: Send, error: AuthenticationError, authenticators: Sequence[Authenticator]
) -> None:
    """401 (or 403) with one ``WWW-Authenticate`` per accepted scheme (RFC 9110 §11.6.1)."""
    challenges = [error.challenge] if error.challenge else [a.challenge() for a in authenticators]
    status = error.http_status
    body = json.dumps(
        {
            "error": {
                "code": status,
                "status": "UNAUTHENTICATED" if status == 401 else "PERMISSION_DENIED",
                "message": error.message,
            }
        }
    ).encode()
    extra = [(b"www-authenticate", c.encode("latin-1")) for c in challenges if status == 401]
    await send_bytes(send, status, body, b"application/json", extra)


async def stream_sse(
    receive: Receive,
    send: Send,
    stream: EventStream,
    encode: Callable[[StreamItem], bytes],
    *,
    keepalive: float,
    extra: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    """Send the stream's events as SSE until it ends or the client goes away.

    A comment frame every ``keepalive`` seconds keeps idle connections alive.
    Leaving early only unsubscribes: the task itself goes on.
    """
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/event-stream"),
                (b"cache-control", b"no-cache"),
                (b"x-accel-buffering", b"no"),
                *extra,
            ],
        }
    )

    async def watch_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        stream.close()

    watcher = asyncio.create_task(watch_disconnect())
    try:
        while True:
            try:
                item = await stream.next(keepalive)
            except asyncio.TimeoutError:  # TimeoutError on 3.11+, distinct on 3.10
                await send({"type": "http.response.body", "body": KEEPALIVE, "more_body": True})
                continue
            if item is None:
                break
            await send({"type": "http.response.body", "body": encode(item), "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        stream.close()
