"""The Client's own behaviour: lifecycle, generic calls, pagination, the sync wrapper, exports."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

import a2a.client
from a2a.client import Client, SyncClient
from a2a.errors import ClientError, TaskNotFoundError
from a2a.types import GetTaskRequest, Message
from tests.client.fakes import JSONRPC_CARD, client_for, rpc_error, rpc_result, sse, task_json


def paged(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    token = body["params"].get("pageToken", "")
    pages = {
        "": ([task_json(task_id="t1"), task_json(task_id="t2")], "p2"),
        "p2": ([task_json(task_id="t3")], ""),
    }
    tasks, following = pages[token]
    return rpc_result(
        request, {"tasks": tasks, "nextPageToken": following, "pageSize": 2, "totalSize": 3}
    )


async def test_iter_tasks_follows_page_tokens() -> None:
    agent, rec = client_for(JSONRPC_CARD, paged)
    async with agent:
        ids = [t.id async for t in agent.iter_tasks(page_size=2, context_id="c1")]
    assert ids == ["t1", "t2", "t3"]
    assert [json.loads(r.content)["params"].get("pageToken") for r in rec.requests] == [None, "p2"]
    assert all(json.loads(r.content)["params"]["contextId"] == "c1" for r in rec.requests)


async def test_generic_call_and_misuse() -> None:
    agent, _ = client_for(JSONRPC_CARD, lambda r: rpc_result(r, task_json()))
    with pytest.raises(ClientError, match="not open"):
        _ = agent.interface
    async with agent:
        task = await agent.call("GetTask", GetTaskRequest(id="t1"))
        assert task.id == "t1"
        with pytest.raises(ValueError, match="streaming"):
            await agent.call("SendStreamingMessage", GetTaskRequest(id="t1"))
        with pytest.raises(ValueError, match="not a streaming"):
            agent.stream_call("GetTask", GetTaskRequest(id="t1"))
    with pytest.raises(ValueError, match="url or its card"):
        Client()


async def test_send_keeps_ids_and_accepts_parts_and_messages() -> None:
    agent, rec = client_for(JSONRPC_CARD, lambda r: rpc_result(r, {"task": task_json()}))
    async with agent:
        await agent.send("hello", task_id="t1", context_id="c1", history_length=3)
        params = rec.last_json()["params"]
        assert (params["message"]["taskId"], params["message"]["contextId"]) == ("t1", "c1")
        assert params["configuration"] == {"historyLength": 3}
        await agent.send(Message.user("x", context_id="c7"), accepted_output_modes=["text/plain"])
        params = rec.last_json()["params"]
        assert params["message"]["contextId"] == "c7"
        assert params["configuration"] == {"acceptedOutputModes": ["text/plain"]}


async def test_extended_card_replaces_the_public_one() -> None:
    extended = JSONRPC_CARD.model_copy(update={"name": "more"}).to_dict()
    agent, _ = client_for(JSONRPC_CARD, lambda r: rpc_result(r, extended))
    async with agent:
        card = await agent.get_extended_card()
    assert agent.card is card
    assert card.name == "more"


async def test_connect_discovers_and_closes_on_failure() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/.well-known/"):
            return httpx.Response(200, json=JSONRPC_CARD.to_dict())
        return rpc_error(request, {"code": -32001, "message": "gone"})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    agent = await Client.connect("http://agent.test", http_client=http)
    with pytest.raises(TaskNotFoundError):
        await agent.get_task("t1")
    await agent.aclose()
    assert not http.is_closed  # a shared client stays open
    with pytest.raises(ClientError):
        await Client.connect("http://agent.test", http_client=http, binding="grpc")
    await http.aclose()


def stream_handler(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    if body["method"] == "SendMessage":
        return rpc_result(request, {"task": task_json(artifacts=[
            {"artifactId": "a", "parts": [{"text": "sync reply"}]}])})  # fmt: skip
    return sse(
        {"jsonrpc": "2.0", "id": body["id"], "result": {"task": task_json("TASK_STATE_WORKING")}},
        {"jsonrpc": "2.0", "id": body["id"], "result": {"statusUpdate": {
            "taskId": "t1", "contextId": "c1", "status": {"state": "TASK_STATE_COMPLETED"}}}},
    )  # fmt: skip


def test_sync_client_outside_any_loop() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(stream_handler))
    with SyncClient(card=JSONRPC_CARD, http_client=http) as agent:
        assert agent.send_text("hi").text == "sync reply"
        stream = agent.stream("s")
        assert [type(e).__name__ for e in stream] == ["Task", "TaskStatusUpdateEvent"]
        assert stream.result.state is not None
        with agent.stream("again") as early:
            next(early)
        assert agent.interface.url == "http://agent.test/rpc"


async def test_sync_client_inside_a_running_loop() -> None:
    # Notebooks run a loop already; the wrapper must not need this one.
    http = httpx.AsyncClient(transport=httpx.MockTransport(stream_handler))
    agent = SyncClient(card=JSONRPC_CARD, http_client=http)
    try:
        assert agent.open().send_text("hi").text == "sync reply"
        assert agent.stream("s").collect().text == ""
    finally:
        agent.close()
    await asyncio.sleep(0)


def test_sync_client_bad_arguments_leave_no_thread() -> None:
    import threading

    before = threading.active_count()
    with pytest.raises(ValueError, match="url or its card"):
        SyncClient()
    assert threading.active_count() == before


def test_public_api() -> None:
    assert sorted(a2a.client.__all__) == sorted(
        [
            "ApiKey", "BasicAuth", "BearerToken", "CardResolver", "Client", "Credential",
            "Credentials", "EventStream", "JsonRpcTransport", "JsonRpcV03Transport",
            "NoSupportedInterfaceError", "RestTransport", "RetryPolicy", "SendResult",
            "SyncClient", "SyncEventStream", "Timeouts", "Transport", "card_auth", "parse_card",
            "register_transport", "select_interface", "supported_interfaces", "task_text",
        ]
    )  # fmt: skip
    for name in a2a.client.__all__:
        assert getattr(a2a.client, name) is not None
