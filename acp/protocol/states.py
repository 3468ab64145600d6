"""The run state table (ACP spec "Run lifecycle", with the SDK's gaps closed).

``None`` is the state of a run that does not exist yet.  Differences from
acp-sdk 1.0.3, each a documented SDK bug (``spec/acp.md``):

* terminal states are final: a completed run can never be resumed;
* ``cancelling`` is a stored state, left only for ``cancelled`` (or
  ``failed`` when the agent errors while being cancelled);
* ``awaiting`` may move to ``failed``: an await that times out fails the run.
"""

from __future__ import annotations

from acp.errors import RunStateError
from acp.types import RunStatus

__all__ = ["EVENT_TYPES", "PAUSED", "TRANSITIONS", "can_transition", "check_transition"]

S = RunStatus

TRANSITIONS: dict[RunStatus | None, frozenset[RunStatus]] = {
    None: frozenset({S.CREATED}),
    S.CREATED: frozenset({S.IN_PROGRESS, S.CANCELLING, S.FAILED}),
    S.IN_PROGRESS: frozenset({S.AWAITING, S.COMPLETED, S.FAILED, S.CANCELLING}),
    S.AWAITING: frozenset({S.IN_PROGRESS, S.FAILED, S.CANCELLING}),
    S.CANCELLING: frozenset({S.CANCELLED, S.FAILED}),
    S.COMPLETED: frozenset(),
    S.FAILED: frozenset(),
    S.CANCELLED: frozenset(),
}

#: The event each status is announced with; ``cancelling`` has none on the wire
#: (no SDK client could parse one).
EVENT_TYPES: dict[RunStatus, str | None] = {
    S.CREATED: "run.created",
    S.IN_PROGRESS: "run.in-progress",
    S.AWAITING: "run.awaiting",
    S.CANCELLING: None,
    S.COMPLETED: "run.completed",
    S.FAILED: "run.failed",
    S.CANCELLED: "run.cancelled",
}

#: Statuses at which ``sync`` responses return and streams close.
PAUSED = frozenset({S.AWAITING, S.COMPLETED, S.FAILED, S.CANCELLED})


def can_transition(current: RunStatus | None, new: RunStatus) -> bool:
    """Whether a run in ``current`` may move to ``new``."""
    return new in TRANSITIONS[current]


def check_transition(current: RunStatus | None, new: RunStatus) -> None:
    """Raise :class:`RunStateError` unless ``current`` -> ``new`` is legal."""
    if new not in TRANSITIONS[current]:
        where = current.value if current is not None else "(new run)"
        raise RunStateError(f"illegal run transition {where} -> {new.value}")
