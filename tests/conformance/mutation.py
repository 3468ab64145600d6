"""An ASGI layer that breaks one rule of a well-behaved server, for the mutant tests.

:class:`MutantApp` wraps our reference server and lets a :class:`Mutant`
rewrite what passes through: the request (body, headers, query), a JSON
answer, or each event of a stream.  Everything else is left byte for byte,
so a mutant violates exactly the rule it is about.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from a2a.errors import A2AError
from a2a.protocol.rest import match_route

REST_PREFIX = "/rest"
CARD_PATH = "/.well-known/agent-card.json"


@dataclass
class Call:
    """One request as the mutant sees it (``body`` and ``headers`` may be changed)."""

    binding: str  # "JSONRPC", "HTTP+JSON", "card" or "other"
    method: str
    path: str
    verb: str
    headers: dict[str, str]
    body: Any
    query: str

    @property
    def params(self) -> Any:
        """The operation's request message: JSON-RPC ``params``, or the REST body."""
        if self.binding == "JSONRPC":
            return self.body.get("params") if isinstance(self.body, dict) else None
        return self.body


@dataclass
class Raw:
    """A replacement answer given as bytes."""

    status: int
    content_type: bytes
    body: bytes


class Mutant:
    """Override the hooks that break the rule; ``fails`` is what the suite must report."""

    #: Requirement ids the suite must fail at MUST level, and at SHOULD level.
    fails: frozenset[str] = frozenset()
    should_fail: frozenset[str] = frozenset()
    #: The bindings the rule concerns (the suite runs on these); empty for every binding.
    bindings: tuple[str, ...] = ()

    def request(self, call: Call) -> None:
        """Change ``call.body``, ``call.headers`` or ``call.query`` before the server sees them."""

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any] | Raw:
        """A JSON answer (the card included): return the status and body to send."""
        return status, body

    def events(self, call: Call) -> Callable[[Any], list[Any]] | None:
        """A function turning each decoded SSE event into the events to send instead."""
        return None

    def hold(self, call: Call, sent: list[Any]) -> bool:
        """Whether to keep the stream open (until the client leaves) once the server ends it."""
        return False


def result_of(call: Call, body: Any) -> Any:
    """The operation's result inside an answer (JSON-RPC ``result`` or the REST body)."""
    if call.binding == "JSONRPC":
        return body.get("result") if isinstance(body, dict) else None
    return body


def error_of(call: Call, status: int, body: Any) -> dict[str, Any] | None:
    """The error object of an answer (JSON-RPC ``error`` or REST ``error``), if any."""
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"] if call.binding == "JSONRPC" or status >= 400 else None
    return None


def reason_of(error: dict[str, Any] | None) -> str:
    """The ErrorInfo reason of an error object, in either binding."""
    if error is None:
        return ""
    details = error.get("data") if "data" in error else error.get("details")
    for detail in details if isinstance(details, list) else [details]:
        if isinstance(detail, dict) and "reason" in detail:
            return str(detail["reason"])
    return ""


