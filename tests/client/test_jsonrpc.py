"""The JSON-RPC transport: framing, headers, tenant, error mapping, SSE, 0.3 dialect."""

from __future__ import annotations

import json

import httpx
import pytest

from a2a.errors import (
    AuthenticationError,
    InvalidParamsError,
    TaskNotCancelableError,
    TaskNotFoundError,
    TransportError,
    UnknownProtocolError,
    UnsupportedOperationError,
    VersionNotSupportedError,
)
from a2a.types import TaskState
from tests.client.fakes import (
    JSONRPC_CARD,
    V03_CARD,
    card,
    client_for,
    rpc_error,
    rpc_result,
    sse,
    task_json,
)

INFO = "type.googleapis.com/google.rpc.ErrorInfo"


async def test_send_frames_a_request_with_service_headers() -> None:
    agent, rec = client_for(
        JSONRPC_CARD,
        lambda r: rpc_result(r, {"task": task_json()}),
        extensions=["urn:x:ext/v1", "urn:y"],
        headers={"X-Trace": "abc"},
    )
    async with agent:
        result = await agent.send_text("hi")
    assert result.state is TaskState.TASK_STATE_COMPLETED
    sent = rec.last_json()
    assert sent["jsonrpc"] == "2.0"
    assert sent["method"] == "SendMessage"
    assert sent["params"]["message"]["role"] == "ROLE_USER"
    assert sent["params"]["message"]["parts"] == [{"text": "hi"}]
    assert "tenant" not in sent["params"]
    assert rec.last.url == "http://agent.test/rpc"
    assert rec.last.headers["A2A-Version"] == "1.0"
    assert rec.last.headers["A2A-Extensions"] == "urn:x:ext/v1, urn:y"
    assert rec.last.headers["X-Trace"] == "abc"
    assert rec.last.headers["Content-Type"] == "application/json"


async def test_tenant_is_echoed_in_params() -> None:
    agent, rec = client_for(
        card(("JSONRPC", "1.0", "/rpc"), tenant="acme"), lambda r: rpc_result(r, task_json())
    )
    async with agent:
        await agent.get_task("t1", history_length=2)
    assert rec.last_json()["params"] == {"tenant": "acme", "id": "t1", "historyLength": 2}


async def test_ids_increase() -> None:
    agent, rec = client_for(JSONRPC_CARD, lambda r: rpc_result(r, task_json()))
    async with agent:
        await agent.get_task("a")
        await agent.get_task("b")
    assert [json.loads(r.content)["id"] for r in rec.requests] == [1, 2]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ({"code": -32001, "message": "nope"}, TaskNotFoundError),
        ({"code": -32002, "message": "done"}, TaskNotCancelableError),
        ({"code": -32009, "message": "v"}, VersionNotSupportedError),
        # The reason wins over the code (an extension may reuse a standard code).
        (
            {"code": -32602, "message": "x", "data": [{"@type": INFO, "reason": "TASK_NOT_FOUND"}]},
            TaskNotFoundError,
        ),
        ({"code": -32602, "message": "bad", "data": {"free": "form"}}, InvalidParamsError),
        ({"code": -31999, "message": "custom"}, UnknownProtocolError),
    ],
)
async def test_errors_map_by_code_or_reason(error: dict[str, object], expected: type) -> None:
    agent, _ = client_for(JSONRPC_CARD, lambda r: rpc_error(r, error))
    async with agent:
        with pytest.raises(expected):
            await agent.get_task("t1")


async def test_error_with_http_status_is_still_mapped_by_code() -> None:
    agent, _ = client_for(
        JSONRPC_CARD, lambda r: rpc_error(r, {"code": -32001, "message": "x"}, status=404)
    )
    async with agent:
        with pytest.raises(TaskNotFoundError):
            await agent.get_task("t1")


async def test_unauthenticated() -> None:
    agent, _ = client_for(
        JSONRPC_CARD,
        lambda r: httpx.Response(401, headers={"WWW-Authenticate": 'Bearer realm="x"'}),
    )
    async with agent:
        with pytest.raises(AuthenticationError) as caught:
            await agent.get_task("t1")
    assert caught.value.challenge == 'Bearer realm="x"'


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b"not json"),
        httpx.Response(200, json=[]),
        httpx.Response(200, json={"jsonrpc": "2.0"}),
        httpx.Response(200, json={"jsonrpc": "2.0", "id": 1, "result": {"id": 5}}),
        httpx.Response(502, content=b"bad gateway"),
    ],
)
async def test_garbage_answers_are_transport_errors(response: httpx.Response) -> None:
    agent, _ = client_for(JSONRPC_CARD, lambda r: response)
    async with agent:
        with pytest.raises(TransportError):
            await agent.send_text("hi")


