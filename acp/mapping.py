"""ACP <-> A2A, in one place: run <-> task, awaiting <-> input-required, parts <-> parts,
manifest <-> card.  Pure conversions, no I/O.

Parts::

    ACP MessagePart                               A2A Part
    content, content_encoding=plain  (text/*)     text            media_type=content_type
    content, content_type=application/json        data            (when the content parses)
    content, content_encoding=base64              raw             media_type=content_type
    content_url                                   url             media_type=content_type
    name                                          filename        (ACP's artifact marker)
    metadata (citation / trajectory)              metadata["acp"] (kept for the way back)

Run status -> task state: ``created`` -> SUBMITTED, ``in-progress`` and
``cancelling`` -> WORKING, ``awaiting`` -> INPUT_REQUIRED, and the three
terminal states to COMPLETED, FAILED, CANCELED.  A2A's REJECTED and
AUTH_REQUIRED have no ACP state: they map to ``failed`` and ``awaiting``.

Sessions: an ACP session id is a UUID; an A2A context id is any string, so a
context id that is not a UUID maps to a stable UUID-5 (:func:`session_id_for`).
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from typing import Any

from a2a.agent import AgentInfo
from a2a.types import AgentCard, AgentSkill, Part, Role, TaskState
from a2a.types import Message as A2AMessage
from acp.types import (
    AgentManifest,
    Capability,
    Error,
    Message,
    MessagePart,
    Metadata,
    RunStatus,
)

__all__ = [
    "RUN_TO_TASK",
    "TASK_TO_RUN",
    "error_from_a2a_message",
    "info_from_manifest",
    "manifest_from_card",
    "manifest_from_info",
    "message_from_a2a",
    "message_to_a2a",
    "part_from_a2a",
    "part_to_a2a",
    "session_id_for",
    "slug",
]

S, T = RunStatus, TaskState

RUN_TO_TASK: dict[RunStatus, TaskState] = {
    S.CREATED: T.TASK_STATE_SUBMITTED,
    S.IN_PROGRESS: T.TASK_STATE_WORKING,
    S.AWAITING: T.TASK_STATE_INPUT_REQUIRED,
    S.CANCELLING: T.TASK_STATE_WORKING,
    S.COMPLETED: T.TASK_STATE_COMPLETED,
    S.FAILED: T.TASK_STATE_FAILED,
    S.CANCELLED: T.TASK_STATE_CANCELED,
}

TASK_TO_RUN: dict[TaskState, RunStatus] = {
    T.TASK_STATE_SUBMITTED: S.CREATED,
    T.TASK_STATE_WORKING: S.IN_PROGRESS,
    T.TASK_STATE_INPUT_REQUIRED: S.AWAITING,
    T.TASK_STATE_AUTH_REQUIRED: S.AWAITING,
    T.TASK_STATE_COMPLETED: S.COMPLETED,
    T.TASK_STATE_FAILED: S.FAILED,
    T.TASK_STATE_REJECTED: S.FAILED,
    T.TASK_STATE_CANCELED: S.CANCELLED,
}

_CONTEXT_NAMESPACE = uuid.UUID("8c0f4b8e-6f6e-5a1d-9c55-acb2a2a0c0de")
_NOT_LABEL = re.compile(r"[^a-z0-9-]+")


def slug(name: str) -> str:
    """An RFC 1123 label for ``name``, the spec's agent-name rule (``Echo Bot`` -> ``echo-bot``)."""
    label = _NOT_LABEL.sub("-", name.lower()).strip("-")[:63].strip("-")
    return label or "agent"


def session_id_for(context_id: str) -> uuid.UUID:
    """The ACP session id of an A2A context id (itself if it is a UUID)."""
    try:
        return uuid.UUID(context_id)
    except ValueError:
        return uuid.uuid5(_CONTEXT_NAMESPACE, context_id)


# -- parts ---------------------------------------------------------------------


def part_to_a2a(part: MessagePart) -> Part:
    """An A2A part carrying the same content as the ACP ``part``."""
    media = part.content_type or ""
    meta = {"acp": part.metadata.to_dict()} if part.metadata is not None else None
    filename = part.name or ""
    if part.content_url is not None:
        return Part(url=part.content_url, media_type=media, filename=filename, metadata=meta)
    content = part.content
    if content is None:
        return Part(text="", media_type=media, filename=filename, metadata=meta)
    if part.content_encoding == "base64":
        data = base64.b64decode(content + "=" * (-len(content) % 4))
        return Part(raw=data, media_type=media, filename=filename, metadata=meta)
    if media == "application/json":
        try:
            value = json.loads(content)
        except ValueError:
            pass
        else:
            return Part(data=value, media_type=media, filename=filename, metadata=meta)
    return Part(text=content, media_type=media, filename=filename, metadata=meta)


