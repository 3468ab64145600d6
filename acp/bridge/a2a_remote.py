"""The A2A side of ``a2a bridge``: a remote A2A agent reached over JSON-RPC.

:class:`RemoteA2A` is the small interface the bridge needs (card, streaming
send, cancel).  :class:`JsonRpcRemote` implements it with httpx over the
no-I/O JSON-RPC framing of :mod:`a2a.protocol` and the operation table of
:mod:`a2a.operations`; when ``a2a.client`` is available it can stand in for
this class behind the same interface.

Exception boundary: A2A errors decode to the :mod:`a2a.errors` classes the
server raised; connection failures are :class:`a2a.errors.TransportError`,
expired limits :class:`a2a.errors.TimeoutError_`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from typing import Any, Protocol

import httpx
from httpx_sse import SSEError, aconnect_sse
from pydantic import ValidationError

from a2a.errors import ProtocolError, TimeoutError_, TransportError, error_from_jsonrpc
from a2a.operations import OPERATIONS_BY_METHOD
from a2a.protocol.jsonrpc import encode_request
from a2a.protocol.negotiation import CURRENT_VERSION, VERSION_HEADER
from a2a.types import (
    AgentCard,
    CancelTaskRequest,
    Message,
    ProtocolBinding,
    SendMessageRequest,
    StreamResponse,
    Task,
)

__all__ = ["DEFAULT_TIMEOUT", "JsonRpcRemote", "RemoteA2A"]

CARD_PATH = "/.well-known/agent-card.json"
#: Connect fast; a streamed task may stay silent for two minutes between events.
DEFAULT_TIMEOUT = httpx.Timeout(120.0, connect=5.0)


class RemoteA2A(Protocol):
    """What the bridge asks of a remote A2A agent."""

    card: AgentCard

    def stream(self, message: Message) -> AsyncIterator[StreamResponse]: ...
    async def cancel(self, task_id: str) -> Task: ...
    async def aclose(self) -> None: ...


class JsonRpcRemote:
    """A remote A2A agent over the JSON-RPC binding (A2A §9)."""

    def __init__(
        self,
        card: AgentCard,
        endpoint: str,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.card = card
        self.endpoint = endpoint
        self._ids = itertools.count(1)
        self._http = httpx.AsyncClient(
            timeout=timeout, headers={VERSION_HEADER: CURRENT_VERSION, **(headers or {})}
        )

    @classmethod
    async def discover(cls, url: str, **options: Any) -> JsonRpcRemote:
        """Fetch the card at ``url`` and pick its JSON-RPC interface."""
        base = url.rstrip("/")
        try:
            async with httpx.AsyncClient(timeout=10.0) as http:
                response = await http.get(base + CARD_PATH)
            response.raise_for_status()
            card = AgentCard.from_json(response.content)
        except httpx.HTTPError as exc:
            raise TransportError(f"cannot fetch the agent card of {url}: {exc}") from exc
        except ValidationError as exc:
            raise TransportError(f"{url} does not serve a valid agent card") from exc
        for interface in card.supported_interfaces:
            if interface.protocol_binding == ProtocolBinding.JSONRPC:
                return cls(card, interface.url, **options)
        raise TransportError(f"{url} offers no JSON-RPC interface")

    async def aclose(self) -> None:
        await self._http.aclose()

    def _body(self, method: str, params: Any) -> bytes:
        return encode_request(next(self._ids), method, params.to_json())

    async def cancel(self, task_id: str) -> Task:
        """``CancelTask``; raises the decoded A2A error."""
        operation = OPERATIONS_BY_METHOD["CancelTask"]
        body = self._body(operation.method, CancelTaskRequest(id=task_id))
        try:
            response = await self._http.post(
                self.endpoint, content=body, headers={"Content-Type": "application/json"}
            )
        except httpx.TimeoutException as exc:
            raise TimeoutError_("A2A cancel timed out") from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"A2A cancel failed: {exc}") from exc
        result = _result(response.content)
        try:
            return Task.from_dict(result)
        except ValidationError as exc:
            raise TransportError("the A2A agent answered an invalid Task") from exc

    async def stream(self, message: Message) -> AsyncIterator[StreamResponse]:
        """``SendStreamingMessage``: the task's events until it ends or is interrupted."""
        operation = OPERATIONS_BY_METHOD["SendStreamingMessage"]
        body = self._body(operation.method, SendMessageRequest(message=message))
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        try:
            async with aconnect_sse(
                self._http, "POST", self.endpoint, content=body, headers=headers
            ) as source:
                if source.response.is_error:
                    await source.response.aread()
                    _result(source.response.content)  # raises the decoded error
                    raise TransportError(f"A2A stream failed: HTTP {source.response.status_code}")
                async for sse in source.aiter_sse():
                    if not sse.data:
                        continue
                    try:
                        yield StreamResponse.from_dict(_result(sse.data.encode()))
                    except ValidationError as exc:
                        raise TransportError("the A2A agent sent an invalid event") from exc
        except httpx.TimeoutException as exc:
            raise TimeoutError_("A2A stream idle for too long") from exc
        except (httpx.HTTPError, SSEError) as exc:
            raise TransportError(f"A2A stream failed: {exc}") from exc


def _result(content: bytes) -> Any:
    """The ``result`` of a JSON-RPC response; raises the decoded error otherwise."""
    try:
        envelope = json.loads(content)
    except ValueError as exc:
        raise TransportError("the A2A agent answered something that is not JSON") from exc
    if not isinstance(envelope, dict):
        raise TransportError("the A2A agent answered an invalid JSON-RPC envelope")
    if "error" in envelope:
        error: ProtocolError = error_from_jsonrpc(envelope["error"])
        raise error
    if "result" not in envelope:
        raise TransportError("the A2A agent answered a JSON-RPC envelope without a result")
    return envelope["result"]
