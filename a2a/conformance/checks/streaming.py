"""Streams and subscriptions: framing, first event, order, closing, chunks, broadcast."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from typing import Any

from a2a.conformance import convention
from a2a.conformance.checks.fixtures import task_stream
from a2a.conformance.context import BindingContext, prerequisite, user_message
from a2a.conformance.registry import check, expect, fail
from a2a.conformance.shapes import (
    TERMINAL,
    event_kind,
    event_state,
    event_task_id,
    member,
    state_of,
    text_of,
)
from a2a.conformance.wire import Event, Stream, StreamReply
from a2a.errors import TaskNotFoundError, UnsupportedOperationError
from a2a.types import TaskState

__all__: list[str] = []

S = TaskState
#: How long a slow task runs in the feedback check; the first event must come well before.
SLOW = 10
FIRST_EVENT = 5.0
#: How long a fresh subscription may take to send its snapshot before the suite moves on.
FIRST_WAIT = 2.0


def _kinds(reply: StreamReply) -> list[str | None]:
    return [event_kind(p)[0] for p in reply.payloads]


@check("A2A-STREAM-CTYPE-001", needs=("streaming",))
async def stream_content_type(ctx: BindingContext) -> None:
    reply = await task_stream(ctx)
    expect(
        reply.status == 200 and reply.content_type == "text/event-stream",
        "HTTP 200 text/event-stream",
        f"HTTP {reply.status} {reply.headers.get('content-type')!r}",
    )


@check("A2A-STREAM-FIRST-001", needs=("streaming",))
async def stream_starts_with_task(ctx: BindingContext) -> None:
    kinds = _kinds(await task_stream(ctx))
    expect(kinds and kinds[0] == "task", "a task event first", f"events {kinds}")


@check("A2A-STREAM-MESSAGE-001", needs=("streaming", "convention"))
async def stream_of_message(ctx: BindingContext) -> None:
    reply = await ctx.stream_to_end(
        "SendStreamingMessage", {"message": user_message(convention.message())}
    )
    if reply.reply is not None:
        raise prerequisite("a stream for conformance:message", reply.describe())
    kinds = _kinds(reply)
    expect(
        kinds == ["message"] and reply.closed,
        "one message event, then the end",
        f"events {kinds}, {'closed' if reply.closed else 'still open'}",
    )


def _terminal_index(reply: StreamReply) -> int | None:
    for index, payload in enumerate(reply.payloads):
        if event_state(payload) in TERMINAL:
            return index
    return None


@check("A2A-STREAM-CLOSE-001", needs=("streaming",))
async def stream_closes(ctx: BindingContext) -> None:
    reply = await task_stream(ctx)
    end = _terminal_index(reply)
    if end is None:
        fail(
            "an event with a terminal state, then the end of the stream",
            f"events {_kinds(reply)} without a terminal state",
        )
    after = _kinds(reply)[end + 1 :]
    # A server MAY resend a final Task snapshot before closing (A2A §11.7).
    expect(
        all(k == "task" for k in after),
        "nothing but a final task snapshot after the end",
        f"{after} after the terminal event",
    )
    expect(reply.closed, "the stream to close after the terminal event", "the stream stayed open")


@check("A2A-STREAM-ORDER-001", needs=("streaming",))
async def stream_order(ctx: BindingContext) -> None:
    states = [s for s in (event_state(p) for p in (await task_stream(ctx)).payloads) if s]
    for before, after in itertools.pairwise(states):
        back_to_start = after is S.TASK_STATE_SUBMITTED and before is not S.TASK_STATE_SUBMITTED
        past_end = before in TERMINAL and after is not before
        expect(
            not back_to_start and not past_end,
            "states that never move backwards",
            f"{before.value} then {after.value} in {[s.value for s in states]}",
        )


@check("A2A-STREAM-IDS-001", needs=("streaming",))
async def stream_ids(ctx: BindingContext) -> None:
    payloads = (await task_stream(ctx)).payloads
    tasks = [c for k, c in map(event_kind, payloads) if k == "task"]
    if not tasks:
        raise prerequisite("a task event to take the ids from", "none")
    task_id, context_id = member(tasks[0], "id"), member(tasks[0], "contextId")
    for payload in payloads:
        kind, content = event_kind(payload)
        expect(
            event_task_id(payload) == task_id,
            f"taskId {task_id} on every event",
            f"{kind} for {event_task_id(payload)!r}",
        )
        if kind in ("statusUpdate", "artifactUpdate"):
            expect(
                member(content, "contextId") == context_id,
                f"contextId {context_id}",
                f"{kind} with contextId {member(content, 'contextId')!r}",
            )


def _artifact_events(reply: StreamReply) -> list[dict[str, Any]]:
    return [c for k, c in map(event_kind, reply.payloads) if k == "artifactUpdate"]


@check("A2A-STREAM-ARTIFACTS-001", needs=("streaming", "convention"))
async def stream_artifacts(ctx: BindingContext) -> None:
    updates = _artifact_events(await task_stream(ctx))
    ids = {member(member(u, "artifact"), "artifactId") for u in updates}
    expect(
        len(ids) >= 3,
        "3 artifacts streamed (conformance:artifacts 3)",
        f"{len(ids)} artifacts in {len(updates)} artifactUpdate events",
    )


@check("A2A-STREAM-CHUNKS-001", needs=("streaming", "convention"))
async def stream_chunks(ctx: BindingContext) -> None:
    reply = await ctx.stream_to_end(
        "SendStreamingMessage", {"message": user_message(convention.chunks(3))}
    )
    updates = _artifact_events(reply)
    if not updates:
        fail("3 artifactUpdate chunks (conformance:chunks 3)", reply.describe())
    artifact_id = member(member(updates[0], "artifact"), "artifactId")
    chunks = [u for u in updates if member(member(u, "artifact"), "artifactId") == artifact_id]
    flags = [(bool(member(u, "append")), bool(member(u, "lastChunk"))) for u in chunks]
    expected = [(False, False)] + [(True, False)] * (len(chunks) - 2) + [(True, True)]
    expect(
        len(chunks) == 3 and flags == expected,
        "3 chunks: (append, lastChunk) = (no, no), (yes, no), (yes, yes)",
        f"{len(chunks)} chunks with flags {flags}",
    )
    text = "".join(text_of(member(u, "artifact")) for u in chunks)
    task_id = member(updates[0], "taskId")
    got = await ctx.wire.call("GetTask", {"id": task_id})
    stored = [
        a
        for a in member(got.result, "artifacts", []) or []
        if member(a, "artifactId") == artifact_id
    ]
    expect(
        stored and text_of(stored[0]) == text,
        f"the task's artifact to read {text!r}",
        lambda: f"{[text_of(a) for a in stored]}" if stored else got.describe(),
    )


@check("A2A-STREAM-FEEDBACK-001", needs=("streaming", "convention"))
async def stream_feedback(ctx: BindingContext) -> None:
    message = user_message(convention.slow(SLOW))
    async with ctx.wire.open_stream("SendStreamingMessage", {"message": message}) as opened:
        if opened.reply.reply is not None:
            raise prerequisite("a stream for conformance:slow", opened.reply.describe())
        try:
            first = await opened.next(FIRST_EVENT)
        except asyncio.TimeoutError:
            first = None
        task_id = event_task_id(first.payload) if first is not None else None
    if task_id:
        await ctx.wire.call("CancelTask", {"id": task_id})
    expect(first is not None, f"an event within {FIRST_EVENT:g}s of a {SLOW}s task", "none")
    assert first is not None
    expect(
        event_state(first.payload) not in TERMINAL,
        "a first event while the task works",
        f"{first.data[:160]}",
    )


@check("A2A-STREAM-UNKNOWN-001", needs=("streaming",))
async def stream_unknown_task(ctx: BindingContext) -> None:
    message = user_message("conformance follow-up", taskId=ctx.unknown_id())
    reply = await ctx.wire.stream("SendStreamingMessage", {"message": message}, timeout=10)
    ctx.expect_error(reply, TaskNotFoundError, "a streamed message naming an unknown task")


@check("A2A-STREAM-ERRORS-001", needs=("streaming",))
async def stream_error_before_start(ctx: BindingContext) -> None:
    message = user_message("conformance follow-up", taskId=ctx.unknown_id())
    reply = await ctx.wire.stream("SendStreamingMessage", {"message": message}, timeout=10)
    expect(reply.reply is not None, "a plain error answer", f"an event stream ({reply.describe()})")


# -- SubscribeToTask ---------------------------------------------------------------------


async def _first(opened: Stream) -> Event | None:
    """The first event of a fresh subscription, if it comes promptly (judged elsewhere)."""
    if opened.reply.reply is not None:
        raise prerequisite("SubscribeToTask to an INPUT_REQUIRED task", opened.reply.describe())
    try:
        return await opened.next(FIRST_WAIT)
    except asyncio.TimeoutError:
        return None


async def _subscription(ctx: BindingContext) -> tuple[StreamReply, dict[str, Any]]:
    """Subscribe to an INPUT_REQUIRED task, answer it, read the subscription to its end."""

    async def make() -> tuple[StreamReply, dict[str, Any]]:
        task = await ctx.input_required_task()
        async with ctx.wire.open_stream("SubscribeToTask", {"id": task["id"]}) as opened:
            await _first(opened)
            await ctx.answer(task)
            await ctx.read_stream(opened)
        return opened.reply, task

    return await ctx.memo("subscription", make)


@check("A2A-SUB-FIRST-001", needs=("streaming", "convention"))
async def subscribe_snapshot(ctx: BindingContext) -> None:
    reply, task = await _subscription(ctx)
    payloads = reply.payloads
    kind, content = event_kind(payloads[0]) if payloads else (None, None)
    expect(
        kind == "task" and member(content, "id") == task["id"],
        f"the task {task['id']} as the first event",
        reply.events[0].data[:160] if reply.events else "no events",
    )
    expect(
        state_of(content) is S.TASK_STATE_INPUT_REQUIRED,
        "its current state INPUT_REQUIRED",
        f"state {state_of(content)}",
    )


@check("A2A-SUB-CLOSE-001", needs=("streaming", "convention"))
async def subscribe_closes(ctx: BindingContext) -> None:
    reply, _ = await _subscription(ctx)
    expect(
        _terminal_index(reply) is not None,
        "the terminal state in the subscription",
        f"events {_kinds(reply)}",
    )
    expect(reply.closed, "the subscription to close after the terminal state", "it stayed open")


@check("A2A-SUB-TERMINAL-001", needs=("streaming",))
async def subscribe_terminal(ctx: BindingContext) -> None:
    task = await ctx.completed_task()
    reply = await ctx.wire.stream("SubscribeToTask", {"id": task["id"]}, timeout=10)
    ctx.expect_error(reply, UnsupportedOperationError, "SubscribeToTask of a finished task")


@check("A2A-SUB-UNKNOWN-001", needs=("streaming",))
async def subscribe_unknown(ctx: BindingContext) -> None:
    reply = await ctx.wire.stream("SubscribeToTask", {"id": ctx.unknown_id()}, timeout=10)
    ctx.expect_error(reply, TaskNotFoundError, "SubscribeToTask of an unknown id")


def _signature(payload: Any) -> str:
    kind, content = event_kind(payload)
    state = state_of(content) if kind in ("task", "statusUpdate") else None
    artifact = member(content, "artifact") if kind == "artifactUpdate" else None
    return json.dumps(
        [kind, state.value if state else None, member(artifact, "artifactId"), text_of(artifact)]
    )


@check("A2A-SUB-BROADCAST-001", needs=("streaming", "convention"))
async def subscribe_broadcast(ctx: BindingContext) -> None:
    task = await ctx.input_required_task()
    async with contextlib.AsyncExitStack() as stack:
        streams = [
            await stack.enter_async_context(
                ctx.wire.open_stream("SubscribeToTask", {"id": task["id"]})
            )
            for _ in range(2)
        ]
        for opened in streams:
            await _first(opened)
        await ctx.answer(task)
        for opened in streams:
            await ctx.read_stream(opened)
    # Snapshots are taken at different moments; the events after them must match.
    one, two = (
        [_signature(p) for p in s.reply.payloads if event_kind(p)[0] != "task"] for s in streams
    )
    expect(
        one == two and one,
        "the same events in the same order on both subscriptions",
        f"{one} and {two}",
    )


@check("A2A-SUB-INDEPENDENT-001", needs=("streaming", "convention"))
async def subscribe_independent(ctx: BindingContext) -> None:
    task = await ctx.input_required_task()
    async with ctx.wire.open_stream("SubscribeToTask", {"id": task["id"]}) as staying:
        await _first(staying)
        async with ctx.wire.open_stream("SubscribeToTask", {"id": task["id"]}) as leaving:
            await _first(leaving)
        await asyncio.sleep(0.2)  # let the agent notice the closed stream
        await ctx.answer(task)
        closed = await ctx.read_stream(staying)
    expect(
        _terminal_index(staying.reply) is not None and closed,
        "the remaining subscription to run to the terminal state",
        staying.reply.describe(),
    )
    final = await ctx.wire.call("GetTask", {"id": task["id"]})
    expect(
        state_of(final.result) is S.TASK_STATE_COMPLETED,
        "the task to complete",
        f"state {state_of(final.result)}",
    )
