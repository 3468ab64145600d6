"""A2A 0.3 <-> 1.0 conversions, both directions, for every operation 0.3 has."""

from __future__ import annotations

from typing import Any

import pytest

from a2a.compat import v03
from a2a.errors import InvalidParamsError, MethodNotFoundError, UnsupportedOperationError
from a2a.operations import OPERATIONS, OPERATIONS_BY_METHOD
from a2a.types import (
    A2AModel,
    AgentCard,
    AuthenticationInfo,
    CancelTaskRequest,
    DeleteTaskPushNotificationConfigRequest,
    Empty,
    GetExtendedAgentCardRequest,
    GetTaskPushNotificationConfigRequest,
    GetTaskRequest,
    ListTaskPushNotificationConfigsRequest,
    ListTaskPushNotificationConfigsResponse,
    Message,
    Part,
    SendMessageConfiguration,
    SendMessageRequest,
    SendMessageResponse,
    StreamResponse,
    SubscribeToTaskRequest,
    Task,
    TaskArtifactUpdateEvent,
    TaskPushNotificationConfig,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
)

OP = OPERATIONS_BY_METHOD

# --- golden 0.3 JSON (as the 0.3 specification and a2a-sdk 0.3 write it)

MESSAGE_03: dict[str, Any] = {
    "kind": "message",
    "messageId": "m1",
    "role": "user",
    "contextId": "c1",
    "taskId": "t1",
    "parts": [
        {"kind": "text", "text": "hello", "metadata": {"k": 1}},
        {"kind": "file", "file": {"bytes": "aGk=", "mimeType": "text/plain", "name": "a.txt"}},
        {"kind": "file", "file": {"uri": "https://x.test/f.pdf", "mimeType": "application/pdf"}},
        {"kind": "data", "data": {"answer": 42}},
    ],
    "referenceTaskIds": ["t0"],
    "extensions": ["urn:e"],
    "metadata": {"trace": "z"},
}

TASK_03: dict[str, Any] = {
    "kind": "task",
    "id": "t1",
    "contextId": "c1",
    "status": {
        "state": "input-required",
        "message": {
            "kind": "message", "messageId": "m2", "role": "agent",
            "parts": [{"kind": "text", "text": "name?"}],
        },
        "timestamp": "2025-07-30T10:00:00.123Z",
    },
    "artifacts": [{"artifactId": "a1", "name": "out", "parts": [{"kind": "text", "text": "x"}]}],
    "history": [MESSAGE_03],
    "metadata": {"m": True},
}  # fmt: skip

STATUS_03: dict[str, Any] = {
    "kind": "status-update",
    "taskId": "t1",
    "contextId": "c1",
    "status": {"state": "completed"},
    "final": True,
}

ARTIFACT_03: dict[str, Any] = {
    "kind": "artifact-update",
    "taskId": "t1",
    "contextId": "c1",
    "artifact": {"artifactId": "a1", "parts": [{"kind": "text", "text": "more"}]},
    "append": True,
    "lastChunk": True,
}

PUSH_03: dict[str, Any] = {
    "taskId": "t1",
    "pushNotificationConfig": {
        "id": "p1",
        "url": "https://hook.test/a2a",
        "token": "tok",
        "authentication": {"schemes": ["Bearer"], "credentials": "secret"},
    },
}


def test_message_both_ways() -> None:
    message = v03.message_from_v03(MESSAGE_03)
    assert message.role.value == "ROLE_USER"
    kinds = [p.kind for p in message.parts]
    assert kinds == ["text", "raw", "url", "data"]
    assert message.parts[1].raw == b"hi"
    assert (message.parts[1].media_type, message.parts[1].filename) == ("text/plain", "a.txt")
    assert v03.message_to_v03(message) == MESSAGE_03


def test_task_both_ways() -> None:
    task = v03.task_from_v03(TASK_03)
    assert task.status.state is TaskState.TASK_STATE_INPUT_REQUIRED
    assert task.status.timestamp is not None
    assert v03.task_to_v03(task) == TASK_03


def test_events_both_ways() -> None:
    status = v03.event_from_v03(STATUS_03)
    assert isinstance(status, TaskStatusUpdateEvent)
    assert v03.event_to_v03(status) == STATUS_03
    artifact = v03.event_from_v03(ARTIFACT_03)
    assert isinstance(artifact, TaskArtifactUpdateEvent)
    assert (artifact.append, artifact.last_chunk) == (True, True)
    assert v03.event_to_v03(artifact) == ARTIFACT_03
    assert isinstance(v03.event_from_v03(MESSAGE_03), Message)
    assert isinstance(v03.event_from_v03(TASK_03), Task)


