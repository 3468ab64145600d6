"""The standard example agent: it echoes your text back as a streamed artifact.

Each message starts a task that reports WORKING, streams the artifact
``echo: <text>`` in two chunks, and completes.  A message whose text is
``fail`` makes the task fail, and ``slow`` makes it take a few seconds, which
is handy for trying cancellation.

    a2a serve examples/echo.py --port 8000
"""

import asyncio

from a2a.agent import TaskContext, agent
from a2a.types import AgentSkill, Message


@agent(
    name="Echo",
    description="Echoes your text back, streamed as an artifact.",
    skills=[
        AgentSkill(
            id="echo",
            name="Echo",
            description="Repeats the text it receives.",
            tags=["echo", "example"],
            examples=["hello"],
        )
    ],
)
async def echo(message: Message, task: TaskContext) -> None:
    text = message.text
    await task.working()
    if text == "slow":
        await asyncio.sleep(5)
    if text == "fail":
        await task.fail("You asked me to fail.")
        return
    async with task.artifact_writer(name="echo") as out:
        await out.write("echo: ")
        await out.write(text, last=True)
    await task.complete()
