"""The agent the shared client suite expects, written with our own authoring API.

It behaves like ``tests/interop/drivers/sdk1_server.py``: ``slow`` works until
canceled, ``ask`` asks a question, ``auth`` waits for credentials, ``direct``
answers with a message, ``fail`` fails, and anything else streams
``echo: <text>`` as a two-chunk artifact.
"""

from __future__ import annotations

import asyncio

from a2a.agent import TaskContext, agent
from a2a.types import Message, TaskState


@agent(name="suite echo", description="the client suite's agent, on our own server")
async def suite_agent(message: Message, task: TaskContext) -> str | None:
    text = message.text
    if text.startswith("direct"):
        return f"direct: {text}"
    if task.state is TaskState.TASK_STATE_INPUT_REQUIRED:
        await task.working()
        await task.artifact(f"hello, {text}", name="greeting")
        await task.complete()
        return None
    await task.working("working")
    if text.startswith("slow"):
        await asyncio.sleep(3600)
    elif text.startswith("ask"):
        await task.ask("your name?")
    elif text.startswith("auth"):
        await task.require_auth("please sign in")
    elif text.startswith("fail"):
        await task.fail("it failed")
    else:
        async with task.artifact_writer(name="echo") as out:
            await out.write("echo: ")
            await out.write(text, last=True)
        await task.complete("done")
    return None
