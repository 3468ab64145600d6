"""The task state table (A2A §4.1.3 and the life-of-a-task notes).

The spec gives no normative table; this one follows its text: nothing returns
to SUBMITTED, terminal states are final, interrupted states wait for the client
and resume in WORKING.  ``None`` is the state of a task that does not exist yet.
"""

from __future__ import annotations

from a2a.errors import TaskStateError
from a2a.types import TaskState

__all__ = ["TRANSITIONS", "can_transition", "check_transition"]

S = TaskState
_END = frozenset({S.TASK_STATE_COMPLETED, S.TASK_STATE_FAILED, S.TASK_STATE_CANCELED})

TRANSITIONS: dict[TaskState | None, frozenset[TaskState]] = {
    None: frozenset({S.TASK_STATE_SUBMITTED, S.TASK_STATE_WORKING, S.TASK_STATE_REJECTED})
    | _END
    | {S.TASK_STATE_INPUT_REQUIRED, S.TASK_STATE_AUTH_REQUIRED},
    S.TASK_STATE_SUBMITTED: frozenset(
        {S.TASK_STATE_WORKING, S.TASK_STATE_REJECTED, S.TASK_STATE_INPUT_REQUIRED,
         S.TASK_STATE_AUTH_REQUIRED}
    ) | _END,
    S.TASK_STATE_WORKING: frozenset(
        {S.TASK_STATE_WORKING, S.TASK_STATE_REJECTED, S.TASK_STATE_INPUT_REQUIRED,
         S.TASK_STATE_AUTH_REQUIRED}
    ) | _END,
    S.TASK_STATE_INPUT_REQUIRED: frozenset(
        {S.TASK_STATE_WORKING, S.TASK_STATE_INPUT_REQUIRED, S.TASK_STATE_AUTH_REQUIRED,
         S.TASK_STATE_REJECTED}
    ) | _END,
    S.TASK_STATE_AUTH_REQUIRED: frozenset(
        {S.TASK_STATE_WORKING, S.TASK_STATE_AUTH_REQUIRED, S.TASK_STATE_INPUT_REQUIRED,
         S.TASK_STATE_REJECTED}
    ) | _END,
    S.TASK_STATE_COMPLETED: frozenset(),
    S.TASK_STATE_FAILED: frozenset(),
    S.TASK_STATE_CANCELED: frozenset(),
    S.TASK_STATE_REJECTED: frozenset(),
}  # fmt: skip


def can_transition(current: TaskState | None, new: TaskState) -> bool:
    """Whether a task in ``current`` may move to ``new``."""
    return new in TRANSITIONS.get(current, frozenset())


def check_transition(current: TaskState | None, new: TaskState) -> None:
    """Raise :class:`TaskStateError` unless ``current`` → ``new`` is legal."""
    if new not in TRANSITIONS.get(current, frozenset()):
        where = current.value if current is not None else "(new task)"
        raise TaskStateError(f"illegal task transition {where} -> {new.value}")
