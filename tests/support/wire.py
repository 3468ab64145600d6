"""A bare wire-level caller for server tests: the same call over either binding.

Deliberately not our client: server tests check the wire itself (status codes,
headers, raw JSON), and decode errors with the library's error decoders.
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import quote

import httpx
from httpx_sse import aconnect_sse

from a2a.errors import ProtocolError, error_from_jsonrpc, error_from_rest
from a2a.operations import OPERATIONS_BY_METHOD
from a2a.types import proto_json_name

BINDINGS = ("JSONRPC", "HTTP+JSON")
_ids = itertools.count(1)


class WireError(Exception):
    """A protocol error as decoded from the wire, with the raw response kept."""

    def __init__(self, error: ProtocolError, status: int, body: Any) -> None:
        super().__init__(error.message)
        self.error = error
        self.status = status
        self.body = body


class Wire:
    """Calls operations by name over one binding of a server at ``base``."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base: str,
        binding: str,
        *,
        headers: dict[str, str] | None = None,
        tenant: str = "",
    ) -> None:
        self.http = http
        self.base = base.rstrip("/")
        self.binding = binding
        self.headers = {"A2A-Version": "1.0", **(headers or {})}
        self.tenant = tenant

    def _rest_target(self, method: str, params: dict[str, Any]) -> tuple[str, str, Any, Any]:
        # Built from the raw params, so that invalid input still reaches the server.
        op = OPERATIONS_BY_METHOD[method]
        path = op.http_path
        used = {"tenant"}
        for name in op.path_params:
            key = proto_json_name(name)
            used.add(key)
            path = path.replace("{" + name + "}", quote(str(params.get(key, "")), safe=""))
        if self.tenant:
            path = "/" + quote(self.tenant, safe="") + path
        rest = {k: v for k, v in params.items() if k not in used}
        if op.has_body:
            return op.http_method, self.base + "/rest" + path, None, rest
        query = [(k, json.dumps(v) if isinstance(v, bool) else str(v)) for k, v in rest.items()]
        return op.http_method, self.base + "/rest" + path, query, None

    async def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        params = dict(params or {})
        if self.binding == "JSONRPC":
            if self.tenant:
                params["tenant"] = self.tenant
            payload = {"jsonrpc": "2.0", "id": next(_ids), "method": method, "params": params}
            response = await self.http.post(self.base + "/", json=payload, headers=self.headers)
            body = response.json()
            if "error" in body:
                raise WireError(error_from_jsonrpc(body["error"]), response.status_code, body)
            assert response.status_code == 200
            return body["result"]
        verb, url, query, json_body = self._rest_target(method, params)
        response = await self.http.request(
            verb, url, params=query, json=json_body, headers=self.headers
        )
        body = response.json() if response.content else None
        if response.status_code != 200:
            raise WireError(error_from_rest(response.status_code, body), response.status_code, body)
        return body

    async def stream(self, method: str, params: dict[str, Any] | None = None) -> list[Any]:
        """All events of a streaming call (``StreamResponse`` values, unwrapped from JSON-RPC)."""
        params = dict(params or {})
        if self.binding == "JSONRPC":
            if self.tenant:
                params["tenant"] = self.tenant
            request_id = next(_ids)
            payload = {"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}
            kwargs: dict[str, Any] = {"json": payload}
            verb, url = "POST", self.base + "/"
        else:
            verb, url, query, json_body = self._rest_target(method, params)
            kwargs = {"params": query, "json": json_body}
        events: list[Any] = []
        async with aconnect_sse(
            self.http, verb, url, headers=self.headers, timeout=30, **kwargs
        ) as source:
            response = source.response
            if "text/event-stream" not in response.headers.get("content-type", ""):
                await response.aread()
                body = response.json()
                if self.binding == "JSONRPC":
                    raise WireError(error_from_jsonrpc(body["error"]), response.status_code, body)
                raise WireError(
                    error_from_rest(response.status_code, body), response.status_code, body
                )
            async for sse in source.aiter_sse():
                data = json.loads(sse.data)
                if self.binding == "JSONRPC":
                    assert data["jsonrpc"] == "2.0"
                    assert data["id"] == request_id
                    if "error" in data:
                        raise WireError(error_from_jsonrpc(data["error"]), 200, data)
                    data = data["result"]
                events.append(data)
        return events


def user_message(text: str, **fields: Any) -> dict[str, Any]:
    """A ProtoJSON user message with a fresh id."""
    return {
        "messageId": f"m-{next(_ids)}",
        "role": "ROLE_USER",
        "parts": [{"text": text}],
        **fields,
    }
