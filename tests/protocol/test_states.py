"""The task state table, checked pair by pair against the spec's rules (A2A §4.1.3)."""

from __future__ import annotations

import itertools

import pytest

from a2a.errors import TaskStateError
from a2a.protocol import TRANSITIONS, can_transition, check_transition
from a2a.types import TaskState

S = TaskState
CURRENT: list[TaskState | None] = [None, *TaskState]


def allowed_by_the_spec(current: TaskState | None, new: TaskState) -> bool:
    """The rules from the spec text, written independently of the table.

    * UNSPECIFIED is never a state to move to, and a task in it cannot move.
    * A new task may start in any state.
    * Terminal states (completed, failed, canceled, rejected) are final.
    * Nothing returns to SUBMITTED; any other move from a live state is allowed
      (interrupted states resume in WORKING or end, and may repeat).
    """
    if new is S.TASK_STATE_UNSPECIFIED:
        return False
    if current is None:
        return True
    if current is S.TASK_STATE_UNSPECIFIED or current.is_terminal:
        return False
    return new is not S.TASK_STATE_SUBMITTED


@pytest.mark.parametrize(
    ("current", "new"),
    list(itertools.product(CURRENT, TaskState)),
    ids=lambda s: s.name.removeprefix("TASK_STATE_") if isinstance(s, TaskState) else "NEW",
)
def test_every_pair(current: TaskState | None, new: TaskState) -> None:
    expected = allowed_by_the_spec(current, new)
    assert can_transition(current, new) is expected
    if expected:
        check_transition(current, new)
    else:
        with pytest.raises(TaskStateError, match="illegal task transition") as info:
            check_transition(current, new)
        where = current.value if current is not None else "(new task)"
        assert info.value.message == f"illegal task transition {where} -> {new.value}"


def test_the_table_lists_every_state_but_unspecified() -> None:
    assert set(TRANSITIONS) == {None, *TaskState} - {S.TASK_STATE_UNSPECIFIED}
    for state in TaskState:
        if state.is_terminal:
            assert TRANSITIONS[state] == frozenset()
