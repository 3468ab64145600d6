"""Request and response bodies of the ACP endpoints."""

from __future__ import annotations

import uuid

from pydantic import Field

from acp.types._base import ACPModel
from acp.types.events import Event
from acp.types.manifest import AgentManifest
from acp.types.message import Message
from acp.types.run import AwaitResume, RunMode, Session

__all__ = [
    "AgentsListResponse",
    "PingResponse",
    "RunCreateRequest",
    "RunEventsListResponse",
    "RunResumeRequest",
]


class PingResponse(ACPModel):
    """``GET /ping`` answers ``{}``."""


class AgentsListResponse(ACPModel):
    agents: list[AgentManifest] = Field(default_factory=list)


class RunCreateRequest(ACPModel):
    """``POST /runs``.  ``mode`` defaults to ``sync`` (SDK); the spec makes it optional."""

    agent_name: str
    input: list[Message]
    mode: RunMode = RunMode.SYNC
    session_id: uuid.UUID | None = None
    session: Session | None = None


class RunResumeRequest(ACPModel):
    """``POST /runs/{run_id}``.

    The spec requires ``run_id`` in the body and declares no path parameter;
    the SDK uses the path.  We read ``run_id`` if sent and trust the path.
    ``mode`` is required by both; we default it to ``sync``, like creation.
    """

    await_resume: AwaitResume
    mode: RunMode = RunMode.SYNC
    run_id: uuid.UUID | None = Field(default=None, exclude_if=lambda v: v is None)


class RunEventsListResponse(ACPModel):
    events: list[Event] = Field(default_factory=list)
