"""Model rules: oneofs, presence, input spellings, required fields, helpers, public API."""

from __future__ import annotations

import json
import os
import threading
import uuid
from typing import Any

import pytest
from pydantic import ValidationError

import a2a.types
from a2a.types import (
    AgentCapabilities,
    AgentCard,
    APIKeySecurityScheme,
    Artifact,
    ClientCredentialsOAuthFlow,
    FieldViolation,
    GetTaskRequest,
    ImplicitOAuthFlow,
    ListTasksRequest,
    ListTasksResponse,
    Message,
    MutualTlsSecurityScheme,
    OAuth2SecurityScheme,
    OAuthFlows,
    Part,
    ProtocolBinding,
    Role,
    SecurityScheme,
    SendMessageConfiguration,
    SendMessageRequest,
    SendMessageResponse,
    StreamResponse,
    StringList,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
    new_id,
    required_violations,
)

WORKING = TaskStatus(state=TaskState.TASK_STATE_WORKING)

# --------------------------------------------------------------------------
# Oneofs: exactly one member


PART_MEMBERS: dict[str, Any] = {"text": "t", "raw": "AA==", "url": "https://x", "data": None}


@pytest.mark.parametrize("member", PART_MEMBERS)
def test_part_with_one_member_is_accepted(member: str) -> None:
    part = Part.from_dict({member: PART_MEMBERS[member]})
    assert part.kind == member
    assert part.to_dict() == {member: PART_MEMBERS[member]}


@pytest.mark.parametrize(
    "members", [("text", "raw"), ("text", "data"), ("url", "data"), tuple(PART_MEMBERS)]
)
def test_part_with_several_members_is_rejected(members: tuple[str, ...]) -> None:
    with pytest.raises(
        ValidationError, match=rf"exactly one of text, raw, url or data \(found {len(members)}\)"
    ):
        Part.from_dict({m: PART_MEMBERS[m] for m in members})


def test_part_with_no_member_is_rejected() -> None:
    with pytest.raises(ValidationError, match=r"exactly one of text, raw, url or data \(found 0\)"):
        Part.from_dict({"mediaType": "text/plain", "filename": "f"})
    with pytest.raises(ValidationError, match=r"found 0"):
        Part()


def test_part_null_members_are_unset_but_null_data_is_a_value() -> None:
    assert Part.from_dict({"text": "x", "raw": None, "url": None}).kind == "text"
    assert Part.from_json(b'{"data":null,"text":null}').kind == "data"


def test_part_constructors() -> None:
    assert Part.from_text("a", media_type="text/plain").to_dict() == {
        "text": "a",
        "mediaType": "text/plain",
    }
    assert Part.from_data({"k": 1}).to_dict() == {"data": {"k": 1}}
    assert Part.from_bytes(b"\x01", filename="f").to_dict() == {"raw": "AQ==", "filename": "f"}
    assert Part.from_url("https://x", media_type="image/png").kind == "url"


WRAPPERS: list[tuple[type[Any], dict[str, Any], str]] = [
    (
        SendMessageResponse,
        {"task": {"id": "t", "status": {}}, "message": {"messageId": "m"}},
        "SendMessageResponse must hold exactly one of task, message",
    ),
    (
        StreamResponse,
        {
            "task": {"id": "t", "status": {}},
            "message": {"messageId": "m"},
            "statusUpdate": {"taskId": "t", "status": {}},
            "artifactUpdate": {"taskId": "t", "artifact": {}},
        },
        "StreamResponse must hold exactly one of task, message, status_update, artifact_update",
    ),
    (
        SecurityScheme,
        {
            "apiKeySecurityScheme": {},
            "httpAuthSecurityScheme": {},
            "oauth2SecurityScheme": {"flows": {"implicit": {}}},
            "openIdConnectSecurityScheme": {},
            "mtlsSecurityScheme": {},
        },
        "SecurityScheme must hold exactly one of",
    ),
    (
        OAuthFlows,
        {
            "authorizationCode": {},
            "clientCredentials": {},
            "implicit": {},
            "password": {},
            "deviceCode": {},
        },
        "OAuthFlows must hold exactly one of",
    ),
]