async def test_delete_accepts_null_or_missing_result() -> None:
    answers = iter(
        [
            {"jsonrpc": "2.0", "id": 1, "result": None},
            {"jsonrpc": "2.0", "id": 2},
            {"jsonrpc": "2.0", "id": 3, "result": {}},
        ]
    )
    agent, _ = client_for(JSONRPC_CARD, lambda r: httpx.Response(200, json=next(answers)))
    async with agent:
        for _ in range(3):
            await agent.delete_push_config("t1", "c1")


async def test_stream_decodes_each_event_and_stops_at_terminal() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        rid = json.loads(request.content)["id"]

        def wrap(result: object) -> object:
            return {"jsonrpc": "2.0", "id": rid, "result": result}

        return sse(
            wrap({"task": task_json("TASK_STATE_SUBMITTED")}),
            wrap({"artifactUpdate": {
                "taskId": "t1", "contextId": "c1",
                "artifact": {"artifactId": "a", "parts": [{"text": "x"}]},
            }}),
            wrap({"statusUpdate": {
                "taskId": "t1", "contextId": "c1", "status": {"state": "TASK_STATE_COMPLETED"},
            }}),
            # A server that keeps talking after the end is not listened to.
            wrap({"statusUpdate": {
                "taskId": "t1", "contextId": "c1", "status": {"state": "TASK_STATE_WORKING"},
            }}),
            raw=": keep-alive\n\n",
        )  # fmt: skip

    agent, rec = client_for(JSONRPC_CARD, handler)
    async with agent:
        stream = agent.stream("go")
        events = [e async for e in stream]
    assert len(events) == 3
    assert stream.task is not None
    assert stream.task.status.state is TaskState.TASK_STATE_COMPLETED
    assert stream.text == "x"
    assert rec.last_json()["method"] == "SendStreamingMessage"
    assert rec.last.headers["Accept"] == "text/event-stream"


async def test_stream_error_before_start_and_during() -> None:
    agent, _ = client_for(
        JSONRPC_CARD, lambda r: rpc_error(r, {"code": -32004, "message": "no streaming"})
    )
    async with agent:
        with pytest.raises(UnsupportedOperationError):
            await agent.stream("go").collect()

    def midway(request: httpx.Request) -> httpx.Response:
        rid = json.loads(request.content)["id"]
        return sse(
            {"jsonrpc": "2.0", "id": rid, "result": {"task": task_json("TASK_STATE_WORKING")}},
            {"jsonrpc": "2.0", "id": rid, "error": {"code": -32603, "message": "boom"}},
        )

    agent, _ = client_for(JSONRPC_CARD, midway)
    async with agent:
        stream = agent.stream("go")
        with pytest.raises(Exception, match="boom"):
            await stream.collect()
        assert stream.task is not None  # what arrived before the error is kept


async def test_stream_rejects_malformed_events() -> None:
    agent, _ = client_for(JSONRPC_CARD, lambda r: sse(raw="data: {not json\n\n"))
    async with agent:
        with pytest.raises(TransportError):
            await agent.stream("go").collect()


async def test_v03_dialect_on_the_wire() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return rpc_result(
            request,
            {
                "kind": "task",
                "id": "t1",
                "contextId": "c1",
                "status": {"state": "input-required", "timestamp": "2025-01-01T00:00:00+00:00"},
            },
        )

    agent, rec = client_for(V03_CARD, handler, extensions=["urn:e"])
    async with agent:
        result = await agent.send_text("hi", return_immediately=True)
    assert result.needs_input
    sent = rec.last_json()
    assert sent["method"] == "message/send"
    assert sent["params"]["message"]["kind"] == "message"
    assert sent["params"]["message"]["role"] == "user"
    assert sent["params"]["configuration"]["blocking"] is False
    assert rec.last.headers["A2A-Version"] == "0.3"
    assert rec.last.headers["X-A2A-Extensions"] == "urn:e"


async def test_v03_has_no_list_tasks() -> None:
    agent, rec = client_for(V03_CARD, lambda r: rpc_result(r, {}))
    async with agent:
        with pytest.raises(UnsupportedOperationError):
            await agent.list_tasks()
    assert rec.requests == []


async def test_v03_subscribe_starts_with_a_snapshot() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["method"] == "tasks/get":
            return rpc_result(request, {"kind": "task", **task_json("working")})
        assert body["method"] == "tasks/resubscribe"
        event = {
            "kind": "status-update", "taskId": "t1", "contextId": "c1", "final": True,
            "status": {"state": "canceled"},
        }  # fmt: skip
        return sse({"jsonrpc": "2.0", "id": body["id"], "result": event})

    agent, _ = client_for(V03_CARD, handler)
    async with agent:
        events = [e async for e in agent.subscribe("t1")]
    assert [type(e).__name__ for e in events] == ["Task", "TaskStatusUpdateEvent"]
    assert events[0].status.state is TaskState.TASK_STATE_WORKING  # type: ignore[union-attr]
