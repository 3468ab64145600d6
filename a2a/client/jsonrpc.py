"""The JSON-RPC 2.0 binding (A2A §9), generic over the operation table.

One POST per call to the interface URL.  Errors are decoded from the
``error`` member by JSON-RPC code or ``ErrorInfo.reason`` (never by HTTP
status, A2A §10 #38).  Streams are SSE whose every ``data`` is a complete
JSON-RPC response.

What differs between protocol versions (method names, payload shapes) is a
:class:`JsonRpcCodec`; 1.0 is the identity, 0.3 uses :mod:`a2a.compat.v03`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncGenerator
from typing import Any

from a2a.client._http import (
    HttpChannel,
    check_auth,
    is_event_stream,
    json_body,
    read_error_body,
)
from a2a.client.transport import Transport, decode_model, register_transport
from a2a.compat import v03
from a2a.errors import TransportError, UnknownProtocolError, error_from_jsonrpc
from a2a.operations import OPERATIONS_BY_METHOD, Operation
from a2a.protocol.jsonrpc import encode_request
from a2a.protocol.negotiation import CURRENT_VERSION, LEGACY_VERSION
from a2a.types import (
    A2AModel,
    AgentInterface,
    GetTaskRequest,
    ProtocolBinding,
    StreamResponse,
    SubscribeToTaskRequest,
    Task,
)

__all__ = ["JsonRpcCodec", "JsonRpcTransport", "JsonRpcV03Transport", "V03Codec", "V10Codec"]


class JsonRpcCodec:
    """How one protocol version names methods and shapes params and results."""

    def method(self, op: Operation) -> str:
        return op.method

    def params(self, op: Operation, request: A2AModel) -> bytes:
        return request.to_json()

    def result(self, op: Operation, result: Any) -> A2AModel:
        # Delete answers null in some SDKs and {} in others (A2A §9.4).
        return decode_model(op.response, result, f"{op.method} result")

    def event(self, op: Operation, result: Any) -> StreamResponse:
        return decode_model(StreamResponse, result, f"{op.method} event")


class V10Codec(JsonRpcCodec):
    """A2A 1.0: PascalCase methods, ProtoJSON params and results."""


class V03Codec(JsonRpcCodec):
    """A2A 0.3: slash-style methods and ``kind``-tagged payloads, converted both ways."""

    def method(self, op: Operation) -> str:
        return v03.legacy_method(op)

    def params(self, op: Operation, request: A2AModel) -> bytes:
        data = v03.request_to_v03(op, request)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    def result(self, op: Operation, result: Any) -> A2AModel:
        try:
            return v03.response_from_v03(op, result)
        except ValueError as exc:
            raise TransportError(
                f"the agent's {op.legacy_method} result is invalid: {exc}"
            ) from exc

    def event(self, op: Operation, result: Any) -> StreamResponse:
        try:
            return v03.stream_response_from_v03(result)
        except ValueError as exc:
            raise TransportError(f"the agent's {op.legacy_method} event is invalid: {exc}") from exc


class JsonRpcTransport(Transport):
    """JSON-RPC over HTTP POST, with SSE for streaming operations."""

    binding = ProtocolBinding.JSONRPC
    version = CURRENT_VERSION
    codec: JsonRpcCodec = V10Codec()

    def __init__(self, channel: HttpChannel, interface: AgentInterface) -> None:
        super().__init__(channel, interface)
        self._ids = itertools.count(1)

    def _envelope(self, op: Operation, request: A2AModel) -> tuple[int, bytes]:
        request_id = next(self._ids)
        return request_id, encode_request(
            request_id, self.codec.method(op), self.codec.params(op, request)
        )

    def _headers(self) -> dict[str, str]:
        return {**self.service_headers(), "Content-Type": "application/json"}

    async def call(self, op: Operation, request: A2AModel, *, timeout: float | None) -> A2AModel:
        _, body = self._envelope(op, request)
        response = await self.channel.request(
            "POST",
            self.url,
            content=body,
            headers=self._headers(),
            idempotent=op.idempotent,
            timeout=timeout,
        )
        check_auth(response)
        data = json_body(response)
        return self.codec.result(op, _result_of(data, response.status_code))

    async def stream(
        self, op: Operation, request: A2AModel
    ) -> AsyncGenerator[StreamResponse, None]:
        _, body = self._envelope(op, request)
        async with self.channel.stream(
            "POST", self.url, content=body, headers=self._headers()
        ) as response:
            check_auth(response)
            if not is_event_stream(response):
                # Errors found before the stream starts come back as plain JSON (A2A §9.4.2).
                data = await read_error_body(response)
                self.codec.result(op, _result_of(data, response.status_code))
                raise TransportError(
                    f"expected an event stream from {self.codec.method(op)}, "
                    f"got HTTP {response.status_code} {response.headers.get('content-type', '')}"
                )
            for first in await self._opening_events(op, request):
                yield first
            async for raw in self.channel.events(response):
                try:
                    data = json.loads(raw)
                except ValueError as exc:
                    raise TransportError("an event of the stream is not JSON") from exc
                yield self.codec.event(op, _result_of(data, response.status_code))

    async def _opening_events(self, op: Operation, request: A2AModel) -> list[StreamResponse]:
        """Events to yield once the stream is open, before the agent's own (none in 1.0)."""
        return []


def _result_of(data: Any, status: int) -> Any:
    """The ``result`` member of a JSON-RPC response, or raise its ``error``."""
    if not isinstance(data, dict):
        raise TransportError(f"expected a JSON-RPC response object (HTTP {status})")
    if "error" in data and data["error"] is not None:
        raise error_from_jsonrpc(data["error"])
    if status >= 400 and "result" not in data:
        raise UnknownProtocolError(f"HTTP {status}", http_status=status)
    if "result" not in data and "id" not in data:
        raise TransportError("the answer is not a JSON-RPC response")
    # A null result is sometimes left out entirely (a2a-sdk 0.3 on push config delete).
    return data.get("result")


class JsonRpcV03Transport(JsonRpcTransport):
    """The same binding speaking A2A 0.3 to older agents."""

    version = LEGACY_VERSION
    codec = V03Codec()

    async def _opening_events(self, op: Operation, request: A2AModel) -> list[StreamResponse]:
        # A 0.3 ``tasks/resubscribe`` starts with the next change, not with the
        # task (a 1.0 stream begins with a snapshot, A2A §3.1.6).  Once
        # subscribed, fetch the task so that callers see the same stream shape.
        if op.method == "SubscribeToTask" and isinstance(request, SubscribeToTaskRequest):
            snapshot = await self.call(
                OPERATIONS_BY_METHOD["GetTask"],
                GetTaskRequest(id=request.id),
                timeout=self.channel.timeouts.request,
            )
            assert isinstance(snapshot, Task)
            return [StreamResponse(task=snapshot)]
        return []


register_transport(ProtocolBinding.JSONRPC, CURRENT_VERSION, JsonRpcTransport)
register_transport(ProtocolBinding.JSONRPC, LEGACY_VERSION, JsonRpcV03Transport)