@pytest.mark.parametrize(
    ("cls", "members", "message"), WRAPPERS, ids=lambda v: getattr(v, "__name__", "")
)
def test_wrappers_hold_exactly_one_member(
    cls: type[Any], members: dict[str, Any], message: str
) -> None:
    for key, value in members.items():
        assert cls.from_dict({key: value}).to_dict() == {key: value}
    with pytest.raises(ValidationError, match=rf"{message}.*\(found 0\)"):
        cls.from_dict({})
    first, second = list(members)[:2]
    with pytest.raises(ValidationError, match=r"\(found 2\)"):
        cls.from_dict({first: members[first], second: members[second]})
    with pytest.raises(ValidationError, match=rf"\(found {len(members)}\)"):
        cls.from_dict(members)


def test_wrapper_payload_accessors() -> None:
    task = Task(id="t", status=WORKING)
    message = Message.agent("hi")
    status = TaskStatusUpdateEvent(task_id="t", context_id="c", status=WORKING)
    artifact = TaskArtifactUpdateEvent(
        task_id="t", context_id="c", artifact=Artifact(artifact_id="a", parts=[Part(text="x")])
    )
    assert SendMessageResponse(task=task).payload is task
    assert SendMessageResponse(message=message).payload is message
    for event, key in [
        (task, "task"),
        (message, "message"),
        (status, "statusUpdate"),
        (artifact, "artifactUpdate"),
    ]:
        wrapped = StreamResponse.wrap(event)
        assert wrapped.payload is event
        assert list(wrapped.to_dict()) == [key]
    scheme = SecurityScheme(mtls_security_scheme=MutualTlsSecurityScheme(description="d"))
    assert scheme.value == MutualTlsSecurityScheme(description="d")


# --------------------------------------------------------------------------
# Presence


def test_defaults_are_omitted() -> None:
    message = Message(message_id="m", role=Role.ROLE_UNSPECIFIED, context_id="", extensions=[])
    assert message.to_dict() == {"messageId": "m"}
    assert TaskArtifactUpdateEvent(
        task_id="t", artifact=Artifact(), append=False, last_chunk=False
    ).to_dict() == {"taskId": "t", "artifact": {}}


@pytest.mark.parametrize(
    ("model", "wire"),
    [
        (GetTaskRequest(id="t", history_length=0), {"id": "t", "historyLength": 0}),
        (SendMessageConfiguration(history_length=0), {"historyLength": 0}),
        (
            ListTasksRequest(page_size=0, history_length=0, include_artifacts=False),
            {"pageSize": 0, "historyLength": 0, "includeArtifacts": False},
        ),
        (
            AgentCapabilities(streaming=False, push_notifications=False, extended_agent_card=False),
            {"streaming": False, "pushNotifications": False, "extendedAgentCard": False},
        ),
        (
            AgentCard(name="n", documentation_url="", icon_url=""),
            {"name": "n", "documentationUrl": "", "iconUrl": "", "capabilities": {}},
        ),
        (Message(metadata={}), {"metadata": {}}),
        (TaskStatus(message=Message()), {"message": {}}),
        (Task(id="t", status=TaskStatus()), {"id": "t", "status": {}}),
    ],
)
def test_optional_fields_set_to_zero_stay_on_the_wire(model: Any, wire: dict[str, Any]) -> None:
    assert model.to_dict() == wire
    assert type(model).from_dict(wire).to_dict() == wire


def test_list_tasks_response_always_has_its_four_fields() -> None:
    assert ListTasksResponse().to_dict() == {
        "tasks": [],
        "nextPageToken": "",
        "pageSize": 0,
        "totalSize": 0,
    }
    page = ListTasksResponse(
        tasks=[Task(id="t", status=WORKING)], next_page_token="n", page_size=1, total_size=9
    )
    assert page.to_json() == (
        b'{"tasks":[{"id":"t","status":{"state":"TASK_STATE_WORKING"}}],'
        b'"nextPageToken":"n","pageSize":1,"totalSize":9}'
    )


