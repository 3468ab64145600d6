"""Agent-to-agent communication: A2A 1.0 (and ACP) with typed models, a server and a client.

Write an agent::

    from a2a import Message, TaskContext, agent

    @agent(name="Echo")
    async def echo(message: Message, task: TaskContext) -> str:
        return message.text

serve it with ``a2a serve my_agent.py``, and talk to any agent::

    async with a2a.Client("http://127.0.0.1:8000") as client:
        print((await client.send_text("hello")).text)

Server and client names (``create_app``, ``Client``, ``SyncClient``) load lazily,
so ``import a2a`` stays light.
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
    from a2a.client import Client, SyncClient
    from a2a.server import create_app

__all__ = [
    "A2AError",
    "Agent",
    "AgentCard",
    "AgentInfo",
    "Artifact",
    "Client",
    "Message",
    "Part",
    "ProtocolError",
    "Role",
    "StreamResponse",
    "SyncClient",
    "Task",
    "TaskArtifactUpdateEvent",
    "TaskContext",
    "TaskState",
    "TaskStatus",
    "TaskStatusUpdateEvent",
    "agent",
    "create_app",
]

_LAZY = {"Client": "a2a.client", "SyncClient": "a2a.client", "create_app": "a2a.server"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'a2a' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