@pytest.mark.parametrize(
    ("state", "final"),
    [
        ("TASK_STATE_WORKING", False),
        ("TASK_STATE_INPUT_REQUIRED", True),
        ("TASK_STATE_AUTH_REQUIRED", True),
        ("TASK_STATE_CANCELED", True),
    ],
)
def test_final_marks_where_a_10_stream_would_end(state: str, final: bool) -> None:
    event = TaskStatusUpdateEvent(
        task_id="t", context_id="c", status=TaskStatus.model_validate({"state": state})
    )
    assert v03.event_to_v03(event)["final"] is final
    assert v03.event_to_v03(event, final=False)["final"] is False


def test_kind_may_be_missing() -> None:
    untagged = {k: v for k, v in STATUS_03.items() if k != "kind"}
    assert isinstance(v03.event_from_v03(untagged), TaskStatusUpdateEvent)
    untagged_part = {"text": "plain"}
    assert v03.part_from_v03(untagged_part).text == "plain"


def test_every_state_and_role_round_trips() -> None:
    for state in TaskState:
        assert v03.state_from_v03(v03.state_to_v03(state)) is state
    with pytest.raises(ValueError, match="task state"):
        v03.state_from_v03("TASK_STATE_WORKING")
    with pytest.raises(ValueError, match="role"):
        v03.role_from_v03("system")