def test_agent_card_always_has_capabilities() -> None:
    assert AgentCard().to_dict() == {"capabilities": {}}
    card = AgentCard(capabilities=AgentCapabilities(streaming=True))
    assert card.to_dict() == {"capabilities": {"streaming": True}}
    assert json.loads(AgentCard().to_json()) == {"capabilities": {}}


# --------------------------------------------------------------------------
# Input spellings and unknown fields


def test_snake_case_and_camel_case_input_are_equivalent() -> None:
    camel = {"messageId": "m", "contextId": "c", "referenceTaskIds": ["a"], "role": "ROLE_USER"}
    snake = {"message_id": "m", "context_id": "c", "reference_task_ids": ["a"], "role": 1}
    assert Message.from_dict(camel) == Message.from_dict(snake)
    assert Message.from_dict(snake).to_dict() == camel
    assert StringList.from_dict({"list": ["a"]}).list_ == ["a"]
    assert StringList(list_=["b"]).to_dict() == {"list": ["b"]}


def test_unknown_fields_are_ignored_including_the_0_3_kind() -> None:
    legacy = {
        "kind": "message",
        "messageId": "m",
        "role": "ROLE_USER",
        "parts": [{"kind": "text", "text": "hi", "future": {"x": 1}}],
        "someFutureField": [1, 2],
    }
    message = Message.from_dict(legacy)
    assert message.to_dict() == {"messageId": "m", "role": "ROLE_USER", "parts": [{"text": "hi"}]}
    task = Task.from_json(b'{"kind":"task","id":"t","status":{"state":"TASK_STATE_WORKING"}}')
    assert "kind" not in task.to_dict()


def test_json_null_means_unset_for_every_kind_of_field() -> None:
    wire = {
        "messageId": None,
        "role": None,
        "parts": None,
        "extensions": None,
        "metadata": None,
        "contextId": None,
    }
    assert Message.from_dict(wire).to_dict() == {}
    assert Message.from_json(json.dumps(wire).encode()).to_dict() == {}
    request = GetTaskRequest.from_json(b'{"id":"t","historyLength":null,"tenant":null}')
    assert request.history_length is None
    card = AgentCard.from_dict({"capabilities": None, "securitySchemes": None})
    assert card.to_dict() == {"capabilities": {}}
    original: dict[str, Any] = {"contextId": None}
    Message.from_dict(original)
    assert original == {"contextId": None}  # the caller's data is not modified


def test_null_for_a_required_message_is_still_an_error() -> None:
    with pytest.raises(ValidationError) as info:
        Task.from_json(b'{"id":"t","status":null}')
    assert info.value.errors()[0]["loc"] == ("status",)
    assert info.value.errors()[0]["type"] == "missing"


def test_null_inside_repeated_fields_is_an_error() -> None:
    with pytest.raises(ValidationError) as info:
        Message.from_dict({"extensions": ["a", None]})
    assert info.value.errors()[0]["loc"] == ("extensions", 1)
    with pytest.raises(ValidationError):
        Message.from_json(b'{"parts":[null]}')


def test_other_validation_errors_are_not_hidden_by_null_handling() -> None:
    with pytest.raises(ValidationError) as info:
        Message.from_json(b'{"contextId":null,"role":"ROLE_BAD"}')
    assert [e["loc"] for e in info.value.errors()] == [("role",)]
    with pytest.raises(ValidationError):
        Message.from_dict({"contextId": 5})
    with pytest.raises(ValidationError):
        Message.from_json(b'{"contextId":5}')


def test_wrong_json_types_are_rejected() -> None:
    for bad in [b"[]", b'"x"', b"1", b"null"]:
        with pytest.raises(ValidationError):
            Message.from_json(bad)
    with pytest.raises(ValidationError):
        Message.from_json(b"{not json")
    with pytest.raises(ValidationError):
        Message.from_dict({"parts": {"text": "x"}})


# --------------------------------------------------------------------------
# Required fields


