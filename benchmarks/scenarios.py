"""Every scenario the A2A benchmark runs, declared once as data.

A :class:`Scenario` is one kind of request on one binding; the harness runs
it at each client count in ``clients`` against each server in ``servers``,
and :func:`load_spec` turns it into what :mod:`benchmarks.load` sends.  The
bodies are the same bytes for every server: both servers speak A2A 1.0 at
the same URLs (JSON-RPC at ``/``, HTTP+JSON under ``/rest``), and the bare
Starlette echo answers the Message-echo requests only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["SCENARIOS", "STREAM_CHUNKS", "Scenario", "client_spec", "load_spec"]

#: Artifact chunks of the streaming scenario (the stream carries two more events).
STREAM_CHUNKS = 100


def _message(text: str, *, return_immediately: bool = False) -> dict[str, Any]:
    params: dict[str, Any] = {
        "message": {"messageId": "bench-{n}", "role": "ROLE_USER", "parts": [{"text": text}]}
    }
    if return_immediately:
        params["configuration"] = {"returnImmediately": True}
    return params


def _jsonrpc(method: str, params: dict[str, Any]) -> str:
    return json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}, separators=(",", ":")
    )


def _rest(params: dict[str, Any]) -> str:
    return json.dumps(params, separators=(",", ":"))


@dataclass(frozen=True)
class Request:
    """One HTTP request, with ``{n}`` and ``{task}`` placeholders."""

    method: str
    path: str
    body: str | None


def send(binding: str, text: str, *, streaming: bool = False, immediately: bool = False) -> Request:
    """A SendMessage (or SendStreamingMessage) request carrying ``text``."""
    params = _message(text, return_immediately=immediately)
    if binding == "jsonrpc":
        method = "SendStreamingMessage" if streaming else "SendMessage"
        return Request("POST", "/", _jsonrpc(method, params))
    return Request(
        "POST", "/rest/message:stream" if streaming else "/rest/message:send", _rest(params)
    )


def get_task(binding: str) -> Request:
    if binding == "jsonrpc":
        return Request("POST", "/", _jsonrpc("GetTask", {"id": "{task}"}))
    return Request("GET", "/rest/tasks/{task}", None)


def subscribe(binding: str) -> Request:
    if binding == "jsonrpc":
        return Request("POST", "/", _jsonrpc("SubscribeToTask", {"id": "{task}"}))
    return Request("POST", "/rest/tasks/{task}:subscribe", "{}")


@dataclass(frozen=True)
class Scenario:
    """One kind of request on one binding."""

    name: str
    title: str
    binding: str  # "jsonrpc" or "rest"
    mode: str  # "unary", "stream" or "idle"
    request: Request
    servers: tuple[str, ...]
    #: Client counts for unary and stream modes, open streams for idle mode.
    clients: tuple[int, ...]
    expect: str = ""
    events: int = 0
    setup: Request | None = None
    #: Client scenarios: the text the client library sends.
    text: str = ""

    @property
    def key(self) -> str:
        return f"{self.name}/{self.binding}"


def _scenarios() -> tuple[Scenario, ...]:
    all_three = ("ours", "sdk", "bare")
    peers = ("ours", "sdk")
    found: list[Scenario] = []
    for binding in ("jsonrpc", "rest"):
        found += [
            Scenario(
                "message",
                "SendMessage -> Message",
                binding,
                "unary",
                send(binding, "echo"),
                all_three,
                (1, 32),
                expect="echo: echo",
            ),
            Scenario(
                "task",
                "SendMessage -> Task, 3 events",
                binding,
                "unary",
                send(binding, "task"),
                peers,
                (1, 32),
                expect="TASK_STATE_COMPLETED",
            ),
            Scenario(
                "stream",
                f"SendStreamingMessage, {STREAM_CHUNKS} chunks",
                binding,
                "stream",
                send(binding, f"stream {STREAM_CHUNKS}", streaming=True),
                peers,
                (1, 32),
                expect="TASK_STATE_COMPLETED",
                events=STREAM_CHUNKS + 2,
            ),
            Scenario(
                "get",
                "GetTask",
                binding,
                "unary",
                get_task(binding),
                peers,
                (1, 32),
                expect="TASK_STATE_COMPLETED",
                setup=send(binding, "task"),
            ),
        ]
    found += [
        Scenario(
            "idle-subscribe",
            "idle SubscribeToTask streams, one task",
            "jsonrpc",
            "idle",
            subscribe("jsonrpc"),
            peers,
            (1000, 10000),
            setup=send("jsonrpc", "wait", immediately=True),
        ),
        # 10,000 of these take the SDK about two minutes to open: ask with --idle 1000 10000.
        Scenario(
            "idle-stream",
            "idle SendStreamingMessage streams, a task each",
            "jsonrpc",
            "idle",
            send("jsonrpc", "wait", streaming=True),
            peers,
            (1000,),
        ),
    ]
    # Signed envelopes: the same Message echo against our server without the identity
    # layer, with it and unsigned requests, and with it and signed requests (the server
    # verifies each message's envelope and signs its reply).
    found.append(
        Scenario(
            "envelope",
            "SendMessage -> Message, envelopes",
            "jsonrpc",
            "unary",
            send("jsonrpc", "echo"),
            ("ours", "ours-id", "ours-id+signed"),
            (1,),
            expect="echo: echo",
        )
    )
    # Client libraries, each against each server: "CLIENT>SERVER".
    pairs = ("ours>ours", "sdk>ours", "ours>sdk", "sdk>sdk")
    found += [
        Scenario("client-send", "client SendMessage -> Message", "jsonrpc", "client",
                 send("jsonrpc", "echo"), pairs, (1,), expect="echo: echo", text="echo"),
        Scenario("client-stream", f"client SendStreamingMessage, {STREAM_CHUNKS} chunks",
                 "jsonrpc", "client", send("jsonrpc", "stream", streaming=True), pairs, (1,),
                 expect="TASK_STATE_COMPLETED", events=STREAM_CHUNKS + 2,
                 text=f"stream {STREAM_CHUNKS}"),
    ]  # fmt: skip
    return tuple(found)


SCENARIOS: tuple[Scenario, ...] = _scenarios()


def load_spec(
    scenario: Scenario, clients: int, port: int, pid: int, *, warmup: float, duration: float
) -> dict[str, Any]:
    """The JSON spec :mod:`benchmarks.load` runs for ``scenario`` with ``clients`` clients."""
    request = scenario.request
    spec: dict[str, Any] = {
        "port": port,
        "server_pid": pid,
        "mode": scenario.mode,
        "method": request.method,
        "path": request.path,
        "body": request.body,
        "expect": scenario.expect,
        "events": scenario.events,
        "connections": clients,
        "warmup": warmup,
        "duration": duration,
    }
    if scenario.setup is not None:
        setup = scenario.setup
        spec["setup"] = {"method": setup.method, "path": setup.path, "body": setup.body or ""}
    return spec


def client_spec(
    scenario: Scenario,
    clients: int,
    url: str,
    client: str,
    pid: int,
    *,
    warmup: float,
    duration: float,
) -> dict[str, Any]:
    """The JSON spec ``benchmarks/clients/drive.py`` runs for a client scenario."""
    return {
        "url": url,
        "binding": scenario.binding,
        "client": client,
        "mode": "stream" if scenario.events else "send",
        "text": scenario.text,
        "expect": scenario.expect,
        "events": scenario.events,
        "clients": clients,
        "warmup": warmup,
        "duration": duration,
        "server_pid": pid,
    }