def part_from_a2a(part: Part, *, name: str | None = None) -> MessagePart:
    """An ACP part for the A2A ``part``; ``name`` (an artifact's) overrides the filename."""
    fields: dict[str, Any] = {"name": name or part.filename or None}
    acp_meta = (part.metadata or {}).get("acp")
    if isinstance(acp_meta, dict) and acp_meta.get("kind") in ("citation", "trajectory"):
        fields["metadata"] = acp_meta
    kind = part.kind
    if kind == "text":
        fields.update(content=part.text, content_type=part.media_type or "text/plain")
    elif kind == "data":
        fields.update(
            content=json.dumps(part.data, separators=(",", ":")),
            content_type=part.media_type or "application/json",
        )
    elif kind == "raw":
        fields.update(
            content=base64.b64encode(part.raw or b"").decode("ascii"),
            content_encoding="base64",
            content_type=part.media_type or "application/octet-stream",
        )
    else:
        fields.update(content_url=part.url, content_type=part.media_type or None)
    return MessagePart.model_validate(fields)


# -- messages --------------------------------------------------------------------


def message_to_a2a(
    messages: Message | list[Message], *, task_id: str = "", context_id: str = ""
) -> A2AMessage:
    """One A2A message holding the parts of ``messages`` (ACP input is a list; A2A takes one).

    The role is the last message's: ``user`` -> ROLE_USER, ``agent*`` -> ROLE_AGENT.
    """
    items = [messages] if isinstance(messages, Message) else messages
    parts = [part_to_a2a(p) for m in items for p in m.parts]
    agent = bool(items) and items[-1].role.startswith("agent")
    build = A2AMessage.agent if agent else A2AMessage.user
    return build(*parts, task_id=task_id, context_id=context_id)


def message_from_a2a(message: A2AMessage, *, agent_name: str | None = None) -> Message:
    """The ACP message for an A2A one (agent messages get role ``agent/{agent_name}``)."""
    if message.role is Role.ROLE_USER:
        role = "user"
    else:
        role = f"agent/{agent_name}" if agent_name else "agent"
    return Message(role=role, parts=[part_from_a2a(p) for p in message.parts])


def error_from_a2a_message(state: TaskState, message: A2AMessage | None) -> Error:
    """The ``Run.error`` of a task that ended FAILED or REJECTED."""
    text = message.text if message is not None else ""
    if state is TaskState.TASK_STATE_REJECTED:
        return Error(code="invalid_input", message=text or "The agent rejected the task")
    return Error(code="server_error", message=text or "The agent failed")


# -- manifest <-> card -------------------------------------------------------------


def _metadata_from_skills(skills: list[AgentSkill], documentation_url: str | None) -> Metadata:
    tags = sorted({t for s in skills for t in s.tags})
    return Metadata(
        capabilities=[Capability(name=s.name, description=s.description) for s in skills] or None,
        tags=tags or None,
        documentation=documentation_url,
    )


def manifest_from_info(info: AgentInfo, name: str | None = None) -> AgentManifest:
    """The ACP manifest of an agent written with the A2A authoring API."""
    return AgentManifest(
        name=name or slug(info.name),
        description=info.description,
        metadata=_metadata_from_skills(info.skills, info.documentation_url),
        input_content_types=list(info.input_modes) or ["*/*"],
        output_content_types=list(info.output_modes) or ["*/*"],
    )


def manifest_from_card(card: AgentCard, name: str | None = None) -> AgentManifest:
    """The ACP manifest of a remote A2A agent (its card has no ACP equivalent for URLs/security)."""
    return AgentManifest(
        name=name or slug(card.name),
        description=card.description,
        metadata=_metadata_from_skills(card.skills, card.documentation_url),
        input_content_types=list(card.default_input_modes) or ["*/*"],
        output_content_types=list(card.default_output_modes) or ["*/*"],
    )


def info_from_manifest(manifest: AgentManifest) -> AgentInfo:
    """The A2A description (card source) of an ACP agent."""
    capabilities = manifest.metadata.capabilities or []
    tags = manifest.metadata.tags or []
    skills = [
        AgentSkill(id=slug(c.name), name=c.name, description=c.description, tags=tags or ["acp"])
        for c in capabilities
    ] or [
        AgentSkill(
            id=manifest.name,
            name=manifest.name,
            description=manifest.description or manifest.name,
            tags=tags or ["acp"],
        )
    ]
    return AgentInfo(
        name=manifest.name,
        description=manifest.description or "",
        skills=skills,
        input_modes=list(manifest.input_content_types),
        output_modes=list(manifest.output_content_types),
        streaming=True,
        push_notifications=False,
    )
