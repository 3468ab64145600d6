"""Every event of a run: SSE frames of ``stream`` mode and items of ``/runs/{id}/events``.

The wire tag is ``type``.  The SDK tags both a plain part and an artifact
``message.part``; here they are distinct types (:class:`MessagePartEvent`,
:class:`ArtifactEvent`), told apart by whether the part has a ``name``.
:data:`Event` is the union, and :func:`parse_event` reads one.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Tag, TypeAdapter

from acp.types._base import ACPModel
from acp.types.message import Artifact, Message, MessagePart
from acp.types.run import Error, Run

__all__ = [
    "EVENT_ADAPTER",
    "ArtifactEvent",
    "ErrorEvent",
    "Event",
    "GenericEvent",
    "MessageCompletedEvent",
    "MessageCreatedEvent",
    "MessagePartEvent",
    "RunAwaitingEvent",
    "RunCancelledEvent",
    "RunCompletedEvent",
    "RunCreatedEvent",
    "RunEvent",
    "RunFailedEvent",
    "RunInProgressEvent",
    "parse_event",
]


class MessageCreatedEvent(ACPModel):
    type: Literal["message.created"] = "message.created"
    message: Message


class MessagePartEvent(ACPModel):
    """A part without a name."""

    type: Literal["message.part"] = "message.part"
    part: MessagePart


class ArtifactEvent(ACPModel):
    """A named part; same wire tag as :class:`MessagePartEvent`."""

    type: Literal["message.part"] = "message.part"
    part: Artifact


class MessageCompletedEvent(ACPModel):
    type: Literal["message.completed"] = "message.completed"
    message: Message


class GenericEvent(ACPModel):
    """Any JSON object the agent emits (thoughts, progress)."""

    type: Literal["generic"] = "generic"
    generic: dict[str, Any]


class RunCreatedEvent(ACPModel):
    type: Literal["run.created"] = "run.created"
    run: Run


class RunInProgressEvent(ACPModel):
    type: Literal["run.in-progress"] = "run.in-progress"
    run: Run


class RunAwaitingEvent(ACPModel):
    type: Literal["run.awaiting"] = "run.awaiting"
    run: Run


class RunCompletedEvent(ACPModel):
    type: Literal["run.completed"] = "run.completed"
    run: Run


class RunFailedEvent(ACPModel):
    type: Literal["run.failed"] = "run.failed"
    run: Run


class RunCancelledEvent(ACPModel):
    type: Literal["run.cancelled"] = "run.cancelled"
    run: Run


class ErrorEvent(ACPModel):
    """Defined by the spec; the SDK server never sends it, its client raises on it."""

    type: Literal["error"] = "error"
    error: Error


#: Events that carry a run snapshot.
RunEvent = (
    RunCreatedEvent
    | RunInProgressEvent
    | RunAwaitingEvent
    | RunCompletedEvent
    | RunFailedEvent
    | RunCancelledEvent
)


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        kind = value.get("type")
        if kind == "message.part":
            part = value.get("part")
            named = isinstance(part, dict) and part.get("name") is not None
            return "artifact" if named else kind
        return kind if isinstance(kind, str) else None
    if isinstance(value, ArtifactEvent):
        return "artifact"
    return getattr(value, "type", None)


Event = Annotated[
    Annotated[RunCreatedEvent, Tag("run.created")]
    | Annotated[RunInProgressEvent, Tag("run.in-progress")]
    | Annotated[RunAwaitingEvent, Tag("run.awaiting")]
    | Annotated[RunCompletedEvent, Tag("run.completed")]
    | Annotated[RunFailedEvent, Tag("run.failed")]
    | Annotated[RunCancelledEvent, Tag("run.cancelled")]
    | Annotated[MessageCreatedEvent, Tag("message.created")]
    | Annotated[MessagePartEvent, Tag("message.part")]
    | Annotated[ArtifactEvent, Tag("artifact")]
    | Annotated[MessageCompletedEvent, Tag("message.completed")]
    | Annotated[GenericEvent, Tag("generic")]
    | Annotated[ErrorEvent, Tag("error")],
    Discriminator(_tag),
]
"""Any run event, selected by ``type`` (and, for ``message.part``, by the part's ``name``)."""

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(data: str | bytes | dict[str, Any]) -> Event:
    """Read one event from JSON text or decoded JSON; raises ``pydantic.ValidationError``."""
    if isinstance(data, dict):
        return EVENT_ADAPTER.validate_python(data)
    return EVENT_ADAPTER.validate_json(data)
