"""An agent that follows the conformance suite's behaviour convention.

The suite drives behaviour it cannot otherwise provoke with a command in the
first text part of a message (``spec/conformance.md``); the skill with id
``a2a-conformance`` tells it this agent understands them::

    conformance:message          a direct reply, no task
    conformance:artifacts N      a task with N artifacts
    conformance:chunks N         a task with one artifact sent in N chunks
    conformance:input-required   a task that asks a question; the answer completes it
    conformance:fail             a task that fails
    conformance:slow S           a task that works S seconds (cancelable), then completes

Any other message gets a direct reply listing the commands.  Try it::

    a2a serve examples/conformance_agent.py --port 8000
    a2a conformance http://127.0.0.1:8000
"""

from __future__ import annotations

import asyncio

from a2a.agent import TaskContext, agent
from a2a.conformance.convention import SKILL_ID, parse_command
from a2a.types import AgentSkill, Message, TaskState

HELP = (
    "I follow the A2A conformance convention: send conformance:message, "
    "conformance:artifacts N, conformance:chunks N, conformance:input-required, "
    "conformance:fail or conformance:slow S."
)


@agent(
    name="Conformance agent",
    description="Behaves as the A2A conformance suite asks, to show every rule in action.",
    skills=[
        AgentSkill(
            id=SKILL_ID,
            name="A2A conformance behaviours",
            description="Reacts to conformance:* commands (see spec/conformance.md).",
            # The tag advertises the convention on ACP, where skills become manifest tags.
            tags=[SKILL_ID, "conformance", "testing"],
            examples=["conformance:artifacts 3", "conformance:input-required"],
        )
    ],
)
async def conformance_agent(message: Message, task: TaskContext) -> str | None:
    if task.state is TaskState.TASK_STATE_INPUT_REQUIRED:
        # The answer to our question: one artifact echoing it, then done.
        await task.working()
        await task.artifact(f"answer: {message.text}", name="answer")
        await task.complete()
        return None
    first = next((part.text for part in message.parts if part.text is not None), "")
    command = parse_command(first)
    if command is None:
        return HELP
    if command.name == "message":
        return "conformance: a direct reply"
    if command.name == "input-required":
        await task.ask("conformance: what is your answer?")
        return None
    await task.working()
    if command.name == "artifacts":
        for index in range(command.count):
            await task.artifact(f"artifact {index}", name=f"artifact-{index}")
    elif command.name == "chunks":
        if command.count:
            async with task.artifact_writer(name="chunked") as out:
                for index in range(command.count):
                    await out.write(f"chunk {index};", last=index == command.count - 1)
    elif command.name == "fail":
        await task.fail("conformance: failing as asked")
        return None
    elif command.name == "slow":
        await asyncio.sleep(command.number)
        await task.artifact("conformance: done", name="result")
    await task.complete()
    return None
