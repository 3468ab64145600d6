"""The HTTP+JSON transport: paths, queries, bodies, tenant, errors, SSE and the subscribe verb."""

from __future__ import annotations

import httpx
import pytest

from a2a.errors import (
    ExtendedAgentCardNotConfiguredError,
    HTTPMethodNotAllowedError,
    InvalidParamsError,
    TaskNotCancelableError,
    TaskNotFoundError,
    TransportError,
    UnknownProtocolError,
)
from a2a.types import TaskState
from tests.client.fakes import REST_CARD, card, client_for, sse, task_json

INFO = "type.googleapis.com/google.rpc.ErrorInfo"


def status_body(code: int, status: str, reason: str | None = None) -> dict[str, object]:
    error: dict[str, object] = {"code": code, "status": status, "message": "m"}
    if reason:
        error["details"] = [{"@type": INFO, "reason": reason, "domain": "a2a-protocol.org"}]
    return {"error": error}


async def test_send_posts_the_request_body() -> None:
    agent, rec = client_for(REST_CARD, lambda r: httpx.Response(200, json={"task": task_json()}))
    async with agent:
        await agent.send_text("hi")
    assert (rec.last.method, rec.last.url.path) == ("POST", "/api/message:send")
    assert rec.last.headers["Content-Type"] == "application/a2a+json"
    assert rec.last.headers["A2A-Version"] == "1.0"
    assert rec.last_json()["message"]["parts"] == [{"text": "hi"}]


async def test_get_and_list_use_camel_case_queries() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/tasks":
            return httpx.Response(
                200, json={"tasks": [], "nextPageToken": "", "pageSize": 5, "totalSize": 0}
            )
        return httpx.Response(200, json=task_json())

    agent, rec = client_for(REST_CARD, handler)
    async with agent:
        await agent.get_task("a/b", history_length=0)
        assert rec.last.url.raw_path == b"/api/tasks/a%2Fb?historyLength=0"
        assert rec.last.content == b""
        await agent.list_tasks(
            context_id="c", status=TaskState.TASK_STATE_WORKING, page_size=5, include_artifacts=True
        )
    assert dict(rec.last.url.params) == {
        "contextId": "c",
        "status": "TASK_STATE_WORKING",
        "pageSize": "5",
        "includeArtifacts": "true",
    }


async def test_cancel_sends_an_empty_object_and_the_tenant_in_the_path() -> None:
    agent, rec = client_for(
        card(("HTTP+JSON", "1.0", "/api/"), tenant="acme"),
        lambda r: httpx.Response(200, json=task_json("TASK_STATE_CANCELED")),
    )
    async with agent:
        task = await agent.cancel_task("t1")
    assert task.status.state is TaskState.TASK_STATE_CANCELED
    assert rec.last.url.path == "/api/acme/tasks/t1:cancel"
    assert rec.last.content == b"{}"


async def test_push_config_paths_and_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return httpx.Response(204)
        return httpx.Response(200, json={"taskId": "t1", "id": "c9", "url": "https://h/x"})

    agent, rec = client_for(REST_CARD, handler)
    async with agent:
        created = await agent.create_push_config("t1", "https://h/x", token="tok")
        assert created.id == "c9"
        assert rec.last.url.path == "/api/tasks/t1/pushNotificationConfigs"
        assert rec.last_json() == {"url": "https://h/x", "token": "tok"}
        await agent.get_push_config("t1", "c9")
        assert (rec.last.method, rec.last.url.path) == (
            "GET", "/api/tasks/t1/pushNotificationConfigs/c9",
        )  # fmt: skip
        await agent.delete_push_config("t1", "c9")
        assert rec.last.method == "DELETE"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (404, status_body(404, "NOT_FOUND", "TASK_NOT_FOUND"), TaskNotFoundError),
        # 1.0.0 sent 409 for this one; the reason decides, not the status.
        (409, status_body(409, "FAILED_PRECONDITION", "TASK_NOT_CANCELABLE"),
         TaskNotCancelableError),
        (400, status_body(400, "FAILED_PRECONDITION", "EXTENDED_AGENT_CARD_NOT_CONFIGURED"),
         ExtendedAgentCardNotConfiguredError),
        (400, status_body(400, "INVALID_ARGUMENT"), InvalidParamsError),
        (400, {"type": "about:blank", "title": "Bad", "status": 400}, UnknownProtocolError),
        (500, None, TransportError),
    ],
)  # fmt: skip
async def test_errors_map_by_reason(status: int, body: object, expected: type) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status, content=b"oops")
        return httpx.Response(status, json=body)

    agent, _ = client_for(REST_CARD, handler)
    async with agent:
        with pytest.raises(expected):
            await agent.cancel_task("t1")


async def test_subscribe_posts_then_falls_back_to_get_on_405() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(405, json=status_body(405, "UNIMPLEMENTED"))
        return sse(
            {"task": task_json("TASK_STATE_WORKING")},
            {"statusUpdate": {"taskId": "t1", "contextId": "c1",
                              "status": {"state": "TASK_STATE_COMPLETED"}}},
        )  # fmt: skip

    agent, rec = client_for(REST_CARD, handler)
    async with agent:
        result = await agent.subscribe("t1").collect()
    assert result.state is TaskState.TASK_STATE_COMPLETED
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("POST", "/api/tasks/t1:subscribe"),
        ("GET", "/api/tasks/t1:subscribe"),
    ]
    assert rec.requests[0].content == b"{}"


async def test_subscribe_405_on_both_verbs_is_an_error() -> None:
    agent, _ = client_for(
        REST_CARD, lambda r: httpx.Response(405, json=status_body(405, "UNIMPLEMENTED"))
    )
    async with agent:
        with pytest.raises(HTTPMethodNotAllowedError):
            await agent.subscribe("t1").collect()


async def test_stream_error_event_and_non_stream_answers() -> None:
    agent, _ = client_for(
        REST_CARD,
        lambda r: sse(
            {"task": task_json("TASK_STATE_WORKING")},
            status_body(500, "INTERNAL", "INVALID_AGENT_RESPONSE"),
        ),
    )
    async with agent:
        with pytest.raises(Exception, match="m"):
            await agent.stream("go").collect()
    agent, _ = client_for(REST_CARD, lambda r: httpx.Response(200, json={"task": task_json()}))
    async with agent:
        with pytest.raises(TransportError, match="expected an event stream"):
            await agent.stream("go").collect()


async def test_chunked_artifacts_are_reassembled() -> None:
    def chunk(text: str, append: bool, last: bool) -> object:
        return {"artifactUpdate": {
            "taskId": "t1", "contextId": "c1", "append": append, "lastChunk": last,
            "artifact": {"artifactId": "a", "name": "out", "parts": [{"text": text}]},
        }}  # fmt: skip

    agent, _ = client_for(
        REST_CARD,
        lambda r: sse(
            {"task": task_json("TASK_STATE_WORKING")},
            chunk("one ", False, False),
            chunk("two ", True, False),
            chunk("three", True, True),
            {"statusUpdate": {"taskId": "t1", "contextId": "c1",
                              "status": {"state": "TASK_STATE_COMPLETED"}}},
        ),
    )  # fmt: skip
    async with agent:
        result = await agent.stream("go").collect()
    assert result.text == "one two three"
    assert result.task is not None
    assert len(result.task.artifacts) == 1
