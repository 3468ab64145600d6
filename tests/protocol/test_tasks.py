"""Folding events into tasks, history limits and message targeting (A2A §3.2, §3.4, §4.2)."""

from __future__ import annotations

import pytest

from a2a.errors import InvalidParamsError, TaskStateError, UnsupportedOperationError
from a2a.protocol import (
    apply_artifact,
    apply_event,
    apply_status,
    check_history_length,
    check_message_target,
    limit_history,
    without_artifacts,
)
from a2a.types import (
    Artifact,
    Message,
    Part,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
)

S = TaskState


def task(state: TaskState = S.TASK_STATE_WORKING, **extra: object) -> Task:
    return Task(id="t", context_id="c", status=TaskStatus(state=state), **extra)  # type: ignore[arg-type]


def status_event(state: TaskState, message: Message | None = None) -> TaskStatusUpdateEvent:
    return TaskStatusUpdateEvent(
        task_id="t", context_id="c", status=TaskStatus(state=state, message=message)
    )


def artifact_event(
    artifact_id: str, *texts: str, append: bool = False, last_chunk: bool = False, **meta: object
) -> TaskArtifactUpdateEvent:
    return TaskArtifactUpdateEvent(
        task_id="t",
        context_id="c",
        artifact=Artifact(
            artifact_id=artifact_id,
            parts=[Part(text=t) for t in texts],
            metadata=dict(meta) or None,
        ),
        append=append,
        last_chunk=last_chunk,
    )


# --------------------------------------------------------------------------
# Status


def test_status_update_moves_the_previous_message_into_history() -> None:
    first = Message.agent("working on it")
    second = Message.agent("need input")
    current = task()
    apply_status(current, status_event(S.TASK_STATE_WORKING, first))
    assert current.history == []
    apply_status(current, status_event(S.TASK_STATE_INPUT_REQUIRED, second))
    assert current.status.state is S.TASK_STATE_INPUT_REQUIRED
    assert current.status.message == second
    assert current.history == [first]  # the current message is never listed twice


def test_status_update_checks_transitions_unless_asked_not_to() -> None:
    done = task(S.TASK_STATE_COMPLETED)
    with pytest.raises(TaskStateError):
        apply_status(done, status_event(S.TASK_STATE_WORKING))
    assert done.status.state is S.TASK_STATE_COMPLETED
    apply_status(done, status_event(S.TASK_STATE_WORKING), check=False)
    assert done.status.state is S.TASK_STATE_WORKING


# --------------------------------------------------------------------------
# Artifacts: new, replace, append, lastChunk


def test_a_new_artifact_is_added() -> None:
    current = task()
    stored = apply_artifact(current, artifact_event("a", "one"))
    apply_artifact(current, artifact_event("b", "two"))
    assert [a.artifact_id for a in current.artifacts] == ["a", "b"]
    assert stored is current.artifacts[0]


def test_without_append_an_artifact_with_the_same_id_is_replaced() -> None:
    current = task()
    apply_artifact(current, artifact_event("a", "old", k="v"))
    apply_artifact(current, artifact_event("b", "other"))
    apply_artifact(current, artifact_event("a", "new"))
    assert [(a.artifact_id, a.text) for a in current.artifacts] == [("a", "new"), ("b", "other")]
    assert current.artifacts[0].metadata is None


def test_append_extends_the_parts_and_merges_metadata() -> None:
    current = task()
    apply_artifact(current, artifact_event("a", "Hel", first="1", shared="old"))
    original = current.artifacts[0]
    apply_artifact(current, artifact_event("a", "lo", append=True))
    merged = apply_artifact(
        current, artifact_event("a", ", ", "world", append=True, last_chunk=True, shared="new")
    )
    assert [p.text for p in merged.parts] == ["Hel", "lo", ", ", "world"]
    assert merged.text == "Hello, world"
    assert merged.metadata == {"first": "1", "shared": "new"}
    assert current.artifacts == [merged]
    assert original.text == "Hel"  # the stored artifact was copied, not mutated


def test_append_to_an_unknown_artifact_starts_it() -> None:
    current = task()
    apply_artifact(current, artifact_event("a", "x", append=True))
    assert [a.text for a in current.artifacts] == ["x"]


def test_append_without_metadata_keeps_the_existing_metadata() -> None:
    current = task()
    apply_artifact(current, artifact_event("a", "x", k="v"))
    apply_artifact(current, artifact_event("a", "y", append=True))
    assert current.artifacts[0].metadata == {"k": "v"}


