"""SendMessage and SendStreamingMessage on both bindings (A2A §3.1.1, §3.1.2, §3.2, §3.4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from a2a.agent import TaskContext, agent
from a2a.errors import (
    ContentTypeNotSupportedError,
    InternalError,
    InvalidAgentResponseError,
    InvalidParamsError,
    TaskNotFoundError,
    UnsupportedOperationError,
)
from a2a.server import create_app
from a2a.types import Message, SendMessageResponse, StreamResponse, Task
from tests.server.conftest import Servers
from tests.support.live import serve_app
from tests.support.wire import Wire, WireError, user_message

MakeWire = Callable[..., Wire]


def state(task: dict[str, Any]) -> str:
    return str(task["status"]["state"])


async def test_blocking_send_returns_the_finished_task(
    wire_for: MakeWire, servers: Servers
) -> None:
    result = await wire_for(servers.echo).call("SendMessage", {"message": user_message("hello")})
    task = result["task"]
    assert state(task) == "TASK_STATE_COMPLETED"
    assert task["status"]["timestamp"].endswith("Z")
    assert Task.from_dict(task).artifacts[0].text == "echo: hello"
    # The server generates both ids and returns them.
    assert task["id"]
    assert task["contextId"]
    assert task["history"][0]["taskId"] == task["id"]
    SendMessageResponse.from_dict(result)


async def test_task_id_read_before_the_first_event_is_the_tasks_id(
    wire_for: MakeWire, servers: Servers
) -> None:
    # A blocking send makes a new task's id on first use; reading it first must not fork it.
    wire = wire_for(servers.worker)
    for send in ({}, {"configuration": {"returnImmediately": False}}):
        result = await wire.call("SendMessage", {"message": user_message("own id"), **send})
        task = Task.from_dict(result["task"])
        assert task.status.message is not None
        assert task.status.message.text == task.id
        assert task.history[0].task_id == task.id
        fetched = await wire.call("GetTask", {"id": task.id})
        assert fetched["id"] == task.id


async def test_a_reply_only_turn_makes_no_task_id_and_lists_no_channel(
    wire_for: MakeWire,
) -> None:
    # A blocking send makes a new task's id, and lists its channel, only on first use.
    seen: list[int] = []

    @agent(name="Peek", description="Counts the runtime's channels while it works.")
    async def peek(message: Message, task: TaskContext) -> str | None:
        channels = app.state.a2a.runtime._channels
        seen.append(len(channels))
        if message.text != "task":
            return "a reply"
        task_id = task.task_id
        seen.append(len(channels))
        await task.complete(task_id)
        return None

    app = create_app(peek)
    with serve_app(app) as url:
        wire = wire_for(url)
        reply = await wire.call("SendMessage", {"message": user_message("hi")})
        made = await wire.call("SendMessage", {"message": user_message("task")})
    assert reply["message"]["parts"][0]["text"] == "a reply"
    assert made["task"]["status"]["message"]["parts"][0]["text"] == made["task"]["id"]
    assert seen == [0, 0, 1]
    assert app.state.a2a.runtime._channels == {}  # released when the turns ended


async def test_return_immediately_does_not_wait(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    result = await wire.call(
        "SendMessage",
        {"message": user_message("sleep:3"), "configuration": {"returnImmediately": True}},
    )
    assert state(result["task"]) in ("TASK_STATE_SUBMITTED", "TASK_STATE_WORKING")
    await wire.call("CancelTask", {"id": result["task"]["id"]})


async def test_history_length_zero_omits_history(wire_for: MakeWire, servers: Servers) -> None:
    result = await wire_for(servers.echo).call(
        "SendMessage",
        {"message": user_message("hi"), "configuration": {"historyLength": 0}},
    )
    assert "history" not in result["task"]


async def test_direct_reply_is_a_message(wire_for: MakeWire, servers: Servers) -> None:
    result = await wire_for(servers.replier).call("SendMessage", {"message": user_message("x")})
    message = result["message"]
    assert message["role"] == "ROLE_AGENT"
    assert message["parts"] == [{"text": "you said x"}]
    assert message["contextId"]
    assert "taskId" not in message  # no task exists


async def test_stream_starts_with_task_and_ends_on_terminal(
    wire_for: MakeWire, servers: Servers
) -> None:
    events = await wire_for(servers.worker).stream(
        "SendStreamingMessage", {"message": user_message("chunks:3")}
    )
    kinds = [next(iter(e)) for e in events]
    assert kinds[0] == "task"
    assert kinds[-1] == "statusUpdate"
    assert events[-1]["statusUpdate"]["status"]["state"] == "TASK_STATE_COMPLETED"
    chunks = [e["artifactUpdate"] for e in events if "artifactUpdate" in e]
    assert [c.get("append", False) for c in chunks] == [False, True, True, True]
    assert [c.get("lastChunk", False) for c in chunks] == [False, False, False, True]
    for event in events:
        StreamResponse.from_dict(event)


async def test_stream_of_a_direct_reply_has_one_message(
    wire_for: MakeWire, servers: Servers
) -> None:
    events = await wire_for(servers.replier).stream(
        "SendStreamingMessage", {"message": user_message("x")}
    )
    assert len(events) == 1
    assert events[0]["message"]["parts"] == [{"text": "you said x"}]


async def test_multi_turn_input_required(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    first = (await wire.call("SendMessage", {"message": user_message("ask")}))["task"]
    assert state(first) == "TASK_STATE_INPUT_REQUIRED"
    assert first["status"]["message"]["parts"] == [{"text": "what else?"}]

    # taskId alone: the server infers the context.
    second = (
        await wire.call("SendMessage", {"message": user_message("cake", taskId=first["id"])})
    )["task"]
    assert second["id"] == first["id"]
    assert second["contextId"] == first["contextId"]
    assert state(second) == "TASK_STATE_COMPLETED"
    assert second["status"]["message"]["parts"] == [{"text": "thanks for cake"}]
    texts = [m["parts"][0]["text"] for m in second["history"]]
    assert texts == ["ask", "what else?", "cake"]


async def test_streamed_follow_up_starts_with_task_snapshot(
    wire_for: MakeWire, servers: Servers
) -> None:
    wire = wire_for(servers.worker)
    first = (await wire.call("SendMessage", {"message": user_message("ask")}))["task"]
    events = await wire.stream(
        "SendStreamingMessage", {"message": user_message("pie", taskId=first["id"])}
    )
    assert events[0]["task"]["id"] == first["id"]
    assert events[0]["task"]["status"]["state"] == "TASK_STATE_INPUT_REQUIRED"
    assert events[-1]["statusUpdate"]["status"]["state"] == "TASK_STATE_COMPLETED"


async def test_message_to_terminal_task_is_refused(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.echo)
    task = (await wire.call("SendMessage", {"message": user_message("a")}))["task"]
    with pytest.raises(WireError) as caught:
        await wire.call("SendMessage", {"message": user_message("b", taskId=task["id"])})
    assert isinstance(caught.value.error, UnsupportedOperationError)


async def test_unknown_task_id(wire_for: MakeWire, servers: Servers) -> None:
    with pytest.raises(WireError) as caught:
        await wire_for(servers.echo).call(
            "SendMessage", {"message": user_message("a", taskId="nope")}
        )
    assert isinstance(caught.value.error, TaskNotFoundError)


async def test_mismatched_context_is_refused(wire_for: MakeWire, servers: Servers) -> None:
    wire = wire_for(servers.worker)
    task = (await wire.call("SendMessage", {"message": user_message("ask")}))["task"]
    with pytest.raises(WireError) as caught:
        await wire.call(
            "SendMessage",
            {"message": user_message("x", taskId=task["id"], contextId="another-context")},
        )
    assert isinstance(caught.value.error, InvalidParamsError)
    assert caught.value.error.field_violations[0][0] == "message.contextId"


async def test_client_context_id_is_kept(wire_for: MakeWire, servers: Servers) -> None:
    task = (
        await wire_for(servers.echo).call(
            "SendMessage", {"message": user_message("a", contextId="my-context")}
        )
    )["task"]
    assert task["contextId"] == "my-context"


async def test_agent_crash_fails_the_task_without_leaking(
    wire_for: MakeWire, servers: Servers
) -> None:
    task = (await wire_for(servers.worker).call("SendMessage", {"message": user_message("crash")}))[
        "task"
    ]
    assert state(task) == "TASK_STATE_FAILED"
    assert "secret" not in str(task)


async def test_agent_crash_before_a_task_is_an_internal_error(
    wire_for: MakeWire, servers: Servers
) -> None:
    with pytest.raises(WireError) as caught:
        await wire_for(servers.replier).call("SendMessage", {"message": user_message("boom")})
    assert isinstance(caught.value.error, InternalError)
    assert "secret" not in str(caught.value.body)


async def test_agent_protocol_error_reaches_the_client(
    wire_for: MakeWire, servers: Servers
) -> None:
    message = user_message("x")
    message["parts"] = [{"raw": "AAE=", "mediaType": "application/octet-stream"}]
    with pytest.raises(WireError) as caught:
        await wire_for(servers.replier).call("SendMessage", {"message": message})
    assert isinstance(caught.value.error, ContentTypeNotSupportedError)


async def test_agent_without_reply_is_an_invalid_agent_response(
    wire_for: MakeWire, servers: Servers
) -> None:
    with pytest.raises(WireError) as caught:
        await wire_for(servers.replier).call("SendMessage", {"message": user_message("nothing")})
    assert isinstance(caught.value.error, InvalidAgentResponseError)


async def test_agent_returning_early_completes_the_task(
    wire_for: MakeWire, servers: Servers
) -> None:
    task = (
        await wire_for(servers.worker).call("SendMessage", {"message": user_message("return")})
    )["task"]
    assert state(task) == "TASK_STATE_COMPLETED"


async def test_illegal_transition_by_agent_keeps_first_terminal_state(
    wire_for: MakeWire, servers: Servers
) -> None:
    task = (await wire_for(servers.worker).call("SendMessage", {"message": user_message("twice")}))[
        "task"
    ]
    assert state(task) == "TASK_STATE_COMPLETED"
