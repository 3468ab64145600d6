"""GetTask, ListTasks, CancelTask and SubscribeToTask on both bindings (A2A §3.1.3-§3.1.6)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from a2a.errors import (
    InvalidParamsError,
    TaskNotCancelableError,
    TaskNotFoundError,
    UnsupportedOperationError,
)
from a2a.types import ListTasksResponse, parse_timestamp
from tests.server.conftest import Servers
from tests.support.wire import Wire, WireError, user_message

MakeWire = Callable[..., Wire]


async def send(wire: Wire, text: str, **config: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"message": user_message(text)}
    if config:
        params["configuration"] = config
    return dict((await wire.call("SendMessage", params))["task"])


async def test_get_task_and_history_length(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    task = await send(wire, "ask")
    await wire.call("SendMessage", {"message": user_message("more", taskId=task["id"])})
    full = await wire.call("GetTask", {"id": task["id"]})
    assert full["status"]["state"] == "TASK_STATE_COMPLETED"
    assert len(full["history"]) == 3
    last_two = await wire.call("GetTask", {"id": task["id"], "historyLength": 2})
    assert [m["parts"][0]["text"] for m in last_two["history"]] == ["what else?", "more"]
    none = await wire.call("GetTask", {"id": task["id"], "historyLength": 0})
    assert "history" not in none


async def test_get_unknown_task(wire_for: MakeWire, servers: Servers) -> None:
    with pytest.raises(WireError) as caught:
        await wire_for(servers.worker).call("GetTask", {"id": "does-not-exist"})
    assert isinstance(caught.value.error, TaskNotFoundError)
    if caught.value.status != 200:
        assert caught.value.status == 404


async def test_negative_history_length_is_invalid(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    task = await send(wire, "x")
    with pytest.raises(WireError) as caught:
        await wire.call("GetTask", {"id": task["id"], "historyLength": -1})
    assert isinstance(caught.value.error, InvalidParamsError)


async def test_list_tasks_pages_filters_and_shape(
    http: httpx.AsyncClient, binding: str, servers: Servers
) -> None:
    # A tenant of our own keeps this listing independent of other tests.
    wire = Wire(http, servers.worker, binding, tenant=f"list-{binding}")
    ids = [(await send(wire, "chunks:1"))["id"] for _ in range(5)]
    asked = await send(wire, "ask")

    page = await wire.call("ListTasks", {"pageSize": 2})
    assert set(page) == {"tasks", "nextPageToken", "pageSize", "totalSize"}
    assert page["totalSize"] == 6
    assert page["pageSize"] == 2
    assert len(page["tasks"]) == 2
    assert page["nextPageToken"]
    assert all("artifacts" not in t for t in page["tasks"])

    seen = [t["id"] for t in page["tasks"]]
    token = page["nextPageToken"]
    while token:
        page = await wire.call("ListTasks", {"pageSize": 2, "pageToken": token})
        seen += [t["id"] for t in page["tasks"]]
        token = page["nextPageToken"]
    assert page["nextPageToken"] == ""
    assert sorted(seen) == sorted([*ids, asked["id"]])
    # Newest status first.
    listed = (await wire.call("ListTasks", {}))["tasks"]
    stamps = [parse_timestamp(t["status"]["timestamp"]) for t in listed]
    assert stamps == sorted(stamps, reverse=True)

    only_input = await wire.call("ListTasks", {"status": "TASK_STATE_INPUT_REQUIRED"})
    assert [t["id"] for t in only_input["tasks"]] == [asked["id"]]
    with_artifacts = await wire.call("ListTasks", {"includeArtifacts": True, "historyLength": 0})
    assert any("artifacts" in t for t in with_artifacts["tasks"])
    assert all("history" not in t for t in with_artifacts["tasks"])
    by_context = await wire.call("ListTasks", {"contextId": asked["contextId"]})
    assert [t["id"] for t in by_context["tasks"]] == [asked["id"]]
    ListTasksResponse.from_dict(with_artifacts)


async def test_empty_list_keeps_every_field(
    http: httpx.AsyncClient, binding: str, servers: Servers
) -> None:
    wire = Wire(http, servers.worker, binding, tenant=f"empty-{binding}")
    page = await wire.call("ListTasks", {})
    assert page == {"tasks": [], "nextPageToken": "", "pageSize": 50, "totalSize": 0}


@pytest.mark.parametrize(
    "params", [{"pageSize": 0}, {"pageSize": 101}, {"pageToken": "garbage!"}, {"historyLength": -2}]
)
async def test_list_rejects_bad_parameters(
    wire_for: MakeWire, servers: Servers, params: dict[str, Any]
) -> None:
    with pytest.raises(WireError) as caught:
        await wire_for(servers.worker).call("ListTasks", params)
    assert isinstance(caught.value.error, InvalidParamsError)


async def test_cancel_running_task_is_idempotent(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    task = await send(wire, "sleep:5", returnImmediately=True)
    canceled = await wire.call("CancelTask", {"id": task["id"]})
    assert canceled["status"]["state"] == "TASK_STATE_CANCELED"
    again = await wire.call("CancelTask", {"id": task["id"]})
    assert again["status"]["state"] == "TASK_STATE_CANCELED"
    fetched = await wire.call("GetTask", {"id": task["id"]})
    assert fetched["status"]["state"] == "TASK_STATE_CANCELED"
    assert "artifacts" not in fetched  # the agent never got to produce one


async def test_cancel_interrupted_task(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    task = await send(wire, "ask")
    canceled = await wire.call("CancelTask", {"id": task["id"]})
    assert canceled["status"]["state"] == "TASK_STATE_CANCELED"


async def test_cancel_finished_or_unknown_task(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    task = await send(wire, "x")
    with pytest.raises(WireError) as caught:
        await wire.call("CancelTask", {"id": task["id"]})
    assert isinstance(caught.value.error, TaskNotCancelableError)
    with pytest.raises(WireError) as caught:
        await wire.call("CancelTask", {"id": "nope"})
    assert isinstance(caught.value.error, TaskNotFoundError)


async def test_subscribers_see_the_same_events_and_leaving_cancels_nothing(
    wire_for: MakeWire, servers: Servers
) -> None:
    wire = wire_for(servers.worker)
    task = await send(wire, "sleep:1", returnImmediately=True)
    first, second = await asyncio.gather(
        wire.stream("SubscribeToTask", {"id": task["id"]}),
        wire.stream("SubscribeToTask", {"id": task["id"]}),
    )
    assert first[0]["task"]["id"] == task["id"]
    assert [next(iter(e)) for e in first[1:]] == [next(iter(e)) for e in second[1:]]
    assert first[1:] == second[1:]
    assert first[-1]["statusUpdate"]["status"]["state"] == "TASK_STATE_COMPLETED"

    # A subscriber that leaves early does not stop the task.
    task = await send(wire, "sleep:0.5", returnImmediately=True)
    leaver = asyncio.ensure_future(wire.stream("SubscribeToTask", {"id": task["id"]}))
    await asyncio.sleep(0.1)
    leaver.cancel()
    await asyncio.sleep(1)
    done = await wire.call("GetTask", {"id": task["id"]})
    assert done["status"]["state"] == "TASK_STATE_COMPLETED"


async def test_subscribe_to_finished_or_unknown_task(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    task = await send(wire, "x")
    with pytest.raises(WireError) as caught:
        await wire.stream("SubscribeToTask", {"id": task["id"]})
    assert isinstance(caught.value.error, UnsupportedOperationError)
    with pytest.raises(WireError) as caught:
        await wire.stream("SubscribeToTask", {"id": "nope"})
    assert isinstance(caught.value.error, TaskNotFoundError)


async def test_subscribe_to_interrupted_task_waits_for_the_next_turn(
    wire_for: MakeWire, servers: Servers
) -> None:
    wire = wire_for(servers.worker)
    task = await send(wire, "ask")
    follower = asyncio.ensure_future(wire.stream("SubscribeToTask", {"id": task["id"]}))
    await asyncio.sleep(0.2)
    assert not follower.done()
    await wire.call("SendMessage", {"message": user_message("ok", taskId=task["id"])})
    events = await asyncio.wait_for(follower, 5)
    assert events[0]["task"]["status"]["state"] == "TASK_STATE_INPUT_REQUIRED"
    assert events[-1]["statusUpdate"]["status"]["state"] == "TASK_STATE_COMPLETED"


async def test_rest_subscribe_accepts_get_and_post(
    http: httpx.AsyncClient, servers: Servers
) -> None:
    wire = Wire(http, servers.worker, "HTTP+JSON")
    for verb in ("GET", "POST"):
        task = await send(wire, "sleep:0.3", returnImmediately=True)
        url = f"{servers.worker}/rest/tasks/{task['id']}:subscribe"
        async with http.stream(verb, url, headers={"A2A-Version": "1.0"}) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            body = (await response.aread()).decode()
        assert body.startswith('data: {"task":')
        assert "TASK_STATE_COMPLETED" in body


async def test_cancel_reaches_a_blocking_send(
    http: httpx.AsyncClient, binding: str, servers: Servers
) -> None:
    wire = Wire(http, servers.worker, binding, tenant=f"blocking-cancel-{binding}")
    sender = asyncio.ensure_future(wire.call("SendMessage", {"message": user_message("sleep:5")}))
    working: list[Any] = []
    for _ in range(100):
        working = (await wire.call("ListTasks", {"status": "TASK_STATE_WORKING"}))["tasks"]
        if working:
            break
        await asyncio.sleep(0.02)
    assert len(working) == 1
    canceled = await wire.call("CancelTask", {"id": working[0]["id"]})
    assert canceled["status"]["state"] == "TASK_STATE_CANCELED"
    answered = await asyncio.wait_for(sender, 5)
    assert answered["task"]["status"]["state"] == "TASK_STATE_CANCELED"
    # The server goes on serving normally afterwards.
    again = await wire.call("SendMessage", {"message": user_message("x")})
    assert again["task"]["status"]["state"] == "TASK_STATE_COMPLETED"