def test_required_violations_names_every_missing_field_with_its_path() -> None:
    request = SendMessageRequest.from_dict(
        {
            "message": {
                "parts": [{"text": "ok"}, {"text": ""}],
                "metadata": {"x": None},
            },
            "configuration": {"taskPushNotificationConfig": {"authentication": {}}},
        }
    )
    assert [v.field for v in required_violations(request)] == [
        "message.messageId",
        "message.role",
        "configuration.taskPushNotificationConfig.url",
        "configuration.taskPushNotificationConfig.authentication.scheme",
    ]
    violation = required_violations(request)[0]
    assert isinstance(violation, FieldViolation)
    assert violation.description == "required field is missing or empty"


def test_required_violations_walks_lists_and_maps() -> None:
    card = AgentCard.from_dict(
        {
            "name": "n",
            "description": "d",
            "version": "1",
            "supportedInterfaces": [{"url": "https://a", "protocolBinding": "JSONRPC"}],
            "defaultInputModes": ["text/plain"],
            "defaultOutputModes": ["text/plain"],
            "securitySchemes": {
                "k": {"apiKeySecurityScheme": {"name": "X"}},
                "o": {"oauth2SecurityScheme": {"flows": {"clientCredentials": {}}}},
            },
            "skills": [{"id": "s", "name": "S", "description": "d", "tags": []}],
        }
    )
    assert [v.field for v in required_violations(card)] == [
        "supportedInterfaces[0].protocolVersion",
        "securitySchemes['k'].apiKeySecurityScheme.location",
        "securitySchemes['o'].oauth2SecurityScheme.flows.clientCredentials.tokenUrl",
        "securitySchemes['o'].oauth2SecurityScheme.flows.clientCredentials.scopes",
        "skills[0].tags",
    ]


def test_required_violations_of_a_complete_object_is_empty() -> None:
    task = Task(
        id="t",
        status=WORKING,
        history=[Message.user("hi")],
        artifacts=[Artifact(artifact_id="a", parts=[Part(text="x")])],
    )
    assert required_violations(task) == []
    assert required_violations(ListTasksResponse()) == []
    assert required_violations(AgentCapabilities()) == []


def test_required_marker_repr() -> None:
    from a2a.types._base import REQUIRED

    assert repr(REQUIRED) == "REQUIRED"


# --------------------------------------------------------------------------
# Helpers


def test_message_constructors_and_text() -> None:
    user = Message.user("a", Part.from_text("b"), Part.from_data(1), context_id="c", task_id="t")
    assert user.role is Role.ROLE_USER
    assert user.text == "ab"
    assert (user.context_id, user.task_id) == ("c", "t")
    agent = Message.agent("x", metadata={"k": "v"})
    assert agent.role is Role.ROLE_AGENT
    assert agent.metadata == {"k": "v"}
    assert agent.message_id != Message.agent("x").message_id
    assert Message().text == ""
    assert Artifact(parts=[Part(text="1"), Part(url="u"), Part(text="2")]).text == "12"


