"""The agent our server runs in the benchmark; the first word of the text picks the behaviour.

Each behaviour mirrors one executor of ``servers/sdk_server.py`` event for
event, so both servers do the same protocol work:

* ``echo``: a direct Message reply, no task;
* ``task``: exactly three events: the Task (created by the first emit, in
  ``SUBMITTED``), one artifact, and ``COMPLETED``;
* ``stream N``: the Task, an artifact written in N chunks (the last one with
  ``lastChunk``), and ``COMPLETED``: N + 2 events;
* ``wait``: the Task and ``WORKING``, then an hour of silence (idle streams).
"""

from __future__ import annotations

import asyncio

from a2a.agent import TaskContext, agent
from a2a.types import AgentSkill, Message

__all__ = ["bench"]

#: How long a ``wait`` task idles; far longer than any benchmark runs.
WAIT_SECONDS = 3600.0


@agent(
    name="Bench",
    description="Echo agent for the benchmark harness.",
    # A complete card: the identity layer signs it, and refuses empty REQUIRED fields.
    skills=[AgentSkill(id="echo", name="Echo", description="Echoes text.", tags=["echo"])],
)
async def bench(message: Message, task: TaskContext) -> str | None:
    text = message.text
    word, _, arg = text.partition(" ")
    if word == "task":
        await task.artifact("echo: " + text, name="echo")
        await task.complete()
        return None
    if word == "stream":
        async with task.artifact_writer(name="chunks") as out:
            count = int(arg)
            for index in range(count):
                await out.write(f"chunk {index};", last=index == count - 1)
        await task.complete()
        return None
    if word == "wait":
        await task.working()
        await asyncio.sleep(WAIT_SECONDS)
        return None
    return "echo: " + text
