"""The HTTP+JSON binding (A2A §11) as a small ASGI application mounted under a prefix.

Routing comes from :mod:`a2a.protocol.rest`; errors are ``google.rpc.Status``
bodies with an ``ErrorInfo`` detail and the binding's HTTP status.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qsl

from pydantic_core import from_json

from a2a.errors import A2AError, AuthenticationError, InternalError, JSONParseError, ProtocolError
from a2a.protocol.rest import build_request, match_route
from a2a.protocol.sse import encode_event
from a2a.server.core import ServerCore, verified_identity
from a2a.server.handler import EventStream
from a2a.server.http import (
    Receive,
    Scope,
    Send,
    extension_headers,
    header_map,
    principal_or_401,
    read_body,
    send_bytes,
    send_unauthenticated,
    stream_sse,
)
from a2a.server.streams import StreamItem
from a2a.types import A2AModel

__all__ = ["RestEndpoint"]

log = logging.getLogger("a2a.server")

CONTENT_TYPE = b"application/a2a+json"


async def _send_error(send: Send, error: ProtocolError) -> None:
    status, body = error.to_rest()
    extra = []
    allowed = getattr(error, "allowed", ())
    if status == 405 and allowed:
        extra.append((b"allow", ", ".join(allowed).encode()))
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    await send_bytes(send, status, payload, CONTENT_TYPE, extra)


def _encode_item(item: StreamItem) -> bytes:
    return encode_event(item.json)


class RestEndpoint:
    """Every HTTP+JSON route of one interface, below ``prefix`` (e.g. ``/rest``)."""

    def __init__(self, core: ServerCore, prefix: str) -> None:
        self.core = core
        self.prefix = prefix.rstrip("/").encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        core = self.core
        headers = header_map(scope)
        query_string: bytes = scope.get("query_string", b"")
        try:
            raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
            if b"?" in raw_path:  # some servers leave the query on raw_path
                raw_path = raw_path.split(b"?", 1)[0]
            root_path: str = scope.get("root_path", "")
            if root_path:
                root = root_path.encode()
                if raw_path.startswith(root):
                    raw_path = raw_path[len(root) :]
            if self.prefix and raw_path.startswith(self.prefix):
                raw_path = raw_path[len(self.prefix) :]
            match = match_route(scope["method"], raw_path.decode("latin-1"))
        except ProtocolError as exc:
            await _send_error(send, exc)
            return
        principal = await principal_or_401(core.authenticators, scope, headers, send)
        if principal is None:
            return
        try:
            query = (
                parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
                if query_string
                else []
            )
            version = core.version(headers, dict(query).get("A2A-Version") if query else None)
            body: object = None
            if match.operation.has_body:
                raw = await read_body(receive, headers, core.limits.max_body_size)
                if raw and not raw.isspace():
                    try:
                        body = from_json(raw)
                    except ValueError:
                        raise JSONParseError() from None
                else:
                    body = {}
            extensions = core.extensions(headers)
            request = build_request(match, query, body)
            result = await core.call(
                match.operation, request, principal, version, extensions, verified_identity(scope)
            )
        except ProtocolError as exc:
            await _send_error(send, exc)
            return
        except AuthenticationError as exc:
            await send_unauthenticated(send, exc, core.authenticators)
            return
        except A2AError:
            log.exception("unexpected library error")
            await _send_error(send, InternalError())
            return
        extra = extension_headers(extensions)
        if isinstance(result, EventStream):
            await stream_sse(
                receive, send, result, _encode_item, keepalive=core.limits.sse_keepalive,
                extra=extra,
            )  # fmt: skip
            return
        assert isinstance(result, A2AModel)
        await send_bytes(send, 200, result.to_json(), CONTENT_TYPE, extra)
