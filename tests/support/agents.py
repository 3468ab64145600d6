"""Small agents that exercise one behaviour each, for server tests."""

from __future__ import annotations

import asyncio

from a2a.agent import AgentInfo, TaskContext, agent
from a2a.errors import ContentTypeNotSupportedError
from a2a.types import AgentExtension, Message, Part, TaskState

REQUIRED_EXTENSION = "https://example.org/ext/required/v1"


@agent(name="Replier", description="Answers with a direct message, never a task.")
async def replier(message: Message, task: TaskContext) -> str | list[Part]:
    if message.text == "boom":
        raise RuntimeError("internal secret that must not leak")
    if message.text == "nothing":
        return []
    if any(p.raw is not None for p in message.parts):
        raise ContentTypeNotSupportedError("raw parts are not accepted")
    return f"you said {message.text}"


@agent(name="Worker", description="Runs tasks whose behaviour the text selects.")
async def worker(message: Message, task: TaskContext) -> None:
    """Texts: ``sleep:N`` works N seconds; ``crash`` raises; ``chunks:N`` streams N chunks;
    ``ask`` asks for input and completes on the answer; ``twice`` completes twice;
    ``own id`` completes with the task id it read before its first event."""
    text = message.text
    if task.state is TaskState.TASK_STATE_INPUT_REQUIRED:
        await task.complete(f"thanks for {text}")
        return
    if text == "own id":  # asked before any event: the task must then be created with it
        await task.complete(task.task_id)
        return
    await task.working()
    if text.startswith("sleep:"):
        await asyncio.sleep(float(text.split(":", 1)[1]))
        await task.artifact("slept")
    elif text == "crash":
        raise RuntimeError("internal secret that must not leak")
    elif text.startswith("chunks:"):
        async with task.artifact_writer(name="chunks") as out:
            for index in range(int(text.split(":", 1)[1])):
                await out.write(f"{index};")
    elif text == "ask":
        await task.ask("what else?")
        return
    elif text == "twice":
        await task.complete()
        await task.complete()
    elif text == "return":
        return
    await task.complete()


plain = agent(
    name="Plain",
    description="No streaming, no push notifications.",
    streaming=False,
    push_notifications=False,
)(worker._func)

strict = agent(
    name="Strict",
    description="Declares a required extension.",
    extensions=[AgentExtension(uri=REQUIRED_EXTENSION, required=True)],
)(worker._func)

__all__ = ["REQUIRED_EXTENSION", "AgentInfo", "plain", "replier", "strict", "worker"]
