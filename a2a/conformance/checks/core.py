"""Messages and tasks: send, blocking, multi-turn, contexts, get, history, cancel, validation."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from a2a.conformance import convention
from a2a.conformance.context import NEUTRAL_TEXT, BindingContext, prerequisite
from a2a.conformance.registry import check, expect, skip
from a2a.conformance.shapes import (
    TERMINAL,
    artifacts_of,
    history_of,
    matches,
    member,
    parse_state,
    result_kind,
    state_of,
)
from a2a.conformance.wire import Reply
from a2a.errors import (
    InvalidParamsError,
    TaskNotCancelableError,
    TaskNotFoundError,
    UnsupportedOperationError,
)
from a2a.types import TaskState

__all__: list[str] = []

S = TaskState


def _text(ctx: BindingContext) -> str:
    return convention.artifacts(1) if ctx.convention else NEUTRAL_TEXT


@check("A2A-CORE-SEND-001")
async def send_answers(ctx: BindingContext) -> None:
    reply = await ctx.send(_text(ctx))
    kind, _ = result_kind(reply.result)
    expect(reply.ok and kind is not None, "a Task or a Message", reply.describe)


@check("A2A-CORE-SEND-002", needs=("convention",))
async def blocking_send(ctx: BindingContext) -> None:
    cases = (
        (convention.slow(1), S.TASK_STATE_COMPLETED),
        (convention.artifacts(2), S.TASK_STATE_COMPLETED),
        (convention.input_required(), S.TASK_STATE_INPUT_REQUIRED),
    )
    for text, want in cases:
        reply = await ctx.send(text)
        kind, task = result_kind(reply.result)
        if kind != "task":
            raise prerequisite(f"{text!r} should start a task", reply.describe())
        expect(
            state_of(task) is want,
            f"{text!r} to return the task in {want.value}",
            f"state {member(member(task, 'status'), 'state')!r}",
        )
        if text == convention.artifacts(2):
            ids = {member(a, "artifactId") for a in artifacts_of(task)}
            expect(len(ids) == 2, "both artifacts in the returned task", f"{len(ids)} artifacts")


@check("A2A-CORE-SEND-003", needs=("convention",))
async def return_immediately(ctx: BindingContext) -> None:
    reply = await ctx.send(convention.slow(5), configuration={"returnImmediately": True})
    kind, task = result_kind(reply.result)
    if kind != "task":
        raise prerequisite("conformance:slow should start a task", reply.describe())
    try:
        state = state_of(task)
        expect(
            state not in TERMINAL,
            "the task still in progress",
            f"state {member(member(task, 'status'), 'state')!r}",
        )
    finally:
        await ctx.wire.call("CancelTask", {"id": member(task, "id")})


@check("A2A-CORE-SEND-004")
async def send_to_terminal(ctx: BindingContext) -> None:
    task = await ctx.completed_task()
    reply = await ctx.send(
        "conformance follow-up",
        task_id=str(task["id"]),
        context_id=str(member(task, "contextId") or ""),
    )
    ctx.expect_error(reply, UnsupportedOperationError, "a message to a terminal task")


@check("A2A-CORE-SEND-005")
async def send_unknown_task(ctx: BindingContext) -> None:
    reply = await ctx.send(_text(ctx), task_id=ctx.unknown_id())
    ctx.expect_error(reply, TaskNotFoundError, "a message naming an unknown task")


@check("A2A-CORE-MESSAGE-001", needs=("convention",))
async def direct_reply(ctx: BindingContext) -> None:
    reply = await ctx.send(convention.message())
    kind, message = result_kind(reply.result)
    expect(kind == "message", "a Message", reply.describe)
    role = str(member(message, "role", ""))
    parts = member(message, "parts")
    expect(role.upper() in ("ROLE_AGENT", "AGENT"), "role ROLE_AGENT", f"role {role!r}")
    expect(member(message, "messageId"), "a messageId", "none")
    expect(isinstance(parts, list) and parts, "at least one part", f"parts {parts!r}")


@check("A2A-CORE-CONTEXT-001")
async def generated_context(ctx: BindingContext) -> None:
    texts = [_text(ctx)] + ([convention.message()] if ctx.convention else [])
    for text in texts:
        reply = await ctx.send(text)
        kind, obj = result_kind(reply.result)
        if kind is None:
            raise prerequisite(f"an answer to {text!r}", reply.describe())
        expect(
            member(obj, "contextId"),
            f"a contextId on the {kind} answering {text!r}",
            "no contextId",
        )


@check("A2A-CORE-CONTEXT-002")
async def kept_context(ctx: BindingContext) -> None:
    mine = f"conformance-context-{uuid.uuid4()}"
    reply = await ctx.send(_text(ctx), context_id=mine)
    if reply.error is not None:
        return  # refusing a client-chosen contextId is allowed
    kind, obj = result_kind(reply.result)
    if kind is None:
        raise prerequisite("an answer", reply.describe())
    expect(
        member(obj, "contextId") == mine,
        f"contextId {mine}",
        f"contextId {member(obj, 'contextId')!r}",
    )


@check("A2A-CORE-INPUT-001", needs=("convention",))
async def answer_input(ctx: BindingContext) -> None:
    task = await ctx.input_required_task()
    reply = await ctx.answer(task)
    kind, after = result_kind(reply.result)
    expect(
        kind == "task" and member(after, "id") == task["id"],
        f"the same task {task['id']} continuing",
        reply.describe,
    )
    final = await ctx.settle(after, until=TERMINAL)
    expect(
        state_of(final) is S.TASK_STATE_COMPLETED,
        "the task to complete after the answer",
        f"state {state_of(final)}",
    )


@check("A2A-CORE-MULTI-001", needs=("convention",))
async def inherit_context(ctx: BindingContext) -> None:
    task = await ctx.input_required_task()
    reply = await ctx.send("conformance answer", task_id=str(task["id"]))
    kind, after = result_kind(reply.result)
    expect(kind == "task", "the task, continued with only its taskId", reply.describe)
    expect(
        member(after, "contextId") == member(task, "contextId"),
        f"contextId {member(task, 'contextId')!r}",
        f"{member(after, 'contextId')!r}",
    )


@check("A2A-CORE-MULTI-002", needs=("convention",))
async def mismatched_context(ctx: BindingContext) -> None:
    task = await ctx.input_required_task()
    other = f"conformance-other-{uuid.uuid4()}"
    reply = await ctx.send("conformance answer", task_id=str(task["id"]), context_id=other)
    expect(reply.error is not None, "an error (contextId differs from the task's)", reply.describe)


@check("A2A-CORE-GET-001")
async def get_task(ctx: BindingContext) -> None:
    task = await ctx.completed_task()
    reply = await ctx.wire.call("GetTask", {"id": task["id"]})
    got = reply.result if isinstance(reply.result, dict) else {}
    expect(reply.ok and member(got, "id") == task["id"], f"the task {task['id']}", reply.describe)
    expect(state_of(got) is state_of(task), f"state {state_of(task)}", f"state {state_of(got)}")
    want = len(artifacts_of(task))
    expect(
        len(artifacts_of(got)) >= want,
        f"its {want} artifacts",
        f"{len(artifacts_of(got))} artifacts",
    )


@check("A2A-CORE-GET-002")
async def get_unknown(ctx: BindingContext) -> None:
    reply = await ctx.wire.call("GetTask", {"id": ctx.unknown_id()})
    ctx.expect_error(reply, TaskNotFoundError, "GetTask of an unknown id")


async def _history_task(ctx: BindingContext) -> dict[str, Any]:
    """A finished task with some history: an answered question under the convention."""

    async def make() -> dict[str, Any]:
        if not ctx.convention:
            return await ctx.completed_task()
        task = await ctx.input_required_task()
        reply = await ctx.answer(task)
        kind, after = result_kind(reply.result)
        if kind != "task":
            raise prerequisite("the answer to an INPUT_REQUIRED task", reply.describe())
        return await ctx.settle(after, until=TERMINAL)

    return await ctx.memo("history_task", make)


async def _get(ctx: BindingContext, task_id: str, **params: Any) -> dict[str, Any]:
    reply = await ctx.wire.call("GetTask", {"id": task_id, **params})
    if reply.error is not None or not isinstance(reply.result, dict):
        raise prerequisite("GetTask of a known task", reply.describe())
    return reply.result


@check("A2A-CORE-HIST-001")
async def history_zero(ctx: BindingContext) -> None:
    task = await _history_task(ctx)
    got = await _get(ctx, task["id"], historyLength=0)
    expect(not history_of(got), "no history", f"{len(history_of(got))} messages")


@check("A2A-CORE-HIST-002")
async def history_limit(ctx: BindingContext) -> None:
    task = await _history_task(ctx)
    full = history_of(await _get(ctx, task["id"]))
    if not full:
        skip("the task has no history to limit")
    got = history_of(await _get(ctx, task["id"], historyLength=1))
    expect(len(got) <= 1, "at most 1 message", f"{len(got)} messages")
    if got:
        newest = member(full[-1], "messageId")
        expect(
            member(got[0], "messageId") == newest,
            f"the most recent message {newest}",
            f"message {member(got[0], 'messageId')}",
        )


@check("A2A-CORE-HIST-003")
async def history_zero_omitted(ctx: BindingContext) -> None:
    task = await _history_task(ctx)
    got = await _get(ctx, task["id"], historyLength=0)
    expect("history" not in got, "no history field", f"history = {got.get('history')!r}")


async def _cancel_run(ctx: BindingContext) -> tuple[Reply, dict[str, Any]]:
    """A slow task canceled while working: the cancel answer and the task afterwards."""

    async def make() -> tuple[Reply, dict[str, Any]]:
        reply = await ctx.send(convention.slow(5), configuration={"returnImmediately": True})
        kind, task = result_kind(reply.result)
        if kind != "task" or state_of(task) in TERMINAL:
            raise prerequisite(
                "a working task (conformance:slow, returnImmediately)", reply.describe()
            )
        canceled = await ctx.wire.call("CancelTask", {"id": member(task, "id")})
        deadline = time.monotonic() + 10
        while True:
            after = await _get(ctx, str(member(task, "id")))
            if state_of(after) in TERMINAL or time.monotonic() > deadline:
                return canceled, after
            await asyncio.sleep(0.05)

    return await ctx.memo("cancel_run", make)


@check("A2A-CORE-CANCEL-001", needs=("convention",))
async def cancel_working(ctx: BindingContext) -> None:
    canceled, after = await _cancel_run(ctx)
    expect(canceled.ok and isinstance(canceled.result, dict), "the task", canceled.describe)
    expect(
        state_of(after) is S.TASK_STATE_CANCELED,
        "the task to end CANCELED",
        f"state {state_of(after)}",
    )


@check("A2A-CORE-CANCEL-002")
async def cancel_completed(ctx: BindingContext) -> None:
    task = await ctx.completed_task()
    if state_of(task) is not S.TASK_STATE_COMPLETED:
        skip("needs a COMPLETED task (implement the behaviour convention)")
    reply = await ctx.wire.call("CancelTask", {"id": task["id"]})
    ctx.expect_error(reply, TaskNotCancelableError, "CancelTask of a completed task")


@check("A2A-CORE-CANCEL-003")
async def cancel_unknown(ctx: BindingContext) -> None:
    reply = await ctx.wire.call("CancelTask", {"id": ctx.unknown_id()})
    ctx.expect_error(reply, TaskNotFoundError, "CancelTask of an unknown id")


@check("A2A-CORE-CANCEL-004", needs=("convention",))
async def cancel_again(ctx: BindingContext) -> None:
    _, after = await _cancel_run(ctx)
    if state_of(after) is not S.TASK_STATE_CANCELED:
        raise prerequisite("a canceled task", f"state {state_of(after)}")
    again = await ctx.wire.call("CancelTask", {"id": after["id"]})
    # A repeat may return the task, or say it cannot be canceled (it is terminal) or is gone.
    if again.error is not None:
        ok = matches(again.error, TaskNotCancelableError) or matches(again.error, TaskNotFoundError)
        expect(ok, "the canceled task, TaskNotCancelableError or TaskNotFoundError", again.describe)
    else:
        state = parse_state(member(member(again.result, "status"), "state"))
        expect(state is S.TASK_STATE_CANCELED, "the task still CANCELED", f"state {state}")
    final = await _get(ctx, str(after["id"]))
    expect(
        state_of(final) is S.TASK_STATE_CANCELED,
        "the task still CANCELED",
        f"state {state_of(final)}",
    )


@check("A2A-CORE-FAIL-001", needs=("convention",))
async def failed_task(ctx: BindingContext) -> None:
    reply = await ctx.send(convention.fail())
    kind, task = result_kind(reply.result)
    expect(kind == "task", "a Task (not an error)", reply.describe)
    final = await ctx.settle(task)
    expect(state_of(final) is S.TASK_STATE_FAILED, "TASK_STATE_FAILED", f"state {state_of(final)}")


async def _invalid(ctx: BindingContext) -> Reply:
    return await ctx.wire.call("SendMessage", {"configuration": {"returnImmediately": True}})


@check("A2A-CORE-VALIDATION-001")
async def validation(ctx: BindingContext) -> None:
    ctx.expect_error(await _invalid(ctx), InvalidParamsError, "SendMessage without a message")


@check("A2A-CORE-VALIDATION-002")
async def validation_field(ctx: BindingContext) -> None:
    reply = await _invalid(ctx)
    error = reply.error
    if not matches(error, InvalidParamsError):
        skip("no validation error (judged by A2A-CORE-VALIDATION-001)")
    fields = [f for f, _ in getattr(error, "field_violations", [])]
    expect(
        any("message" in f for f in fields),
        "a field violation naming message",
        f"field violations {fields or 'none'}",
    )
