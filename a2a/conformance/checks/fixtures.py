"""Fixtures several check modules share; each runs once per binding (``ctx.memo``)."""

from __future__ import annotations

from typing import Any

from a2a.conformance import convention
from a2a.conformance.context import NEUTRAL_TEXT, BindingContext, prerequisite, user_message
from a2a.conformance.registry import CheckSkipped
from a2a.conformance.shapes import event_kind, member
from a2a.conformance.wire import StreamReply

__all__ = ["Sample", "samples", "task_stream"]

Sample = tuple[str, Any]


async def task_stream(ctx: BindingContext) -> StreamReply:
    """A SendStreamingMessage run to its end: ``conformance:artifacts 3`` (or a plain text)."""

    async def make() -> StreamReply:
        if "streaming" not in ctx.agent.features():
            raise CheckSkipped("the card does not declare capabilities.streaming")
        text = convention.artifacts(3) if ctx.convention else NEUTRAL_TEXT
        reply = await ctx.stream_to_end("SendStreamingMessage", {"message": user_message(text)})
        if reply.reply is not None or not reply.events:
            raise prerequisite(f"a stream for {text!r}", reply.describe())
        kinds = [event_kind(p)[0] for p in reply.payloads]
        if "task" not in kinds and "statusUpdate" not in kinds:
            raise CheckSkipped(
                "needs a task stream; the agent answered a plain message with a message "
                "(implement the behaviour convention)"
            )
        return reply

    return await ctx.memo("task_stream", make)


async def samples(ctx: BindingContext) -> list[Sample]:
    """Documents the agent produced on this binding, labelled, for the data model checks."""

    async def make() -> list[Sample]:
        found: list[Sample] = [("Agent Card", ctx.agent.card_json)]
        text = convention.artifacts(1) if ctx.convention else NEUTRAL_TEXT
        sent = await ctx.send(text)
        if sent.error is None:
            found.append(("SendMessage result", sent.result))
        task = member(sent.result, "task")
        if isinstance(task, dict) and member(task, "id"):
            got = await ctx.wire.call("GetTask", {"id": member(task, "id")})
            if got.error is None:
                found.append(("GetTask result", got.result))
        listed = await ctx.wire.call("ListTasks", {"pageSize": 5})
        if listed.error is None:
            found.append(("ListTasks result", listed.result))
        if ctx.convention:
            direct = await ctx.send(convention.message())
            if direct.error is None:
                found.append(("SendMessage result (direct reply)", direct.result))
            asked = await ctx.send(convention.input_required())
            if asked.error is None:
                found.append(("SendMessage result (input required)", asked.result))
        try:
            stream = await task_stream(ctx)
        except CheckSkipped:
            stream = None
        if stream is not None:
            found += [(f"stream event {i + 1}", p) for i, p in enumerate(stream.payloads)]
        if len(found) == 1:
            raise prerequisite("any answer to sample", sent.describe())
        return found

    return await ctx.memo("samples", make)
