"""The agents our ACP tests serve: the same set as the acp-sdk interop server.

echo, streamer (N parts), approver (await/resume), slow (cancel), failing,
history (session history), artifact (a named part), asker (``ctx.ask`` from a
coroutine).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from acp.server import Agent, RunContext, agent
from acp.types import (
    Capability,
    Error,
    Message,
    MessageAwaitRequest,
    MessageAwaitResume,
    MessagePart,
    Metadata,
)

__all__ = ["AGENTS"]


@agent(
    "echo",
    "Echoes every input message back",
    input_content_types=["text/plain"],
    output_content_types=["text/plain"],
    metadata=Metadata(
        license="Apache-2.0",
        programming_language="Python",
        natural_languages=["en"],
        framework="custom",
        capabilities=[Capability(name="Echo", description="Returns its input unchanged")],
        tags=["Chat"],
    ),
)
async def echo(input: list[Message], ctx: RunContext) -> AsyncIterator[Any]:
    for message in input:
        yield message


@agent("streamer", "Streams N text parts")
async def streamer(input: list[Message], ctx: RunContext) -> AsyncIterator[Any]:
    count = int(input[-1].text or "3")
    for i in range(count):
        yield f"tok{i} "


@agent("approver", "Asks the client for approval via await")
async def approver(input: list[Message], ctx: RunContext) -> AsyncIterator[Any]:
    yield {"thought": "asking for approval"}
    answer: MessageAwaitResume = yield MessageAwaitRequest(
        message=Message.agent("Approve? (yes/no)")
    )
    yield f"You said: {answer.message.text}"


@agent("slow", "Emits one part, then waits until cancelled")
async def slow(input: list[Message], ctx: RunContext) -> AsyncIterator[Any]:
    yield "starting..."
    await asyncio.Event().wait()  # only a cancel ends this run
    yield "unreachable"


@agent("failing", "Always fails")
async def failing(input: list[Message], ctx: RunContext) -> AsyncIterator[Any]:
    yield Error(code="invalid_input", message="I refuse", data={"hint": "demo"})


@agent("history", "Replays session history then the new input")
async def history(input: list[Message], ctx: RunContext) -> AsyncIterator[Any]:
    past = await ctx.history()
    texts = "|".join(m.text for m in past)
    yield f"history has {len(past)} messages [{texts}]; new input: {input[-1].text}"


@agent("artifact", "Returns a named part (an artifact)")
async def artifact(input: list[Message], ctx: RunContext) -> AsyncIterator[Any]:
    yield MessagePart(name="/report.txt", content=input[-1].text, content_type="text/plain")


@agent("asker", "A coroutine agent that asks once through the context")
async def asker(input: list[Message], ctx: RunContext) -> str:
    answer = await ctx.ask("Your name?")
    await ctx.emit("thanks")
    return f"Hello, {answer.text}"


AGENTS: tuple[Agent, ...] = (echo, streamer, approver, slow, failing, history, artifact, asker)
