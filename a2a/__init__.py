"""Agent-to-agent communication: A2A 1.0 (and ACP) with typed models, a server and a client.

Write an agent::

    from a2a import Message, TaskContext, agent

    @agent(name="Echo")
    async def echo(message: Message, task: TaskContext) -> str:
        return message.text

and serve it with ``a2a serve my_agent.py``.  Server names (``create_app``) load
lazily, so ``import a2a`` stays light for clients and tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from a2a.agent import Agent, AgentInfo, TaskContext, agent
from a2a.errors import A2AError, ProtocolError
from a2a.types import (
    AgentCard,
    Artifact,
    Message,
    Part,
    Role,
    StreamResponse,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
)

if TYPE_CHECKING:
    from a2a.server import create_app

__all__ = [
    "A2AError",
    "Agent",
    "AgentCard",
    "AgentInfo",
    "Artifact",
    "Message",
    "Part",
    "ProtocolError",
    "Role",
    "StreamResponse",
    "Task",
    "TaskArtifactUpdateEvent",
    "TaskContext",
    "TaskState",
    "TaskStatus",
    "TaskStatusUpdateEvent",
    "agent",
    "create_app",
]

_LAZY = {"create_app": "a2a.server"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'a2a' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
