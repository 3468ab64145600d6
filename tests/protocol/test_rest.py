"""HTTP+JSON routing (A2A §11): route table, path parameters, query parsing, round trips."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from a2a.errors import HTTPMethodNotAllowedError, InvalidParamsError, MethodNotFoundError
from a2a.operations import OPERATIONS, OPERATIONS_BY_METHOD, Operation
from a2a.protocol import RouteMatch, build_request, match_route, rest_path, rest_query
from a2a.types import (
    A2AModel,
    AgentSkill,
    AuthenticationInfo,
    CancelTaskRequest,
    DeleteTaskPushNotificationConfigRequest,
    GetExtendedAgentCardRequest,
    GetTaskPushNotificationConfigRequest,
    GetTaskRequest,
    ListTaskPushNotificationConfigsRequest,
    ListTasksRequest,
    Message,
    SendMessageConfiguration,
    SendMessageRequest,
    SubscribeToTaskRequest,
    TaskPushNotificationConfig,
    TaskState,
)

ODD_ID = "a/b:c d%ü"  # needs percent-encoding: "/", ":", space, "%", non-ASCII
STAMP = datetime(2025, 5, 6, 7, 8, 9, 123000, tzinfo=timezone.utc)

#: A request with every field set, per operation (path parameters hold odd ids).
SAMPLES: dict[str, A2AModel] = {
    "SendMessage": SendMessageRequest(
        message=Message.user("hi", task_id="t1"),
        configuration=SendMessageConfiguration(history_length=0, return_immediately=True),
        metadata={"k": [1, None]},
    ),
    "SendStreamingMessage": SendMessageRequest(message=Message.user("stream")),
    "GetTask": GetTaskRequest(id=ODD_ID, history_length=0),
    "ListTasks": ListTasksRequest(
        context_id="ctx/1",
        status=TaskState.TASK_STATE_INPUT_REQUIRED,
        page_size=7,
        page_token="tok+/=",
        history_length=2,
        status_timestamp_after=STAMP,
        include_artifacts=False,
    ),
    "CancelTask": CancelTaskRequest(id=ODD_ID, metadata={"why": "user"}),
    "SubscribeToTask": SubscribeToTaskRequest(id=ODD_ID),
    "CreateTaskPushNotificationConfig": TaskPushNotificationConfig(
        task_id=ODD_ID,
        id="cfg",
        url="https://hooks.example.com/x",
        token="tok",
        authentication=AuthenticationInfo(scheme="Bearer", credentials="c"),
    ),
    "GetTaskPushNotificationConfig": GetTaskPushNotificationConfigRequest(
        task_id=ODD_ID, id="cfg:1/2"
    ),
    "ListTaskPushNotificationConfigs": ListTaskPushNotificationConfigsRequest(
        task_id=ODD_ID, page_size=3, page_token="p"
    ),
    "DeleteTaskPushNotificationConfig": DeleteTaskPushNotificationConfigRequest(
        task_id=ODD_ID, id="cfg"
    ),
    "GetExtendedAgentCard": GetExtendedAgentCardRequest(),
}


def test_every_operation_has_a_sample() -> None:
    assert set(SAMPLES) == {op.method for op in OPERATIONS}


def _client_request(
    op: Operation, request: A2AModel, tenant: str
) -> tuple[str, list[tuple[str, str]], Any]:
    body = request.to_dict() if op.has_body else None
    return rest_path(op, request, tenant), rest_query(op, request), body


@pytest.mark.parametrize("tenant", ["", "acme", "tenant/with:odd ü"])
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.method)
def test_client_path_and_query_route_back_to_the_same_request(op: Operation, tenant: str) -> None:
    sample = SAMPLES[op.method]
    if "tenant" in type(sample).model_fields:
        sample = sample.model_copy(update={"tenant": tenant})
    path, query, body = _client_request(op, sample, tenant)
    for method in (op.http_method, *op.extra_http_methods):
        match = match_route(method, path)
        assert match.operation is op
        assert match.tenant == tenant
        if method == "GET" and op.has_body:  # GET subscribe: no body, same request
            rebuilt = build_request(match, query, None)
        else:
            rebuilt = build_request(match, query, body)
        assert rebuilt == sample
        assert rebuilt.to_dict() == sample.to_dict()


ENC = "a%2Fb%3Ac%20d%25%C3%BC"  # ODD_ID, percent-encoded as one segment

EXPECTED_PATHS = {
    "SendMessage": "/message:send",
    "SendStreamingMessage": "/message:stream",
    "GetTask": f"/tasks/{ENC}",
    "ListTasks": "/tasks",
    "CancelTask": f"/tasks/{ENC}:cancel",
    "SubscribeToTask": f"/tasks/{ENC}:subscribe",
    "CreateTaskPushNotificationConfig": f"/tasks/{ENC}/pushNotificationConfigs",
    "GetTaskPushNotificationConfig": f"/tasks/{ENC}/pushNotificationConfigs/cfg%3A1%2F2",
    "ListTaskPushNotificationConfigs": f"/tasks/{ENC}/pushNotificationConfigs",
    "DeleteTaskPushNotificationConfig": f"/tasks/{ENC}/pushNotificationConfigs/cfg",
    "GetExtendedAgentCard": "/extendedAgentCard",
}


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.method)
def test_paths_are_the_table_paths_with_encoded_ids(op: Operation) -> None:
    assert rest_path(op, SAMPLES[op.method]) == EXPECTED_PATHS[op.method]
    tenanted = rest_path(op, SAMPLES[op.method], tenant="t/1")
    assert tenanted == "/t%2F1" + EXPECTED_PATHS[op.method]


# --------------------------------------------------------------------------
# match_route

PNC = "/tasks/t1/pushNotificationConfigs"
T1 = {"task_id": "t1"}
T1C1 = {"task_id": "t1", "id": "c1"}


@pytest.mark.parametrize(
    ("method", "path", "operation", "params", "tenant"),
    [
        ("POST", "/message:send", "SendMessage", {}, ""),
        ("POST", "/message:stream", "SendStreamingMessage", {}, ""),
        ("GET", "/tasks/t1", "GetTask", {"id": "t1"}, ""),
        ("GET", "/tasks", "ListTasks", {}, ""),
        ("GET", "/tasks/", "ListTasks", {}, ""),
        ("POST", "/tasks/t1:cancel", "CancelTask", {"id": "t1"}, ""),
        ("POST", "/tasks/t1:subscribe", "SubscribeToTask", {"id": "t1"}, ""),
        ("GET", "/tasks/t1:subscribe", "SubscribeToTask", {"id": "t1"}, ""),
        ("POST", PNC, "CreateTaskPushNotificationConfig", T1, ""),
        ("GET", PNC, "ListTaskPushNotificationConfigs", T1, ""),
        ("GET", PNC + "/c1", "GetTaskPushNotificationConfig", T1C1, ""),
        ("DELETE", PNC + "/c1", "DeleteTaskPushNotificationConfig", T1C1, ""),
        ("GET", "/extendedAgentCard", "GetExtendedAgentCard", {}, ""),
        # Tenant prefix.
        ("POST", "/acme/message:send", "SendMessage", {}, "acme"),
        ("GET", "/acme/tasks", "ListTasks", {}, "acme"),
        ("GET", "/acme/tasks/t1", "GetTask", {"id": "t1"}, "acme"),
        ("POST", "/acme/tasks/t1:cancel", "CancelTask", {"id": "t1"}, "acme"),
        ("GET", "/acme/tasks/t1:subscribe", "SubscribeToTask", {"id": "t1"}, "acme"),
        ("DELETE", "/acme" + PNC + "/c1", "DeleteTaskPushNotificationConfig", T1C1, "acme"),
        ("GET", "/acme/extendedAgentCard", "GetExtendedAgentCard", {}, "acme"),
        ("GET", "/a%2Fb/tasks", "ListTasks", {}, "a/b"),
        # Percent-encoded "/" and ":" stay inside the id.
        ("GET", "/tasks/a%2Fb%3Ac", "GetTask", {"id": "a/b:c"}, ""),
        ("GET", "/tasks/a%2fb", "GetTask", {"id": "a/b"}, ""),
        ("POST", "/tasks/a%2Fb%3Ac:cancel", "CancelTask", {"id": "a/b:c"}, ""),
        ("GET", "/tasks/x%3Acancel", "GetTask", {"id": "x:cancel"}, ""),
        ("GET", "/tasks/x%3Asubscribe", "GetTask", {"id": "x:subscribe"}, ""),
        ("POST", "/tasks/t:1:cancel", "CancelTask", {"id": "t:1"}, ""),
        ("GET", "/tasks/%E2%9C%93", "GetTask", {"id": "✓"}, ""),
        # ":" is legal in a path segment: an unknown suffix is part of the id.
        ("GET", "/tasks/urn:uuid:1", "GetTask", {"id": "urn:uuid:1"}, ""),
        ("GET", "/tasks/t1:pause", "GetTask", {"id": "t1:pause"}, ""),
        # A tenant that looks like a literal segment.
        ("GET", "/tasks/tasks", "GetTask", {"id": "tasks"}, ""),
        ("GET", "/tasks/tasks/t1", "GetTask", {"id": "t1"}, "tasks"),
        ("GET", "/message:send/extendedAgentCard", "GetExtendedAgentCard", {}, "message:send"),
        ("GET", "tasks/t1/", "GetTask", {"id": "t1"}, ""),
    ],
)  # fmt: skip
def test_routes(
    method: str, path: str, operation: str, params: dict[str, str], tenant: str
) -> None:
    assert match_route(method, path) == RouteMatch(OPERATIONS_BY_METHOD[operation], params, tenant)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/message:send", ("POST",)),
        ("PUT", "/message:stream", ("POST",)),
        ("POST", "/tasks/t1", ("GET",)),
        ("DELETE", "/tasks", ("GET",)),
        # A ":verb" path is its verb route's, never GetTask's.
        ("GET", "/tasks/t1:cancel", ("POST",)),
        ("DELETE", "/tasks/t1:subscribe", ("GET", "POST")),
        ("PUT", "/tasks/t1/pushNotificationConfigs", ("GET", "POST")),
        ("POST", "/tasks/t1/pushNotificationConfigs/c1", ("DELETE", "GET")),
        ("POST", "/extendedAgentCard", ("GET",)),
        ("HEAD", "/acme/tasks/t1", ("GET",)),
        ("GET", "/acme/tasks/t1:cancel", ("POST",)),
        ("OPTIONS", "/acme/message:send", ("POST",)),
    ],
)
def test_known_path_with_wrong_verb_is_405_with_allowed_methods(
    method: str, path: str, allowed: tuple[str, ...]
) -> None:
    with pytest.raises(HTTPMethodNotAllowedError) as info:
        match_route(method, path)
    assert info.value.allowed == allowed
    assert info.value.http_status == 405
    assert info.value.code == -32601


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/",
        "/message",
        "/message:delete",
        "/tasks//x",
        "/tasks/:cancel/extra",
        "/tasks/t1/artifacts",
        "/a/b/tasks",
        "/tasks/t1/pushNotificationConfigs/c1/extra",
        "/extendedAgentCard/x",
        "/.well-known/agent-card.json",
    ],
)
def test_unknown_paths_are_404(path: str) -> None:
    with pytest.raises(MethodNotFoundError) as info:
        match_route("GET", path)
    assert not isinstance(info.value, HTTPMethodNotAllowedError)
    assert info.value.http_status == 404


def test_empty_id_before_a_verb_does_not_match_the_verb_route() -> None:
    with pytest.raises(HTTPMethodNotAllowedError) as info:
        match_route("POST", "/tasks/:cancel")
    assert info.value.allowed == ("GET",)  # only GetTask(id=":cancel") has this path
    assert match_route("GET", "/tasks/:cancel").path_params == {"id": ":cancel"}


# --------------------------------------------------------------------------
# build_request: query parameters and bodies


def _match(operation: str, tenant: str = "", **params: str) -> RouteMatch:
    return RouteMatch(OPERATIONS_BY_METHOD[operation], params, tenant)


def test_query_parameters_in_camel_or_snake_case_with_typed_values() -> None:
    query = [
        ("contextId", "c1"),
        ("status", "TASK_STATE_WORKING"),
        ("pageSize", "10"),
        ("page_token", "tok"),
        ("historyLength", "0"),
        ("statusTimestampAfter", "2025-01-01T02:00:00+02:00"),
        ("includeArtifacts", "true"),
        ("A2A-Version", "1.0"),
        ("unknown", "x"),
    ]
    request = build_request(_match("ListTasks"), query, None)
    assert request == ListTasksRequest(
        context_id="c1",
        status=TaskState.TASK_STATE_WORKING,
        page_size=10,
        page_token="tok",
        history_length=0,
        status_timestamp_after=datetime(2025, 1, 1, tzinfo=timezone.utc),
        include_artifacts=True,
    )


@pytest.mark.parametrize(
    ("text", "value"), [("true", True), ("false", False), ("1", True), ("0", False)]
)
def test_boolean_query_values(text: str, value: bool) -> None:
    request = build_request(_match("ListTasks"), [("includeArtifacts", text)], None)
    assert isinstance(request, ListTasksRequest)
    assert request.include_artifacts is value


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ([("pageSize", "ten")], "pageSize"),
        ([("pageSize", "1.5")], "pageSize"),
        ([("status", "WORKING")], "status"),
        ([("includeArtifacts", "maybe")], "includeArtifacts"),
        ([("statusTimestampAfter", "yesterday")], "statusTimestampAfter"),
        ([("historyLength", str(2**31))], "historyLength"),
    ],
)
def test_bad_query_values_are_invalid_params_naming_the_field(
    query: list[tuple[str, str]], field: str
) -> None:
    with pytest.raises(InvalidParamsError) as info:
        build_request(_match("ListTasks"), query, None)
    assert [f for f, _ in info.value.field_violations] == [field]


def test_the_last_repeated_scalar_query_parameter_wins() -> None:
    request = build_request(
        _match("GetTask", id="t"), [("historyLength", "1"), ("historyLength", "2")], None
    )
    assert isinstance(request, GetTaskRequest)
    assert request.history_length == 2


def test_path_parameters_and_tenant_override_the_body() -> None:
    body = {"id": "other", "tenant": "other", "metadata": {"a": 1}}
    request = build_request(_match("CancelTask", tenant="acme", id="t1"), [], body)
    assert request == CancelTaskRequest(tenant="acme", id="t1", metadata={"a": 1})


def test_missing_required_fields_are_named() -> None:
    with pytest.raises(InvalidParamsError) as info:
        build_request(_match("SendMessage"), [], {"message": {"parts": [{"text": "x"}]}})
    assert [f for f, _ in info.value.field_violations] == ["message.messageId", "message.role"]
    with pytest.raises(InvalidParamsError) as info:
        build_request(_match("SendMessage"), [], {})
    assert [f for f, _ in info.value.field_violations] == ["message"]


@pytest.mark.parametrize("body", [[], "text", 5, True])
def test_a_body_that_is_not_an_object_is_invalid_params(body: Any) -> None:
    with pytest.raises(InvalidParamsError) as info:
        build_request(_match("SendMessage"), [], body)
    assert info.value.field_violations == [("", "expected a JSON object")]


def test_a_post_without_body_reads_the_query() -> None:
    request = build_request(_match("SubscribeToTask", id="t1"), [("tenant", "ignored")], None)
    assert request == SubscribeToTaskRequest(id="t1", tenant="ignored")
    request = build_request(
        _match("SubscribeToTask", tenant="acme", id="t1"), [("tenant", "x")], None
    )
    assert request == SubscribeToTaskRequest(id="t1", tenant="acme")


# --------------------------------------------------------------------------
# rest_query


def test_rest_query_leaves_out_defaults_path_params_and_tenant() -> None:
    op = OPERATIONS_BY_METHOD["GetTask"]
    assert rest_query(op, GetTaskRequest(id="t", tenant="x")) == []
    assert rest_query(op, GetTaskRequest(id="t", history_length=0)) == [("historyLength", "0")]
    assert rest_query(OPERATIONS_BY_METHOD["SendMessage"], SAMPLES["SendMessage"]) == []


def test_rest_query_formats_enums_booleans_and_timestamps() -> None:
    assert rest_query(OPERATIONS_BY_METHOD["ListTasks"], SAMPLES["ListTasks"]) == [
        ("contextId", "ctx/1"),
        ("status", "TASK_STATE_INPUT_REQUIRED"),
        ("pageSize", "7"),
        ("pageToken", "tok+/="),
        ("historyLength", "2"),
        ("statusTimestampAfter", "2025-05-06T07:08:09.123Z"),
        ("includeArtifacts", "false"),
    ]


def test_repeated_fields_go_in_the_query_one_value_per_parameter() -> None:
    # No GET operation of A2A 1.0 has a repeated field; the mapping is generic anyway.
    op = Operation("Probe", "", AgentSkill, AgentSkill, "GET", "/probe/{id}")
    skill = AgentSkill(id="s", name="n", description="d", tags=["a", "b"], examples=["x"])
    query = rest_query(op, skill)
    assert query == [
        ("name", "n"),
        ("description", "d"),
        ("tags", "a"),
        ("tags", "b"),
        ("examples", "x"),
    ]
    assert rest_path(op, skill) == "/probe/s"
    match = RouteMatch(op, {"id": "s"}, "")
    rebuilt = build_request(match, [*query, ("inputModes", "text/plain,,image/png")], None)
    assert rebuilt == skill.model_copy(update={"input_modes": ["text/plain", "image/png"]})
