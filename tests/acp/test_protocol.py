"""The no-I/O core: state table, run log, routes and validation."""

from __future__ import annotations

import itertools
import uuid

import pytest

from acp.errors import InvalidInputError, RunStateError
from acp.protocol import (
    ENDPOINTS,
    PAUSED,
    TRANSITIONS,
    RunLog,
    can_transition,
    check_session,
    check_transition,
    endpoint,
    parse_body,
    parse_uuid,
    path_for,
    sse_frame,
)
from acp.types import (
    Error,
    Message,
    MessageAwaitRequest,
    MessagePart,
    Run,
    RunCreateRequest,
    RunStatus,
    Session,
    parse_event,
)

S = RunStatus
LEGAL = {
    (None, S.CREATED),
    (S.CREATED, S.IN_PROGRESS), (S.CREATED, S.CANCELLING), (S.CREATED, S.FAILED),
    (S.IN_PROGRESS, S.AWAITING), (S.IN_PROGRESS, S.COMPLETED), (S.IN_PROGRESS, S.FAILED),
    (S.IN_PROGRESS, S.CANCELLING),
    (S.AWAITING, S.IN_PROGRESS), (S.AWAITING, S.FAILED), (S.AWAITING, S.CANCELLING),
    (S.CANCELLING, S.CANCELLED), (S.CANCELLING, S.FAILED),
}  # fmt: skip


@pytest.mark.parametrize(("current", "new"), list(itertools.product([None, *S], S)))
def test_state_table_is_exactly_the_documented_one(current: S | None, new: S) -> None:
    assert can_transition(current, new) == ((current, new) in LEGAL)
    if (current, new) in LEGAL:
        check_transition(current, new)
    else:
        with pytest.raises(RunStateError):
            check_transition(current, new)


def test_terminal_states_are_final_and_paused() -> None:
    for status in S:
        assert (TRANSITIONS[status] == frozenset()) == status.is_terminal
    assert {S.AWAITING, S.COMPLETED, S.FAILED, S.CANCELLED} == PAUSED


def _types(log: RunLog) -> list[str]:
    return [parse_event(e).type for e in log.events]


def test_run_log_streamed_parts_then_completion() -> None:
    log = RunLog(Run(agent_name="a"))
    log.transition(S.IN_PROGRESS)
    log.part(MessagePart(content="x"))
    log.part(MessagePart(content="y"))
    log.generic({"k": 1})
    log.transition(S.COMPLETED)
    assert _types(log) == [
        "run.created", "run.in-progress", "message.created", "message.part", "message.part",
        "generic", "message.completed", "run.completed",
    ]  # fmt: skip
    created = parse_event(log.events[2])
    assert created.message.parts == []
    assert created.message.completed_at is None
    assert log.run.output[0].completed_at is not None
    assert log.run.finished_at is not None
    assert log.paused
    assert parse_event(log.events[-1]).run.output[0].parts[1].content == "y"  # type: ignore[union-attr]
    assert log.events_json().startswith(b'{"events":[{"type":"run.created"')
    with pytest.raises(RunStateError):
        log.part(MessagePart(content="late"))


def test_run_log_whole_messages_get_the_agent_role() -> None:
    log = RunLog(Run(agent_name="a"))
    log.transition(S.IN_PROGRESS)
    log.part(MessagePart(content="open"))
    log.message(Message(role="user", parts=[MessagePart(content="m")], completed_at=None))
    log.flush()
    roles = {
        parse_event(e).message.role  # type: ignore[union-attr]
        for e in log.events
        if b'"message.created"' in e or b'"message.completed"' in e
    }
    assert roles == {"agent/a"}
    assert [m.role for m in log.run.output] == ["agent/a", "agent/a"]
    assert log.run.output[1].completed_at is not None


def test_run_log_await_resume_fail_and_cancel() -> None:
    log = RunLog(Run(agent_name="a"))
    log.transition(S.IN_PROGRESS)
    log.await_input(MessageAwaitRequest(message=Message.user("q?")))
    assert log.run.await_request is not None
    assert log.run.await_request.message.role == "agent/a"
    assert log.paused
    log.transition(S.IN_PROGRESS)
    assert log.run.await_request is None
    log.transition(S.CANCELLING)
    assert _types(log)[-1] == "run.in-progress"  # cancelling has no event
    log.transition(S.FAILED, error=Error(code="server_error", message="m"))
    assert log.run.error is not None
    assert _types(log)[-1] == "run.failed"
    with pytest.raises(RunStateError):
        log.transition(S.IN_PROGRESS)
    with pytest.raises(RunStateError):
        RunLog(Run(agent_name="a", status=S.COMPLETED))


def test_snapshots_are_cached_until_a_change_and_frozen_at_the_end() -> None:
    log = RunLog(Run(agent_name="a"))
    first = log.run_json()
    assert log.run_json() is first
    with pytest.raises(RunStateError):
        log.freeze()
    log.transition(S.IN_PROGRESS)
    log.part(MessagePart(content="x"))
    assert b'"content":"x"' in log.run_json()
    log.transition(S.COMPLETED)
    done = log.run_json()
    log.freeze()
    assert log.run_json() == done
    assert log.run.output == []
    assert log.status is S.COMPLETED


def test_sse_frame() -> None:
    assert sse_frame(b'{"a":1}') == b'data: {"a":1}\n\n'


def test_routes_are_declared_once_and_paths_are_encoded() -> None:
    assert len({(e.method, e.path) for e in ENDPOINTS}) == len(ENDPOINTS)
    assert endpoint("resume_run").method == "POST"
    assert path_for("read_agent", name="a/b c") == "agents/a%2Fb%20c"
    assert path_for("ping") == "ping"
    with pytest.raises(ValueError, match="missing"):
        path_for("read_run")


def test_validation() -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_body(RunCreateRequest, b'{"agent_name": 3, "input": [{"role": "bot"}]}')
    locs = {e["loc"] for e in info.value.data["errors"]}  # type: ignore[index]
    assert {"agent_name", "input[0].role"} <= locs
    many = b'{"input":[' + b",".join([b'{"role":"x"}'] * 8) + b"]}"
    with pytest.raises(InvalidInputError, match="more"):
        parse_body(RunCreateRequest, many)
    with pytest.raises(InvalidInputError):
        parse_uuid("nope", "run_id")
    sid = uuid.uuid4()
    assert parse_uuid(str(sid), "x") == sid
    both = RunCreateRequest(agent_name="a", input=[], session_id=sid, session=Session(id=sid))
    assert check_session(both) == sid
    with pytest.raises(InvalidInputError) as mismatch:
        check_session(RunCreateRequest(agent_name="a", input=[], session_id=sid, session=Session()))
    assert mismatch.value.http_status == 400
    assert check_session(RunCreateRequest(agent_name="a", input=[])) is None
