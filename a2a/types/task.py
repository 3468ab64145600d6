"""Tasks and their events (A2A §4.1: ``Task``, ``TaskStatus``, ``TaskState``, update events)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from a2a.types._base import REQUIRED, A2AModel, ProtoEnum, Timestamp
from a2a.types.message import Artifact, Message

__all__ = [
    "Task",
    "TaskArtifactUpdateEvent",
    "TaskState",
    "TaskStatus",
    "TaskStatusUpdateEvent",
]


class TaskState(ProtoEnum):
    """The lifecycle state of a task."""

    TASK_STATE_UNSPECIFIED = "TASK_STATE_UNSPECIFIED"
    TASK_STATE_SUBMITTED = "TASK_STATE_SUBMITTED"
    TASK_STATE_WORKING = "TASK_STATE_WORKING"
    TASK_STATE_COMPLETED = "TASK_STATE_COMPLETED"
    TASK_STATE_FAILED = "TASK_STATE_FAILED"
    TASK_STATE_CANCELED = "TASK_STATE_CANCELED"
    TASK_STATE_INPUT_REQUIRED = "TASK_STATE_INPUT_REQUIRED"
    TASK_STATE_REJECTED = "TASK_STATE_REJECTED"
    TASK_STATE_AUTH_REQUIRED = "TASK_STATE_AUTH_REQUIRED"

    @property
    def is_terminal(self) -> bool:
        """Completed, failed, canceled or rejected: the task can never change again."""
        return self in _TERMINAL

    @property
    def is_interrupted(self) -> bool:
        """Input or authentication required: the task waits for the client."""
        return self in _INTERRUPTED


_TERMINAL = frozenset(
    {
        TaskState.TASK_STATE_COMPLETED,
        TaskState.TASK_STATE_FAILED,
        TaskState.TASK_STATE_CANCELED,
        TaskState.TASK_STATE_REJECTED,
    }
)
_INTERRUPTED = frozenset({TaskState.TASK_STATE_INPUT_REQUIRED, TaskState.TASK_STATE_AUTH_REQUIRED})


class TaskStatus(A2AModel):
    """The state of a task, with an optional agent message and a timestamp."""

    state: Annotated[TaskState, REQUIRED] = TaskState.TASK_STATE_UNSPECIFIED
    message: Message | None = None
    timestamp: Timestamp | None = None


class Task(A2AModel):
    """The unit of work an agent performs for a client."""

    id: Annotated[str, REQUIRED] = ""
    context_id: str = ""
    status: Annotated[TaskStatus, REQUIRED]
    artifacts: list[Artifact] = Field(default_factory=list)
    history: list[Message] = Field(default_factory=list)
    metadata: dict[str, Any] | None = None

    @property
    def state(self) -> TaskState:
        """Shortcut for ``status.state``."""
        return self.status.state


class TaskStatusUpdateEvent(A2AModel):
    """A change of a task's status, sent on streams and to push webhooks."""

    task_id: Annotated[str, REQUIRED] = ""
    context_id: Annotated[str, REQUIRED] = ""
    status: Annotated[TaskStatus, REQUIRED]
    metadata: dict[str, Any] | None = None


class TaskArtifactUpdateEvent(A2AModel):
    """A new artifact, a replacement, or a chunk to ``append`` to an earlier one."""

    task_id: Annotated[str, REQUIRED] = ""
    context_id: Annotated[str, REQUIRED] = ""
    artifact: Annotated[Artifact, REQUIRED]
    append: bool = False
    last_chunk: bool = False
    metadata: dict[str, Any] | None = None
