"""Writing agents: an async function (or an :class:`Agent` subclass) and its :class:`TaskContext`.

from a2a.agent import TaskContext, agent
from a2a.types import Message

@agent(name="Echo", description="Streams your text back.")
async def echo(message: Message, task: TaskContext) -> None:
    await task.working()
    await task.artifact(f"echo: {message.text}")
    await task.complete()
"""

from a2a.agent.base import Agent, AgentInfo, FunctionAgent, HandlerResult, agent
from a2a.agent.context import ArtifactWriter, Content, EventSink, TaskContext

__all__ = [
    "Agent",
    "AgentInfo",
    "ArtifactWriter",
    "Content",
    "EventSink",
    "FunctionAgent",
    "HandlerResult",
    "TaskContext",
    "agent",
]