def walk(value: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    """Call ``visit`` on every object inside ``value`` (depth first, in place)."""
    if isinstance(value, dict):
        visit(value)
        for item in list(value.values()):
            walk(item, visit)
    elif isinstance(value, list):
        for item in value:
            walk(item, visit)


def _classify(scope: Scope, body: Any) -> tuple[str, str]:
    path, verb = scope["path"], scope["method"]
    if path == CARD_PATH:
        return "card", "card"
    if path == "/" and verb == "POST":
        method = body.get("method") if isinstance(body, dict) else ""
        return "JSONRPC", str(method or "")
    if path.startswith(REST_PREFIX):
        raw = (scope.get("raw_path") or path.encode()).decode("latin-1")[len(REST_PREFIX) :]
        try:
            return "HTTP+JSON", match_route(verb, raw or "/").operation.method
        except A2AError:
            return "HTTP+JSON", ""
    return "other", ""


def _frames(data: bytes) -> tuple[list[bytes], bytes]:
    data = data.replace(b"\r\n", b"\n")
    *complete, rest = data.split(b"\n\n")
    return complete, rest


class MutantApp:
    def __init__(self, app: ASGIApp, mutant: Mutant) -> None:
        self.app = app
        self.mutant = mutant

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = b""
        while True:
            message = await receive()
            raw += message.get("body", b"")
            if not message.get("more_body", False):
                break
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = None
        binding, method = _classify(scope, body)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        call = Call(
            binding, method, scope["path"], scope["method"], headers, copy.deepcopy(body),
            scope.get("query_string", b"").decode("latin-1"),
        )  # fmt: skip
        self.mutant.request(call)
        if call.body != body:
            raw = json.dumps(call.body).encode()
        call.headers["content-length"] = str(len(raw))
        scope = {
            **scope,
            "headers": [
                (k.encode("latin-1"), v.encode("latin-1")) for k, v in call.headers.items()
            ],
            "query_string": call.query.encode("latin-1"),
        }
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()  # the real disconnect, for streams

        await self.app(scope, replay, _Sender(self.mutant, call, send, receive))


class _Sender:
    def __init__(self, mutant: Mutant, call: Call, send: Send, receive: Receive) -> None:
        self.mutant = mutant
        self.call = call
        self.send = send
        self.receive = receive
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.events: Callable[[Any], list[Any]] | None = None
        self.sse = False
        self.pending = b""
        self.sent: list[Any] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            ctype = dict(message.get("headers", [])).get(b"content-type", b"")
            self.sse = ctype.startswith(b"text/event-stream")
            if self.sse:
                self.events = self.mutant.events(self.call)
                await self.send(message)
            else:
                self.start = message
            return
        if message["type"] != "http.response.body":
            await self.send(message)
            return
        more = message.get("more_body", False)
        if self.sse:
            await self._sse(message.get("body", b""), more)
            return
        self.chunks.append(message.get("body", b""))
        if not more:
            await self._json(b"".join(self.chunks))

    async def _sse(self, chunk: bytes, more: bool) -> None:
        frames, self.pending = _frames(self.pending + chunk)
        if not more and self.pending.strip():
            frames, self.pending = [*frames, self.pending], b""
        out = b"".join(self._frame(frame) for frame in frames)
        if not more and self.mutant.hold(self.call, self.sent):
            await self.send({"type": "http.response.body", "body": out, "more_body": True})
            while (await self.receive())["type"] != "http.disconnect":
                pass
            return
        await self.send({"type": "http.response.body", "body": out, "more_body": more})

    def _frame(self, frame: bytes) -> bytes:
        lines = frame.split(b"\n")
        data = [line[5:].lstrip(b" ") for line in lines if line.startswith(b"data:")]
        if not data or self.events is None:
            if data:
                self.sent.append(json.loads(b"\n".join(data)))
            return frame + b"\n\n"
        others = [line for line in lines if line and not line.startswith(b"data:")]
        replaced = self.events(json.loads(b"\n".join(data)))
        self.sent.extend(replaced)
        return b"".join(
            b"\n".join([*others, b"data: " + json.dumps(item).encode()]) + b"\n\n"
            for item in replaced
        )

    async def _json(self, raw: bytes) -> None:
        assert self.start is not None
        status = self.start["status"]
        headers = [(k, v) for k, v in self.start.get("headers", []) if k != b"content-length"]
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if body is not None:
            outcome = self.mutant.response(self.call, status, copy.deepcopy(body))
            if isinstance(outcome, Raw):
                status, raw = outcome.status, outcome.body
                headers = [(k, v) for k, v in headers if k != b"content-type"]
                headers.append((b"content-type", outcome.content_type))
            elif outcome != (status, body):
                status, raw = outcome[0], json.dumps(outcome[1]).encode()
        headers.append((b"content-length", str(len(raw)).encode()))
        await self.send({**self.start, "status": status, "headers": headers})
        await self.send({"type": "http.response.body", "body": raw, "more_body": False})
