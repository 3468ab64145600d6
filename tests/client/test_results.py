"""SendResult and EventStream: stop-and-ask states, folding, when a stream ends."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import pytest

from a2a.client import EventStream, SendResult
from a2a.types import (
    Artifact,
    Message,
    Part,
    StreamResponse,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
)
from tests.client.fakes import task

S = TaskState


def status(state: TaskState, text: str = "") -> StreamResponse:
    message = Message.agent(text) if text else None
    return StreamResponse.wrap(
        TaskStatusUpdateEvent(
            task_id="t1", context_id="c1", status=TaskStatus(state=state, message=message)
        )
    )


def chunk(text: str, append: bool = False) -> StreamResponse:
    return StreamResponse.wrap(
        TaskArtifactUpdateEvent(
            task_id="t1",
            context_id="c1",
            append=append,
            artifact=Artifact(artifact_id="a", parts=[Part.from_text(text)]),
        )
    )


class Source:
    """An async generator of events that records whether it was closed."""

    def __init__(self, *events: StreamResponse) -> None:
        self.events = events
        self.closed = False
        self.sent = 0

    async def run(self) -> AsyncGenerator[StreamResponse, None]:
        try:
            for event in self.events:
                self.sent += 1
                yield event
        finally:
            self.closed = True


def test_send_result_states_and_text() -> None:
    done = task("TASK_STATE_COMPLETED")
    done.artifacts = [
        Artifact(artifact_id="a", parts=[Part.from_text("one")]),
        Artifact(artifact_id="b", parts=[Part.from_data({"k": 1})]),
        Artifact(artifact_id="c", parts=[Part.from_text("two")]),
    ]
    result = SendResult(task=done)
    assert result.text == "one\ntwo"
    assert not result.needs_input
    assert result.follow_up("again").task_id == ""  # a finished task takes no more messages
    asking = task("TASK_STATE_INPUT_REQUIRED")
    asking.status.message = Message.agent("who?")
    result = SendResult(task=asking)
    assert (result.needs_input, result.prompt, result.text) == (True, "who?", "who?")
    reply = result.follow_up("me")
    assert (reply.task_id, reply.context_id, reply.text) == ("t1", "c1", "me")
    assert SendResult(task=task("TASK_STATE_AUTH_REQUIRED")).needs_auth
    direct = SendResult(message=Message.agent("hi", context_id="c9"))
    assert (direct.text, direct.state, direct.context_id) == ("hi", None, "c9")
    assert SendResult().text == ""


async def test_stream_folds_and_stops_at_terminal_state() -> None:
    source = Source(
        StreamResponse(task=task("TASK_STATE_SUBMITTED")),
        chunk("a"),
        chunk("b", append=True),
        status(S.TASK_STATE_COMPLETED, "done"),
        status(S.TASK_STATE_WORKING),  # never read
    )
    stream = EventStream(source.run())
    events = [e async for e in stream]
    assert len(events) == 4
    assert source.closed
    assert source.sent == 4
    assert stream.text == "ab"
    assert stream.task is not None
    assert stream.task.status.message is not None
    assert stream.task.status.message.text == "done"


async def test_stream_stops_at_input_required_but_not_auth_required() -> None:
    source = Source(
        StreamResponse(task=task("TASK_STATE_WORKING")),
        status(S.TASK_STATE_INPUT_REQUIRED),
        status(S.TASK_STATE_WORKING),
    )
    result = await EventStream(source.run()).collect()
    assert result.needs_input
    assert source.sent == 2

    source = Source(
        StreamResponse(task=task("TASK_STATE_WORKING")),
        status(S.TASK_STATE_AUTH_REQUIRED, "sign in"),
        status(S.TASK_STATE_WORKING),
        status(S.TASK_STATE_COMPLETED),
    )
    result = await EventStream(source.run()).collect()
    assert result.state is S.TASK_STATE_COMPLETED
    assert source.sent == 4


async def test_direct_message_ends_the_stream() -> None:
    source = Source(StreamResponse(message=Message.agent("hi")), status(S.TASK_STATE_WORKING))
    stream = EventStream(source.run())
    result = await stream.collect()
    assert (result.text, result.task, source.sent) == ("hi", None, 1)


async def test_updates_without_a_task_snapshot_still_fold() -> None:
    source = Source(chunk("x"), status(S.TASK_STATE_COMPLETED))
    result = await EventStream(source.run()).collect()
    assert result.task is not None
    assert (result.task.id, result.text, result.state) == ("t1", "x", S.TASK_STATE_COMPLETED)


async def test_leaving_early_closes_the_source() -> None:
    source = Source(StreamResponse(task=task("TASK_STATE_WORKING")), chunk("a"), chunk("b"))
    async with EventStream(source.run()) as stream:
        await stream.__anext__()
    assert source.closed
    with pytest.raises(StopAsyncIteration):
        await stream.__anext__()


async def test_errors_close_the_source_and_propagate() -> None:
    async def broken() -> AsyncGenerator[StreamResponse, None]:
        yield StreamResponse(task=task("TASK_STATE_WORKING"))
        raise RuntimeError("connection lost")

    stream = EventStream(broken())
    with pytest.raises(RuntimeError, match="connection lost"):
        await stream.collect()
    assert stream.task is not None
