"""The suite's raw wire layer: any operation over either binding, nothing hidden.

Conformance is about exact bytes, so this layer does not use the typed
client: it sends ProtoJSON built from plain dicts (invalid input included),
and keeps the status, headers, body text and decoded JSON of every answer.
It is deliberately *lenient*: it unwraps results and decodes errors however
the agent shaped them, so that each check judges its own rule and no other
(a missing ``"jsonrpc": "2.0"`` fails the envelope check, not every check
that happens to call the agent).

Streams are read by a background task into a queue, so a check can wait for
the next event with a timeout and carry on, or stop early and close.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from a2a.conformance.answers import Event, Reply, StreamReply, decode_json, describe
from a2a.errors import (
    A2AError,
    AuthenticationError,
    PermissionDeniedError,
    UnknownProtocolError,
    error_from_jsonrpc,
    error_from_rest,
)
from a2a.operations import OPERATIONS_BY_METHOD
from a2a.protocol.negotiation import VERSION_HEADER
from a2a.types import proto_json_name

# Event, Reply, StreamReply and describe live in ``answers``; re-exported for the checks.
__all__ = ["REST_CONTENT_TYPE", "Event", "Reply", "Stream", "StreamReply", "Wire", "describe"]

REST_CONTENT_TYPE = "application/a2a+json"


def _auth_error(response: httpx.Response) -> A2AError | None:
    if response.status_code == 401:
        return AuthenticationError(challenge=response.headers.get("WWW-Authenticate"))
    if response.status_code == 403:
        return PermissionDeniedError()
    return None


class Stream:
    """An open stream: events arrive in a queue filled by a background reader."""

    def __init__(self, reply: StreamReply) -> None:
        self.reply = reply
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None

    async def next(self, timeout: float) -> Event | None:
        """The next event, or ``None`` once the agent closed the stream.

        Raises :class:`asyncio.TimeoutError` if nothing comes within ``timeout``.
        """
        if self.reply.reply is not None or (self._reader is None and self._queue.empty()):
            return None
        item = await asyncio.wait_for(self._queue.get(), timeout)
        if item is None:
            self._queue.put_nowait(None)  # stay closed for later calls
        return item

    async def rest(self, timeout: float) -> bool:
        """Read events until the stream closes; ``False`` if it stays open past ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                if await self.next(left) is None:
                    return True
            except asyncio.TimeoutError:
                return False


