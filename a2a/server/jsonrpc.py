"""The JSON-RPC 2.0 binding (A2A §9) as a small ASGI application.

Errors are JSON-RPC error objects sent with HTTP 200 (what peers expect),
except 401/403 for authentication, which is refused before dispatch, and 413
for oversize bodies.  Streaming methods answer with SSE whose every event is a
complete JSON-RPC response carrying the request id.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qsl

from a2a.compat import v03
from a2a.errors import (
    A2AError,
    AuthenticationError,
    InternalError,
    MethodNotFoundError,
    ProtocolError,
)
from a2a.operations import OPERATIONS_BY_METHOD
from a2a.protocol.jsonrpc import (
    JsonRpcId,
    encode_error,
    encode_result,
    parse_request,
    request_id_of,
)
from a2a.protocol.sse import encode_event
from a2a.protocol.validation import parse_params
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

__all__ = ["JsonRpcEndpoint"]

log = logging.getLogger("a2a.server")

_JSON = b"application/json"


def _query_version(scope: Scope) -> str | None:
    query = scope.get("query_string", b"")
    if not query:
        return None
    return dict(parse_qsl(query.decode("latin-1"))).get("A2A-Version")


class JsonRpcEndpoint:
    """POST handler for one JSON-RPC interface URL."""

    def __init__(self, core: ServerCore) -> None:
        self.core = core

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        core = self.core
        headers = header_map(scope)
        principal = await principal_or_401(core.authenticators, scope, headers, send)
        if principal is None:
            return
        request_id: JsonRpcId = None
        body = b""
        try:
            body = await read_body(receive, headers, core.limits.max_body_size)
            rpc = parse_request(body)
            request_id = rpc.id
            op = OPERATIONS_BY_METHOD.get(rpc.method)
            legacy = op is None and core.legacy_v03 and "/" in rpc.method
            if legacy:
                op = v03.operation_for(rpc.method)
                version = core.legacy_version(headers, _query_version(scope))
            else:
                version = core.version(headers, _query_version(scope))
            if op is None:
                raise MethodNotFoundError(f"Method not found: {rpc.method}")
            extensions = core.extensions(headers)
            if legacy:
                request = v03.request_from_v03(op, rpc.params)
            else:
                request = parse_params(op.request, rpc.params)
            result = await core.call(
                op, request, principal, version, extensions, verified_identity(scope)
            )
        except ProtocolError as exc:
            if request_id is None and body:
                request_id = request_id_of(body)
            status = 413 if exc.http_status == 413 else 200
            await send_bytes(send, status, encode_error(request_id, exc), _JSON)
            return
        except AuthenticationError as exc:
            await send_unauthenticated(send, exc, core.authenticators)
            return
        except A2AError:
            log.exception("unexpected library error")
            await send_bytes(send, 200, encode_error(request_id, InternalError()), _JSON)
            return
        extra = extension_headers(extensions)
        if isinstance(result, EventStream):
            rid = request_id

            def encode(item: StreamItem) -> bytes:
                if legacy:
                    return encode_event(encode_result(rid, _json(v03.event_to_v03(item.event))))
                return encode_event(encode_result(rid, item.json))

            await stream_sse(
                receive, send, result, encode, keepalive=core.limits.sse_keepalive, extra=extra
            )
            return
        assert isinstance(result, A2AModel)
        payload = _json(v03.response_to_v03(op, result)) if legacy else result.to_json()
        await send_bytes(send, 200, encode_result(request_id, payload), _JSON, extra)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
