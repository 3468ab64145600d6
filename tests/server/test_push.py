"""Push notification configs and delivery (A2A §3.1.7-§3.1.10, §4.3), over real sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from a2a.errors import (
    InvalidParamsError,
    PushNotificationNotSupportedError,
    TaskNotFoundError,
)
from a2a.types import StreamResponse
from tests.server.conftest import Servers
from tests.support.webhook import Receiver, webhook_receiver
from tests.support.wire import Wire, WireError, user_message

MakeWire = Callable[..., Wire]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as hook:
        yield hook


async def running_task(wire: Wire, text: str = "sleep:0.5") -> dict[str, Any]:
    params = {"message": user_message(text), "configuration": {"returnImmediately": True}}
    return dict((await wire.call("SendMessage", params))["task"])


async def test_config_crud(wire_for: MakeWire, servers: Servers, receiver: Receiver) -> None:
    wire = wire_for(servers.worker)
    task = await running_task(wire, "ask")
    created = await wire.call(
        "CreateTaskPushNotificationConfig",
        {"taskId": task["id"], "url": receiver.url, "token": "tok-1"},
    )
    assert created["id"]
    assert created["taskId"] == task["id"]
    assert created["url"] == receiver.url
    named = await wire.call(
        "CreateTaskPushNotificationConfig",
        {"taskId": task["id"], "id": "mine", "url": receiver.url},
    )
    assert named["id"] == "mine"

    got = await wire.call("GetTaskPushNotificationConfig", {"taskId": task["id"], "id": "mine"})
    assert got == named
    listed = await wire.call("ListTaskPushNotificationConfigs", {"taskId": task["id"]})
    assert sorted(c["id"] for c in listed["configs"]) == sorted([created["id"], "mine"])
    first = await wire.call(
        "ListTaskPushNotificationConfigs", {"taskId": task["id"], "pageSize": 1}
    )
    assert len(first["configs"]) == 1
    rest = await wire.call(
        "ListTaskPushNotificationConfigs",
        {"taskId": task["id"], "pageSize": 1, "pageToken": first["nextPageToken"]},
    )
    assert {first["configs"][0]["id"], rest["configs"][0]["id"]} == {created["id"], "mine"}

    for _ in range(2):  # delete is idempotent
        await wire.call("DeleteTaskPushNotificationConfig", {"taskId": task["id"], "id": "mine"})
    with pytest.raises(WireError) as caught:
        await wire.call("GetTaskPushNotificationConfig", {"taskId": task["id"], "id": "mine"})
    assert isinstance(caught.value.error, TaskNotFoundError)
    with pytest.raises(WireError) as caught:
        await wire.call(
            "CreateTaskPushNotificationConfig", {"taskId": "no-task", "url": receiver.url}
        )
    assert isinstance(caught.value.error, TaskNotFoundError)


async def test_delivery_with_credentials_and_retries(
    wire_for: MakeWire, servers: Servers, receiver: Receiver
) -> None:
    wire = wire_for(servers.worker)
    receiver.statuses = [503]  # the first attempt fails; the sender retries
    result = await wire.call(
        "SendMessage",
        {
            "message": user_message("chunks:1"),
            "configuration": {
                "taskPushNotificationConfig": {
                    "url": receiver.url,
                    "token": "secret-token",
                    "authentication": {"scheme": "Bearer", "credentials": "hook-cred"},
                }
            },
        },
    )
    task = result["task"]
    calls = await receiver.wait_for(6)  # 1 failed + task, working, 2 chunks, completed
    bodies = [c.body for c in calls]
    assert bodies[0] == bodies[1]  # the retried delivery
    assert "task" in bodies[1]
    assert bodies[-1]["statusUpdate"]["status"]["state"] == "TASK_STATE_COMPLETED"
    for call in calls:
        assert call.headers["authorization"] == "Bearer hook-cred"
        assert call.headers["x-a2a-notification-token"] == "secret-token"
        assert call.headers["content-type"] == "application/a2a+json"
        event = StreamResponse.from_dict(call.body).payload
        assert getattr(event, "task_id", getattr(event, "id", None)) == task["id"]
    # Configs end with the task, right after its last delivery.
    for _ in range(100):
        listed = await wire.call("ListTaskPushNotificationConfigs", {"taskId": task["id"]})
        if not listed.get("configs"):
            break
        await asyncio.sleep(0.02)
    assert listed.get("configs", []) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://localhost/hook",
        "file:///etc/passwd",
        "https://user:pw@example.com/hook",
    ],
)
async def test_webhook_ssrf_guard(wire_for: MakeWire, servers: Servers, url: str) -> None:
    # The echo server keeps the default policy: public HTTPS targets only.
    wire = wire_for(servers.echo)
    task = (await wire.call("SendMessage", {"message": user_message("x")}))["task"]
    with pytest.raises(WireError) as caught:
        await wire.call("SendMessage", {
            "message": user_message("y"),
            "configuration": {"taskPushNotificationConfig": {"url": url}},
        })  # fmt: skip
    assert isinstance(caught.value.error, InvalidParamsError)
    with pytest.raises(WireError) as caught:
        await wire.call("CreateTaskPushNotificationConfig", {"taskId": task["id"], "url": url})
    # A finished task or a refused URL: either way nothing is registered or fetched.
    assert isinstance(caught.value.error, InvalidParamsError)


async def test_push_not_supported(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.plain)
    for method, params in [
        ("CreateTaskPushNotificationConfig", {"taskId": "t", "url": "https://example.com/h"}),
        ("GetTaskPushNotificationConfig", {"taskId": "t", "id": "c"}),
        ("ListTaskPushNotificationConfigs", {"taskId": "t"}),
        ("DeleteTaskPushNotificationConfig", {"taskId": "t", "id": "c"}),
    ]:
        with pytest.raises(WireError) as caught:
            await wire.call(method, params)
        assert isinstance(caught.value.error, PushNotificationNotSupportedError), method
