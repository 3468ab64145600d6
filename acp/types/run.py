"""Runs, their status, errors, await requests and sessions (spec ``Run`` and friends)."""

from __future__ import annotations

import uuid
from enum import Enum
from typing import Any, Literal

from pydantic import Field

from acp.types._base import ACPModel, Timestamp, utc_now
from acp.types.message import Message

__all__ = [
    "AwaitRequest",
    "AwaitResume",
    "Error",
    "ErrorCode",
    "MessageAwaitRequest",
    "MessageAwaitResume",
    "Run",
    "RunMode",
    "RunStatus",
    "Session",
]


class RunMode(str, Enum):
    SYNC = "sync"
    ASYNC = "async"
    STREAM = "stream"


class RunStatus(str, Enum):
    """The state of a run; see :mod:`acp.protocol.states` for the transitions."""

    CREATED = "created"
    IN_PROGRESS = "in-progress"
    AWAITING = "awaiting"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def is_terminal(self) -> bool:
        """Completed, failed or cancelled: the run never changes again."""
        return self in (RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED)


class ErrorCode(str, Enum):
    """The spec's error codes; peers may send other strings, which we keep."""

    SERVER_ERROR = "server_error"
    INVALID_INPUT = "invalid_input"
    NOT_FOUND = "not_found"


class Error(ACPModel):
    """The error body of every failed request, of a failed run and of the ``error`` event."""

    code: str
    message: str
    data: dict[str, Any] | None = None


class MessageAwaitRequest(ACPModel):
    """The agent asks the client for a message (the only await kind the SDK knows)."""

    type: Literal["message"] = "message"
    message: Message


class MessageAwaitResume(ACPModel):
    """The client's answer to a :class:`MessageAwaitRequest`."""

    type: Literal["message"] = "message"
    message: Message


# The spec leaves both open ("object"); the SDK defines one variant each.
AwaitRequest = MessageAwaitRequest
AwaitResume = MessageAwaitResume


class Run(ACPModel):
    """One execution of an agent."""

    run_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    agent_name: str
    session_id: uuid.UUID | None = None
    status: RunStatus = RunStatus.CREATED
    await_request: AwaitRequest | None = None
    output: list[Message] = Field(default_factory=list)
    error: Error | None = None
    created_at: Timestamp = Field(default_factory=utc_now)
    finished_at: Timestamp | None = None


class Session(ACPModel):
    """A session descriptor: history and state are URLs of stored resources."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    history: list[str] = Field(default_factory=list)
    state: str | None = None
