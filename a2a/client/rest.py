"""The HTTP+JSON binding (A2A §11), generic over the operation table.

Paths and query strings come from :func:`a2a.protocol.rest.rest_path` and
:func:`~a2a.protocol.rest.rest_query`; bodies are the ProtoJSON request minus
the fields the path already carries.  Errors are ``google.rpc.Status`` bodies,
decoded by ``ErrorInfo.reason`` first and HTTP status last (A2A §10 #38).
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

import httpx

from a2a.client._http import check_auth, is_event_stream, json_body, read_error_body
from a2a.client.transport import Transport, decode_model, register_transport
from a2a.errors import TransportError, error_from_rest
from a2a.operations import Operation
from a2a.protocol.negotiation import CURRENT_VERSION
from a2a.protocol.rest import rest_path, rest_query
from a2a.types import A2AModel, ProtocolBinding, StreamResponse

__all__ = ["CONTENT_TYPE", "RestTransport"]

#: The media type A2A 1.0.1 asks HTTP+JSON messages to use (§11.2).
CONTENT_TYPE = "application/a2a+json"


class RestTransport(Transport):
    """HTTP verbs on resource paths under the interface URL; SSE for streams."""

    binding = ProtocolBinding.HTTP_JSON
    version = CURRENT_VERSION

    def _url(self, op: Operation, request: A2AModel) -> str:
        tenant = str(getattr(request, "tenant", "") or "")
        return self.url.rstrip("/") + rest_path(op, request, tenant)

    def _body(self, op: Operation, request: A2AModel) -> bytes | None:
        if not op.has_body:
            return None
        data = request.to_dict()
        for name in (*op.path_params, "tenant"):
            data.pop(_json_name(request, name), None)
        # Always a JSON object, ``{}`` at least (A2A §3.4: some servers reject no body).
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    def _headers(self, op: Operation) -> dict[str, str]:
        headers = {**self.service_headers(), "Accept": CONTENT_TYPE + ", application/json"}
        if op.has_body:
            headers["Content-Type"] = CONTENT_TYPE
        return headers

    async def call(self, op: Operation, request: A2AModel, *, timeout: float | None) -> A2AModel:
        response = await self.channel.request(
            op.http_method,
            self._url(op, request),
            content=self._body(op, request),
            params=rest_query(op, request),
            headers=self._headers(op),
            idempotent=op.idempotent,
            timeout=timeout,
        )
        _raise_for_error(response, json_body(response) if response.status_code >= 400 else None)
        return decode_model(op.response, json_body(response), f"{op.method} answer")

    async def stream(
        self, op: Operation, request: A2AModel
    ) -> AsyncGenerator[StreamResponse, None]:
        url, body = self._url(op, request), self._body(op, request)
        # SubscribeToTask: the spec says POST, its proto says GET; try POST and
        # fall back on 405 (A2A notes §11 #1).
        verbs = (op.http_method, *op.extra_http_methods)
        for index, verb in enumerate(verbs):
            retry_other_verb = index + 1 < len(verbs)
            async with self.channel.stream(
                verb,
                url,
                content=body if verb != "GET" else None,
                params=rest_query(op, request),
                headers=self._headers(op),
            ) as response:
                if response.status_code == 405 and retry_other_verb:
                    continue
                if not is_event_stream(response):
                    _raise_for_error(response, await read_error_body(response))
                    raise TransportError(
                        f"expected an event stream from {op.method}, got HTTP "
                        f"{response.status_code} {response.headers.get('content-type', '')}"
                    )
                async for raw in self.channel.events(response):
                    yield _event(op, raw)
                return


def _json_name(request: A2AModel, name: str) -> str:
    field = type(request).model_fields.get(name)
    return field.alias if field is not None and field.alias else name


def _raise_for_error(response: httpx.Response, body: Any) -> None:
    check_auth(response)
    if response.status_code >= 400:
        raise error_from_rest(response.status_code, body)


def _event(op: Operation, raw: str) -> StreamResponse:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise TransportError("an event of the stream is not JSON") from exc
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        # An error after the stream began travels as one last event.
        raise error_from_rest(500, data)
    return decode_model(StreamResponse, data, f"{op.method} event")


register_transport(ProtocolBinding.HTTP_JSON, CURRENT_VERSION, RestTransport)
