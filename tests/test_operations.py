"""The operation table against the A2AService of the proto (stored with the corpus)."""

from __future__ import annotations

import re
from typing import Any

import pytest

import a2a.operations
import a2a.types
from a2a.operations import OPERATIONS, OPERATIONS_BY_METHOD, Capability, Operation
from a2a.types import Empty, StreamResponse
from tests.types.corpus import descriptor

SERVICE: dict[str, dict[str, Any]] = {
    method["name"]: method for method in descriptor()["services"]["A2AService"]
}
VERBS = ("get", "post", "put", "patch", "delete")


def _rule(http: dict[str, Any]) -> tuple[str, str]:
    verb = next(v for v in VERBS if v in http)
    # "{id=*}" is one path segment, which our table writes "{id}".
    return verb.upper(), re.sub(r"\{(\w+)=\*\}", r"{\1}", http[verb])


def _type_name(full_name: str) -> str:
    return full_name.rsplit(".", 1)[-1]


def test_one_row_per_service_method() -> None:
    assert [op.method for op in OPERATIONS] == list(OPERATIONS_BY_METHOD)
    assert set(OPERATIONS_BY_METHOD) == set(SERVICE)
    assert len(OPERATIONS) == len(SERVICE) == 11


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.method)
def test_row_matches_the_proto(op: Operation) -> None:
    method = SERVICE[op.method]
    assert op.request is getattr(a2a.types, _type_name(method["input"]))
    if method["output"] == "google.protobuf.Empty":
        assert op.response is Empty
    else:
        assert op.response is getattr(a2a.types, _type_name(method["output"]))
    assert op.streaming is method["serverStreaming"]
    verb, path = _rule(method["http"])
    assert path == op.http_path
    assert verb in (op.http_method, *op.extra_http_methods)
    # Subscribe also takes POST with a body (A2A §11 #1); see the test below.
    if op.method != "SubscribeToTask":
        assert op.has_body is (method["http"].get("body") == "*")
    bindings = [_rule(b) for b in method["http"]["additionalBindings"]]
    assert bindings == [(verb, "/{tenant}" + path)]


def test_subscribe_accepts_post_as_well_as_the_proto_get() -> None:
    # A2A §11 #1: the spec text says POST, the proto says GET; we serve both.
    op = OPERATIONS_BY_METHOD["SubscribeToTask"]
    assert {op.http_method, *op.extra_http_methods} == {"GET", "POST"}
    assert op.has_body


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.method)
def test_path_parameters_are_request_fields_and_every_request_has_a_tenant(
    op: Operation,
) -> None:
    fields = op.request.model_fields
    assert "tenant" in fields
    for name in op.path_params:
        assert name in fields


def test_path_params() -> None:
    assert OPERATIONS_BY_METHOD["GetTask"].path_params == ("id",)
    assert OPERATIONS_BY_METHOD["CancelTask"].path_params == ("id",)
    assert OPERATIONS_BY_METHOD["DeleteTaskPushNotificationConfig"].path_params == (
        "task_id",
        "id",
    )
    assert OPERATIONS_BY_METHOD["ListTasks"].path_params == ()


def test_streaming_operations_answer_with_stream_responses_and_need_streaming() -> None:
    for op in OPERATIONS:
        assert (op.response is StreamResponse) is op.streaming
        assert (op.capability is Capability.STREAMING) is op.streaming


def test_capabilities() -> None:
    gated = {op.method: op.capability for op in OPERATIONS if op.capability is not None}
    assert gated == {
        "SendStreamingMessage": Capability.STREAMING,
        "SubscribeToTask": Capability.STREAMING,
        "CreateTaskPushNotificationConfig": Capability.PUSH_NOTIFICATIONS,
        "GetTaskPushNotificationConfig": Capability.PUSH_NOTIFICATIONS,
        "ListTaskPushNotificationConfigs": Capability.PUSH_NOTIFICATIONS,
        "DeleteTaskPushNotificationConfig": Capability.PUSH_NOTIFICATIONS,
        "GetExtendedAgentCard": Capability.EXTENDED_AGENT_CARD,
    }
    # The values are the card's camelCase capability names.
    assert {c.value for c in Capability} == {"streaming", "pushNotifications", "extendedAgentCard"}


def test_legacy_0_3_method_names() -> None:
    assert {op.method: op.legacy_method for op in OPERATIONS} == {
        "SendMessage": "message/send",
        "SendStreamingMessage": "message/stream",
        "GetTask": "tasks/get",
        "ListTasks": "",  # not in 0.3
        "CancelTask": "tasks/cancel",
        "SubscribeToTask": "tasks/resubscribe",
        "CreateTaskPushNotificationConfig": "tasks/pushNotificationConfig/set",
        "GetTaskPushNotificationConfig": "tasks/pushNotificationConfig/get",
        "ListTaskPushNotificationConfigs": "tasks/pushNotificationConfig/list",
        "DeleteTaskPushNotificationConfig": "tasks/pushNotificationConfig/delete",
        "GetExtendedAgentCard": "agent/getAuthenticatedExtendedCard",
    }


def test_only_reads_and_deletes_are_idempotent() -> None:
    for op in OPERATIONS:
        assert op.idempotent is (op.http_method in ("GET", "DELETE")), op.method


def test_rows_are_immutable() -> None:
    with pytest.raises(AttributeError):
        OPERATIONS[0].method = "x"  # type: ignore[misc]


def test_public_names() -> None:
    assert sorted(a2a.operations.__all__) == [
        "Capability",
        "OPERATIONS",
        "OPERATIONS_BY_METHOD",
        "Operation",
    ]