def test_lossy_corners_are_explicit() -> None:
    assert v03.part_to_v03(Part.from_data([1, 2])) == {"kind": "data", "data": {"value": [1, 2]}}
    assert v03.part_to_v03(Part.from_text("t", media_type="text/markdown")) == {
        "kind": "text",
        "text": "t",
    }
    two = {**PUSH_03["pushNotificationConfig"], "authentication": {"schemes": ["Basic", "Bearer"]}}
    config = v03.push_config_from_v03({"taskId": "t", "pushNotificationConfig": two})
    assert config.authentication == AuthenticationInfo(scheme="Basic")


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "video"},
        {"kind": "file", "file": "nope"},
        {"kind": "file", "file": {"uri": 5}},
        {"kind": "data"},
        {"kind": "text", "text": None},
    ],
)
def test_malformed_parts(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case fails differently
        v03.part_from_v03(bad)


# --- every operation, both directions

TASK = v03.task_from_v03(TASK_03)
PUSH = TaskPushNotificationConfig(
    task_id="t1",
    id="p1",
    url="https://hook.test/a2a",
    token="tok",
    authentication=AuthenticationInfo(scheme="Bearer", credentials="secret"),
)
SEND = SendMessageRequest(
    message=v03.message_from_v03(MESSAGE_03),
    configuration=SendMessageConfiguration(
        accepted_output_modes=["text/plain"],
        history_length=2,
        return_immediately=True,
        task_push_notification_config=PUSH.model_copy(update={"task_id": ""}),
    ),
    metadata={"x": 1},
)
CARD = AgentCard.model_validate(
    {
        "name": "n", "description": "d", "version": "1",
        "supportedInterfaces": [
            {"url": "http://h/rpc", "protocolBinding": "JSONRPC", "protocolVersion": "0.3"}
        ],
        "capabilities": {"streaming": True, "extendedAgentCard": True},
        "defaultInputModes": ["text/plain"], "defaultOutputModes": ["text/plain"],
        "skills": [{"id": "s", "name": "s", "description": "d", "tags": ["t"]}],
    }
)  # fmt: skip

CASES: dict[str, tuple[A2AModel, A2AModel]] = {
    "SendMessage": (SEND, SendMessageResponse(task=TASK)),
    "SendStreamingMessage": (SEND, StreamResponse(artifact_update=v03.event_from_v03(ARTIFACT_03))),  # type: ignore[arg-type]
    "GetTask": (GetTaskRequest(id="t1", history_length=0), TASK),
    "CancelTask": (CancelTaskRequest(id="t1", metadata={"why": "x"}), TASK),
    "SubscribeToTask": (SubscribeToTaskRequest(id="t1"), StreamResponse(task=TASK)),
    "CreateTaskPushNotificationConfig": (PUSH, PUSH),
    "GetTaskPushNotificationConfig": (
        GetTaskPushNotificationConfigRequest(task_id="t1", id="p1"), PUSH
    ),
    "ListTaskPushNotificationConfigs": (
        ListTaskPushNotificationConfigsRequest(task_id="t1"),
        ListTaskPushNotificationConfigsResponse(configs=[PUSH]),
    ),
    "DeleteTaskPushNotificationConfig": (
        DeleteTaskPushNotificationConfigRequest(task_id="t1", id="p1"), Empty()
    ),
    "GetExtendedAgentCard": (GetExtendedAgentCardRequest(), CARD),
}  # fmt: skip


def test_the_table_covers_every_operation_0_3_has() -> None:
    assert set(v03.V03_OPERATIONS) == {op.method for op in OPERATIONS if op.legacy_method}
    assert set(CASES) == set(v03.V03_OPERATIONS)


@pytest.mark.parametrize("method", sorted(CASES))
def test_requests_round_trip(method: str) -> None:
    op = OP[method]
    request, _ = CASES[method]
    params = v03.request_to_v03(op, request)
    assert v03.request_from_v03(op, params) == request
    assert v03.operation_for(v03.legacy_method(op)) is op


@pytest.mark.parametrize("method", sorted(CASES))
def test_responses_round_trip(method: str) -> None:
    op = OP[method]
    _, response = CASES[method]
    result = v03.response_to_v03(op, response)
    assert v03.response_from_v03(op, result) == response


def test_request_shapes_on_the_wire() -> None:
    params = v03.request_to_v03(OP["SendMessage"], SEND)
    assert params["configuration"]["blocking"] is False
    assert params["configuration"]["pushNotificationConfig"]["authentication"] == {
        "schemes": ["Bearer"],
        "credentials": "secret",
    }
    ids = GetTaskPushNotificationConfigRequest(task_id="t1", id="p1")
    assert v03.request_to_v03(OP["GetTaskPushNotificationConfig"], ids) == {
        "id": "t1",
        "pushNotificationConfigId": "p1",
    }
    assert v03.response_to_v03(OP["DeleteTaskPushNotificationConfig"], Empty()) is None
    listed = v03.response_to_v03(
        OP["ListTaskPushNotificationConfigs"],
        ListTaskPushNotificationConfigsResponse(configs=[PUSH]),
    )
    assert listed == [PUSH_03]
    assert v03.response_to_v03(OP["SendMessage"], SendMessageResponse(task=TASK)) == TASK_03


def test_blocking_defaults_and_inversion() -> None:
    op = OP["SendMessage"]
    bare = v03.request_from_v03(op, {"message": MESSAGE_03})
    assert isinstance(bare, SendMessageRequest)
    assert bare.configuration is None
    blocking = v03.request_from_v03(
        op, {"message": MESSAGE_03, "configuration": {"blocking": True}}
    )
    assert isinstance(blocking, SendMessageRequest)
    assert blocking.configuration is not None
    assert blocking.configuration.return_immediately is False


def test_push_get_without_config_id_means_the_default_config() -> None:
    request = v03.request_from_v03(OP["GetTaskPushNotificationConfig"], {"id": "t1"})
    assert request == GetTaskPushNotificationConfigRequest(task_id="t1", id="t1")


@pytest.mark.parametrize(
    ("method", "params", "field"),
    [
        ("SendMessage", [], "params"),
        ("SendMessage", {}, "params"),
        ("SendMessage", {"message": {"messageId": "m", "role": "robot", "parts": []}}, "params"),
        ("SendMessage", {"message": {"role": "user", "parts": [{"kind": "text", "text": "x"}]}},
         "message.messageId"),
        ("GetTask", {}, "id"),
        ("GetTask", {"id": "t", "historyLength": "many"}, "historyLength"),
        ("CreateTaskPushNotificationConfig", {"taskId": "t", "pushNotificationConfig": {}}, "url"),
    ],
)  # fmt: skip
def test_bad_params_name_the_field(method: str, params: Any, field: str) -> None:
    with pytest.raises(InvalidParamsError) as caught:
        v03.request_from_v03(OP[method], params)
    assert field in [f for f, _ in caught.value.field_violations]


def test_operations_0_3_lacks() -> None:
    with pytest.raises(UnsupportedOperationError):
        v03.legacy_method(OP["ListTasks"])
    with pytest.raises(UnsupportedOperationError):
        v03.request_to_v03(OP["ListTasks"], GetTaskRequest(id="x"))
    with pytest.raises(MethodNotFoundError):
        v03.operation_for("tasks/list")


def test_malformed_results() -> None:
    with pytest.raises(ValueError, match="task or a message"):
        v03.response_from_v03(OP["SendMessage"], STATUS_03)
    with pytest.raises(ValueError, match="array"):
        v03.response_from_v03(OP["ListTaskPushNotificationConfigs"], {"configs": []})
    with pytest.raises(ValueError, match="object"):
        v03.response_from_v03(OP["GetTask"], "t1")
