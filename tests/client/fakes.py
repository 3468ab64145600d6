"""Fakes for client unit tests: a scripted agent behind :class:`httpx.MockTransport`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from a2a.client import Client, RetryPolicy
from a2a.types import AgentCapabilities, AgentCard, AgentInterface, Task, TaskStatus

Handler = Callable[[httpx.Request], httpx.Response]

BASE = "http://agent.test"


def card(*interfaces: tuple[str, str, str], tenant: str = "", **fields: Any) -> AgentCard:
    """A card listing ``(binding, version, path)`` interfaces under :data:`BASE`."""
    return AgentCard(
        name="fake",
        description="a scripted agent",
        version="1",
        supported_interfaces=[
            AgentInterface(url=BASE + path, protocol_binding=b, protocol_version=v, tenant=tenant)
            for b, v, path in interfaces
        ],
        capabilities=AgentCapabilities(streaming=True, push_notifications=True),
        **fields,
    )


JSONRPC_CARD = card(("JSONRPC", "1.0", "/rpc"))
REST_CARD = card(("HTTP+JSON", "1.0", "/api"))
V03_CARD = card(("JSONRPC", "0.3", "/rpc"))


class Recorder:
    """Records requests and answers them with a handler."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def last_json(self) -> Any:
        return json.loads(self.last.content)


def client_for(agent_card: AgentCard, handler: Handler, **options: Any) -> tuple[Client, Recorder]:
    recorder = Recorder(handler)
    options.setdefault("retry", RetryPolicy(backoff=0.0, max_backoff=0.0))
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    return Client(card=agent_card, http_client=http, **options), recorder


def rpc_result(request: httpx.Request, result: Any) -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": result})


def rpc_error(request: httpx.Request, error: dict[str, Any], status: int = 200) -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(status, json={"jsonrpc": "2.0", "id": body["id"], "error": error})


def sse(*events: Any, raw: str = "") -> httpx.Response:
    """An SSE answer carrying each event as one ``data:`` line."""
    text = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + raw
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=text)


def task_json(state: str = "TASK_STATE_COMPLETED", task_id: str = "t1", **extra: Any) -> Any:
    return {"id": task_id, "contextId": "c1", "status": {"state": state}, **extra}


def task(state: str = "TASK_STATE_COMPLETED", task_id: str = "t1") -> Task:
    return Task(id=task_id, context_id="c1", status=TaskStatus.model_validate({"state": state}))