def test_new_id_is_a_uuid4() -> None:
    for _ in range(600):
        value = new_id()
        parsed = uuid.UUID(value)
        assert str(parsed) == value
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_new_ids_are_unique_across_threads() -> None:
    seen: list[list[str]] = []

    def make() -> None:
        seen.append([new_id() for _ in range(2000)])

    threads = [threading.Thread(target=make) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [value for batch in seen for value in batch]
    assert len(set(everything)) == len(everything) == 8000


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_does_not_repeat_its_parents_ids() -> None:
    # Guards any future buffering of randomness: a child must not replay the parent's.
    new_id()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write its next ids and leave at once
        os.close(read)
        os.write(write, " ".join(new_id() for _ in range(5)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        child = pipe.read().split()
    os.waitpid(pid, 0)
    parent = [new_id() for _ in range(5)]
    assert len(child) == 5
    assert not set(child) & set(parent)


def test_task_state_shortcut() -> None:
    assert Task(id="t", status=WORKING).state is TaskState.TASK_STATE_WORKING


def test_protocol_binding_names() -> None:
    assert (ProtocolBinding.JSONRPC, ProtocolBinding.HTTP_JSON, ProtocolBinding.GRPC) == (
        "JSONRPC",
        "HTTP+JSON",
        "GRPC",
    )


def test_oauth_models_parse_deprecated_flows() -> None:
    flows = OAuthFlows.from_dict({"implicit": {"authorizationUrl": "https://a", "scopes": {}}})
    assert flows.implicit == ImplicitOAuthFlow(authorization_url="https://a")
    scheme = OAuth2SecurityScheme(
        flows=OAuthFlows(client_credentials=ClientCredentialsOAuthFlow(token_url="https://t"))
    )
    assert scheme.to_dict() == {"flows": {"clientCredentials": {"tokenUrl": "https://t"}}}
    assert APIKeySecurityScheme(location="query", name="k").to_dict() == {
        "location": "query",
        "name": "k",
    }


# --------------------------------------------------------------------------
# Public API


def test_a2a_types_exports_exactly_the_public_names() -> None:
    messages = {
        "APIKeySecurityScheme", "AgentCapabilities", "AgentCard", "AgentCardSignature",
        "AgentExtension", "AgentInterface", "AgentProvider", "AgentSkill", "Artifact",
        "AuthenticationInfo", "AuthorizationCodeOAuthFlow", "CancelTaskRequest",
        "ClientCredentialsOAuthFlow", "DeleteTaskPushNotificationConfigRequest",
        "DeviceCodeOAuthFlow", "GetExtendedAgentCardRequest",
        "GetTaskPushNotificationConfigRequest", "GetTaskRequest", "HTTPAuthSecurityScheme",
        "ImplicitOAuthFlow", "ListTaskPushNotificationConfigsRequest",
        "ListTaskPushNotificationConfigsResponse", "ListTasksRequest", "ListTasksResponse",
        "Message", "MutualTlsSecurityScheme", "OAuth2SecurityScheme", "OAuthFlows",
        "OpenIdConnectSecurityScheme", "Part", "PasswordOAuthFlow", "SecurityRequirement",
        "SecurityScheme", "SendMessageConfiguration", "SendMessageRequest",
        "SendMessageResponse", "StreamResponse", "StringList", "SubscribeToTaskRequest",
        "Task", "TaskArtifactUpdateEvent", "TaskPushNotificationConfig", "TaskStatus",
        "TaskStatusUpdateEvent",
    }  # fmt: skip
    others = {
        "A2AModel", "Empty", "FieldViolation", "ProtoEnum", "ProtocolBinding", "Role",
        "StreamEvent", "TaskState", "format_timestamp", "new_id", "parse_timestamp",
        "proto_json_name", "required_violations", "utc_now",
    }  # fmt: skip
    assert set(a2a.types.__all__) == messages | others
    assert len(a2a.types.__all__) == len(set(a2a.types.__all__))
    for name in a2a.types.__all__:
        assert hasattr(a2a.types, name), name


def test_empty_is_an_empty_object() -> None:
    assert a2a.types.Empty().to_json() == b"{}"
    assert a2a.types.Empty.from_json(b'{"ignored":1}').to_dict() == {}


def test_null_map_values_drop_their_entry_and_null_keys_are_errors() -> None:
    from a2a.types import AuthorizationCodeOAuthFlow

    flow = AuthorizationCodeOAuthFlow.from_json(b'{"scopes":{"a":null,"b":"x"}}')
    assert flow.scopes == {"b": "x"}
    with pytest.raises(ValidationError) as info:
        AuthorizationCodeOAuthFlow.from_dict({"scopes": {None: "x"}})
    assert info.value.errors()[0]["loc"][-1] == "[key]"


def test_required_violations_ignore_plain_map_values() -> None:
    from a2a.types import AuthorizationCodeOAuthFlow

    flow = AuthorizationCodeOAuthFlow(authorization_url="a", token_url="t", scopes={"s": ""})
    assert required_violations(flow) == []
    assert [v.field for v in required_violations(Message(metadata={"k": {"x": 1}}))] == [
        "messageId",
        "role",
        "parts",
    ]