def test_last_chunk_does_not_change_how_chunks_fold() -> None:
    with_flag, without_flag = task(), task()
    for flag, target in ((True, with_flag), (False, without_flag)):
        apply_artifact(target, artifact_event("a", "1"))
        apply_artifact(target, artifact_event("a", "2", append=True, last_chunk=flag))
    assert with_flag.artifacts == without_flag.artifacts


# --------------------------------------------------------------------------
# apply_event


def test_apply_event_folds_every_kind_of_stream_event() -> None:
    current = task(S.TASK_STATE_SUBMITTED)
    user = Message.user("hi")
    assert apply_event(current, user) is current
    assert current.history == [user]
    apply_event(current, status_event(S.TASK_STATE_WORKING))
    apply_event(current, artifact_event("a", "x"))
    apply_event(current, artifact_event("a", "y", append=True, last_chunk=True))
    assert current.artifacts[0].text == "xy"
    # Status events from a peer are folded without the state check.
    apply_event(current, status_event(S.TASK_STATE_COMPLETED))
    apply_event(current, status_event(S.TASK_STATE_WORKING))
    assert current.status.state is S.TASK_STATE_WORKING
    snapshot = task(S.TASK_STATE_FAILED)
    assert apply_event(current, snapshot) is snapshot


# --------------------------------------------------------------------------
# History and artifacts in responses


HISTORY = [Message.user(str(i)) for i in range(5)]


@pytest.mark.parametrize(
    ("length", "kept"),
    [(None, 5), (0, 0), (1, 1), (3, 3), (5, 5), (6, 5), (2**31 - 1, 5)],
)
def test_limit_history_keeps_the_most_recent(length: int | None, kept: int) -> None:
    full = task(history=list(HISTORY))
    limited = limit_history(full, length)
    assert limited.history == HISTORY[len(HISTORY) - kept :]
    assert full.history == HISTORY  # never mutated
    assert (limited is full) is (kept == 5)
    if length == 0:
        assert "history" not in limited.to_dict()


def test_limit_history_of_an_empty_history() -> None:
    empty = task()
    assert limit_history(empty, 0) is empty


def test_without_artifacts() -> None:
    full = task(artifacts=[Artifact(artifact_id="a", parts=[Part(text="x")])])
    stripped = without_artifacts(full)
    assert stripped.artifacts == []
    assert "artifacts" not in stripped.to_dict()
    assert len(full.artifacts) == 1
    bare = task()
    assert without_artifacts(bare) is bare


@pytest.mark.parametrize("length", [None, 0, 1, 2**31 - 1])
def test_history_length_zero_or_more_is_fine(length: int | None) -> None:
    check_history_length(length)


@pytest.mark.parametrize("length", [-1, -(2**31)])
def test_negative_history_length_is_invalid_params(length: int) -> None:
    with pytest.raises(InvalidParamsError) as info:
        check_history_length(length)
    assert info.value.field_violations == [("historyLength", "must be zero or a positive number")]


# --------------------------------------------------------------------------
# check_message_target


def test_a_message_for_no_existing_task_passes() -> None:
    check_message_target(Message.user("x", context_id="anything"), None)


@pytest.mark.parametrize("state", [s for s in TaskState if s.is_terminal])
def test_a_terminal_task_takes_no_more_messages(state: TaskState) -> None:
    with pytest.raises(UnsupportedOperationError) as info:
        check_message_target(Message.user("x", task_id="t"), task(state))
    assert info.value.metadata == {"taskId": "t", "state": state.value}


@pytest.mark.parametrize(
    "state",
    [
        S.TASK_STATE_SUBMITTED,
        S.TASK_STATE_WORKING,
        S.TASK_STATE_INPUT_REQUIRED,
        S.TASK_STATE_AUTH_REQUIRED,
    ],
)
def test_a_live_task_takes_messages_in_its_context_or_without_one(state: TaskState) -> None:
    check_message_target(Message.user("x", task_id="t", context_id="c"), task(state))
    check_message_target(Message.user("x", task_id="t"), task(state))


def test_a_different_context_is_invalid_params() -> None:
    with pytest.raises(InvalidParamsError) as info:
        check_message_target(Message.user("x", task_id="t", context_id="other"), task())
    assert info.value.field_violations == [
        ("message.contextId", "does not match the task's contextId")
    ]


def test_a_task_without_context_accepts_any_context() -> None:
    contextless = Task(id="t", status=TaskStatus(state=S.TASK_STATE_WORKING))
    check_message_target(Message.user("x", context_id="c9"), contextless)