class Wire:
    """Calls any operation by name over one binding of the agent.

    ``url`` is the interface URL, ``tenant`` its tenant; ``headers`` go on
    every request (credentials, ``A2A-Extensions``), after ``A2A-Version: 1.0``.
    A header given as ``None`` in a call's ``headers`` is left out.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        binding: str,
        url: str,
        *,
        tenant: str = "",
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.http = http
        self.binding = binding
        self.url = url
        self.tenant = tenant
        self.headers = {VERSION_HEADER: "1.0", **(headers or {})}
        self.timeout = timeout
        self._ids = itertools.count(1)

    def with_headers(self, headers: Mapping[str, str | None]) -> Wire:
        """A wire for the same interface with some headers replaced (``None`` removes one)."""
        merged: dict[str, str] = {}
        drop = {k.lower() for k, v in headers.items() if v is None}
        for key, value in self.headers.items():
            if key.lower() not in drop and key.lower() not in {k.lower() for k in headers}:
                merged[key] = value
        merged.update({k: v for k, v in headers.items() if v is not None})
        wire = Wire(self.http, self.binding, self.url, tenant=self.tenant, timeout=self.timeout)
        wire.headers = merged
        wire._ids = self._ids
        return wire

    def _headers(self, extra: Mapping[str, str | None] | None) -> dict[str, str]:
        if not extra:
            return dict(self.headers)
        return dict(self.with_headers(extra).headers)

    # -- request building ----------------------------------------------------------

    def _jsonrpc(self, method: str, params: Mapping[str, Any] | None) -> tuple[int, bytes]:
        request_id = next(self._ids)
        body: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            params = dict(params)
            if self.tenant and "tenant" not in params:
                params["tenant"] = self.tenant
            body["params"] = params
        return request_id, json.dumps(body, ensure_ascii=False).encode()

    def rest_target(
        self, method: str, params: Mapping[str, Any] | None
    ) -> tuple[str, str, list[tuple[str, str]], bytes | None]:
        """HTTP verb, URL, query and body of an operation, built from raw params."""
        op = OPERATIONS_BY_METHOD[method]
        params = dict(params or {})
        path = op.http_path
        used = {"tenant"}
        for name in op.path_params:
            key = proto_json_name(name)
            used.add(key)
            path = path.replace("{" + name + "}", quote(str(params.get(key, "")), safe=""))
        tenant = str(params.get("tenant") or self.tenant)
        if tenant:
            path = "/" + quote(tenant, safe="") + path
        rest = {k: v for k, v in params.items() if k not in used}
        url = self.url.rstrip("/") + path
        if op.has_body:
            return op.http_method, url, [], json.dumps(rest, ensure_ascii=False).encode()
        query: list[tuple[str, str]] = []
        for key, value in rest.items():
            for item in value if isinstance(value, list) else [value]:
                query.append((key, json.dumps(item) if isinstance(item, bool) else str(item)))
        return op.http_method, url, query, None

    # -- unary calls ---------------------------------------------------------------

    async def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str | None] | None = None,
        query: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> Reply:
        """Run a unary operation; never raises for a protocol error (see ``Reply.error``)."""
        sent = self._headers(headers)
        extra_query = list((query or {}).items())
        if self.binding == "JSONRPC":
            request_id, payload = self._jsonrpc(method, params if params is not None else {})
            response = await self.http.post(
                self.url,
                content=payload,
                params=httpx.QueryParams(tuple(extra_query)),
                headers={**sent, "Content-Type": "application/json"},
                timeout=timeout or self.timeout,
            )
            return self._jsonrpc_reply(response, request_id)
        verb, url, query_items, body = self.rest_target(method, params)
        content_headers = {"Content-Type": REST_CONTENT_TYPE} if body is not None else {}
        response = await self.http.request(
            verb,
            url,
            content=body,
            params=httpx.QueryParams(tuple(query_items + extra_query)),
            headers={**sent, "Accept": f"{REST_CONTENT_TYPE}, application/json", **content_headers},
            timeout=timeout or self.timeout,
        )
        return self.rest_reply(response)

    async def post_raw(
        self,
        content: bytes,
        *,
        content_type: str = "application/json",
        timeout: float | None = None,
    ) -> Reply:
        """POST arbitrary bytes to the JSON-RPC interface (framing checks)."""
        response = await self.http.post(
            self.url,
            content=content,
            headers={**self.headers, "Content-Type": content_type},
            timeout=timeout or self.timeout,
        )
        return self._jsonrpc_reply(response, None)

    def _jsonrpc_reply(self, response: httpx.Response, request_id: Any) -> Reply:
        body, is_json = decode_json(response.text)
        reply = Reply(
            "JSONRPC",
            response.status_code,
            response.headers,
            response.text,
            body,
            is_json,
            request_id=request_id,
        )
        auth = _auth_error(response)
        if auth is not None:
            reply.error = auth
        elif isinstance(body, dict) and body.get("error") is not None:
            reply.error = error_from_jsonrpc(body["error"])
        elif isinstance(body, dict) and "result" in body:
            reply.result = body["result"]
        elif response.status_code >= 400 or not is_json:
            reply.error = UnknownProtocolError(
                f"HTTP {response.status_code} without a JSON-RPC answer",
                http_status=response.status_code,
            )
        else:
            reply.result = body  # not an envelope: judged by the envelope check only
        return reply

    def rest_reply(self, response: httpx.Response) -> Reply:
        body, is_json = decode_json(response.text) if response.text else (None, True)
        reply = Reply(
            "HTTP+JSON", response.status_code, response.headers, response.text, body, is_json
        )
        auth = _auth_error(response)
        if auth is not None:
            reply.error = auth
        elif response.status_code >= 400:
            reply.error = error_from_rest(response.status_code, body)
        else:
            reply.result = body
        return reply

    # -- streams -------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def open_stream(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str | None] | None = None,
        verb: str | None = None,
    ) -> AsyncIterator[Stream]:
        """Open a streaming operation; events are read in the background until closed."""
        sent = {**self._headers(headers), "Accept": "text/event-stream"}
        request_id: Any = None
        if self.binding == "JSONRPC":
            request_id, payload = self._jsonrpc(method, params if params is not None else {})
            request = self.http.build_request(
                "POST",
                self.url,
                content=payload,
                headers={**sent, "Content-Type": "application/json"},
                timeout=httpx.Timeout(None, connect=self.timeout),
            )
            response = await self.http.send(request, stream=True)
        else:
            default_verb, url, query, body = self.rest_target(method, params)
            verbs = (
                [verb] if verb else [default_verb, *OPERATIONS_BY_METHOD[method].extra_http_methods]
            )
            for index, current in enumerate(verbs):
                request = self.http.build_request(
                    current,
                    url,
                    params=httpx.QueryParams(tuple(query)),
                    content=body if current != "GET" else None,
                    headers={
                        **sent,
                        **({"Content-Type": REST_CONTENT_TYPE} if current != "GET" else {}),
                    },
                    timeout=httpx.Timeout(None, connect=self.timeout),
                )
                response = await self.http.send(request, stream=True)
                if response.status_code == 405 and index + 1 < len(verbs):
                    await response.aclose()
                    continue
                break
        reply = StreamReply(self.binding, response.status_code, response.headers, request_id)
        stream = Stream(reply)
        try:
            if not self._looks_like_stream(response):
                await response.aread()
                if self.binding == "JSONRPC":
                    reply.reply = self._jsonrpc_reply(response, request_id)
                else:
                    reply.reply = self.rest_reply(response)
                yield stream
                return
            stream._reader = asyncio.get_running_loop().create_task(self._read(response, stream))
            yield stream
        finally:
            if stream._reader is not None and not stream._reader.done():
                stream._reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await stream._reader
            await response.aclose()

    async def stream(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str | None] | None = None,
        timeout: float = 15.0,
        verb: str | None = None,
    ) -> StreamReply:
        """Run a streaming operation to its end (or ``timeout`` seconds)."""
        async with self.open_stream(method, params, headers=headers, verb=verb) as stream:
            await stream.rest(timeout)
        return stream.reply

    def _looks_like_stream(self, response: httpx.Response) -> bool:
        # Lenient: a 200 that is not JSON is read as SSE whatever its content type,
        # so that a wrong content type fails only the content-type check.
        ctype = str(response.headers.get("content-type", "")).lower()
        if "text/event-stream" in ctype:
            return True
        return response.status_code == 200 and "json" not in ctype

    async def _read(self, response: httpx.Response, stream: Stream) -> None:
        reply = stream.reply
        started = time.monotonic()
        data: list[str] = []
        name = ""
        try:
            async for line in response.aiter_lines():
                if line == "":
                    if data:
                        event = self._event("\n".join(data), name, time.monotonic() - started)
                        reply.events.append(event)
                        stream._queue.put_nowait(event)
                    data, name = [], ""
                    continue
                if line.startswith(":"):
                    continue
                key, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if key == "data":
                    data.append(value)
                elif key == "event":
                    name = value
            if data:
                event = self._event("\n".join(data), name, time.monotonic() - started)
                reply.events.append(event)
                stream._queue.put_nowait(event)
            reply.closed = True
        except httpx.HTTPError as exc:
            reply.broken = f"{type(exc).__name__}: {exc}"
            reply.closed = True
        finally:
            stream._queue.put_nowait(None)

    def _event(self, data: str, name: str, at: float) -> Event:
        decoded, _ = decode_json(data)
        event = Event(data, name, decoded, at=at)
        if not isinstance(decoded, dict):
            return event
        if "jsonrpc" in decoded or (
            "id" in decoded and ("result" in decoded or "error" in decoded)
        ):
            if decoded.get("error") is not None:
                event.error = error_from_jsonrpc(decoded["error"])
            else:
                event.payload = decoded.get("result")
            return event
        if isinstance(decoded.get("error"), dict):
            event.error = error_from_rest(500, decoded)
            return event
        event.payload = decoded
        return event
