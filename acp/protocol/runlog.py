"""The record of one run: its ``Run`` snapshot and its events, with no I/O.

How it works: every change goes through one method that checks the state
table, updates ``run`` and appends the resulting events, each encoded to
JSON exactly once.  Streams, ``/events`` and the I/O layer read ``events``
by index, so serving a run's history never re-serializes it (the SDK
re-serializes the whole run on every event, which makes streaming O(n^2)).

Message grouping follows the SDK on the wire: parts emitted one by one open a
message (``message.created`` with no parts), each part is a ``message.part``,
and the message closes with ``message.completed``; a whole message is
announced with all its parts, then each part, then ``message.completed``.
Unlike the SDK, every message event carries the final ``agent/{name}`` role.
"""

from __future__ import annotations

from typing import Any

from acp.errors import RunStateError
from acp.protocol.states import EVENT_TYPES, PAUSED, check_transition
from acp.types import (
    Error,
    GenericEvent,
    Message,
    MessageAwaitRequest,
    MessagePart,
    Run,
    RunStatus,
    utc_now,
)
from acp.types._base import ACPModel

__all__ = ["RunLog", "sse_frame"]

_EMITTING = frozenset({RunStatus.IN_PROGRESS, RunStatus.CANCELLING})


def sse_frame(event: bytes) -> bytes:
    """One SSE frame: a single ``data:`` line of compact JSON, as the SDK sends."""
    return b"data: " + event + b"\n\n"


def _event(kind: bytes, key: bytes, value: ACPModel) -> bytes:
    return b'{"type":"' + kind + b'","' + key + b'":' + value.to_json() + b"}"


class RunLog:
    """One run's state and its ordered, encoded events.

    ``agent_name`` fixes the role of every output message to ``agent/{name}``.
    Methods raise :class:`acp.errors.RunStateError` for moves the state table
    forbids.
    """

    __slots__ = ("_open", "_snapshot", "events", "role", "run")

    def __init__(self, run: Run) -> None:
        if run.status is not RunStatus.CREATED:
            raise RunStateError("a run log starts with a created run")
        check_transition(None, RunStatus.CREATED)
        self.run = run
        self.role = f"agent/{run.agent_name}"
        self.events: list[bytes] = []
        self._open: Message | None = None
        self._snapshot: bytes | None = None
        self._announce(RunStatus.CREATED)

    # -- reading ---------------------------------------------------------

    @property
    def status(self) -> RunStatus:
        return self.run.status

    @property
    def paused(self) -> bool:
        """Awaiting or terminal: where ``sync`` returns and a stream closes."""
        return self.run.status in PAUSED

    def run_json(self) -> bytes:
        """The current ``Run`` as JSON (encoded once per change)."""
        if self._snapshot is None:
            self._snapshot = self.run.to_json()
        return self._snapshot

    def freeze(self) -> None:
        """Keep a finished run as bytes only: its JSON and its events.

        ``run`` keeps the scalar fields (id, status, times) but drops its
        object graph, so that thousands of finished runs cost the garbage
        collector almost nothing.
        """
        if not self.run.status.is_terminal:
            raise RunStateError("only a finished run can be frozen")
        self.run_json()
        self.run = self.run.model_copy(update={"output": [], "await_request": None, "error": None})

    def events_json(self) -> bytes:
        """The body of ``GET /runs/{id}/events``."""
        return b'{"events":[' + b",".join(self.events) + b"]}"

    # -- state -----------------------------------------------------------

    def _announce(self, status: RunStatus) -> None:
        kind = EVENT_TYPES[status]
        self._snapshot = run = self.run.to_json()
        if kind is not None:
            self.events.append(b'{"type":"' + kind.encode() + b'","run":' + run + b"}")

    def transition(self, new: RunStatus, *, error: Error | None = None) -> None:
        """Move to ``new`` and announce it; terminal moves set ``finished_at``."""
        check_transition(self.run.status, new)
        if new is RunStatus.COMPLETED:
            self.flush()
        if self.run.status is RunStatus.AWAITING and new is RunStatus.IN_PROGRESS:
            # The SDK keeps the old await_request forever, which is what lets a
            # completed run be "resumed"; we clear it once answered.
            self.run.await_request = None
        self.run.status = new
        if error is not None:
            self.run.error = error
        if new.is_terminal:
            self.run.finished_at = utc_now()
        self._announce(new)

    def await_input(self, request: MessageAwaitRequest) -> None:
        """The agent asks the client for input: the run becomes ``awaiting``."""
        message = request.message
        if message.role != self.role:
            request = request.model_copy(
                update={"message": message.model_copy(update={"role": self.role})}
            )
        check_transition(self.run.status, RunStatus.AWAITING)
        self.run.await_request = request
        self.transition(RunStatus.AWAITING)  # re-encodes the snapshot

    # -- output ----------------------------------------------------------

    def _check_emitting(self) -> None:
        if self.run.status not in _EMITTING:
            raise RunStateError(f"a {self.run.status.value} run cannot emit output")

    def part(self, part: MessagePart) -> None:
        """Append a part to the open message, opening one if needed."""
        self._check_emitting()
        self._snapshot = None
        if self._open is None:
            self._open = Message(role=self.role, parts=[], completed_at=None)
            self.run.output.append(self._open)
            self.events.append(_event(b"message.created", b"message", self._open))
        self._open.parts.append(part)
        self.events.append(_event(b"message.part", b"part", part))

    def message(self, message: Message) -> None:
        """Emit a whole message (closing any open one first)."""
        self._check_emitting()
        self.flush()
        self._snapshot = None
        if message.role != self.role:
            message = message.model_copy(update={"role": self.role})
        if message.completed_at is None:
            message = message.model_copy(update={"completed_at": utc_now()})
        self.run.output.append(message)
        self.events.append(_event(b"message.created", b"message", message))
        for part in message.parts:
            self.events.append(_event(b"message.part", b"part", part))
        self.events.append(_event(b"message.completed", b"message", message))

    def flush(self) -> None:
        """Close the open message, if any (the SDK's ``yield None``)."""
        if self._open is not None:
            self._snapshot = None
            self._open.completed_at = utc_now()
            self.events.append(_event(b"message.completed", b"message", self._open))
            self._open = None

    def generic(self, payload: dict[str, Any]) -> None:
        """A free-form event (thoughts, progress): ``{"type":"generic","generic":{...}}``."""
        self._check_emitting()
        self.events.append(GenericEvent(generic=payload).to_json())
