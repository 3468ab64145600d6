"""Hand-written edge cases for the golden ProtoJSON corpus (see ``sdk1_corpus.py``).

Each ``*_cases`` function yields ``(case name, protobuf message)`` pairs for one
message type; :data:`EDGE_CASES` maps message names to them.  Runs inside the
a2a-sdk 1.x virtualenv only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from a2a.server.routes.common import serialize_list_tasks_response
from google.protobuf import struct_pb2, timestamp_pb2
from google.protobuf.message import Message as PbMessage

from a2a.types import a2a_pb2 as pb

# --------------------------------------------------------------------------
# Value helpers

EPOCH = timestamp_pb2.Timestamp(seconds=0, nanos=0)
T_2025 = 1_735_732_800  # 2025-01-01T12:00:00Z


def ts(seconds: int = T_2025, nanos: int = 0) -> timestamp_pb2.Timestamp:
    return timestamp_pb2.Timestamp(seconds=seconds, nanos=nanos)


def struct(data: dict[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(data)
    return out


def value(data: Any) -> struct_pb2.Value:
    out = struct_pb2.Value()
    if data is None:
        out.null_value = struct_pb2.NULL_VALUE
    elif isinstance(data, bool):
        out.bool_value = data
    elif isinstance(data, (int, float)):
        out.number_value = data
    elif isinstance(data, str):
        out.string_value = data
    elif isinstance(data, list):
        out.list_value.extend(data)
    else:
        out.struct_value.update(data)
    return out


NESTED_METADATA: dict[str, Any] = {
    "trace": {"id": "abc-123", "spans": [1, 2.5, {"name": "inner", "tags": []}], "ok": True},
    "empty_object": {},
    "empty_list": [],
    "nothing": None,
    "deep": {"a": {"b": {"c": {"d": [[["x"]], {"e": None}]}}}},
    "numbers": [0, -1, 1e-7, 1.5e300, 123456789.125],
}

BIG_NUMBERS: dict[str, Any] = {
    "max_safe": 2**53 - 1,
    "two_53": 2**53,
    # A Struct number is a double: 2**53 + 1 is stored (and emitted) as 2**53.
    "over_safe": 2**53 + 1,
    "int64_max": 2**63 - 1,
    "int64_min": -(2**63),
    "uint64_max": 2**64 - 1,
    "neg_max_safe": -(2**53 - 1),
    "e21": 1e21,
}

TEXTS: dict[str, str] = {
    "latin": "héllo wörld, ça va? Øresund",
    "cjk": "日本語のテキスト、中文、한국어",
    "rtl": "مرحبا بالعالم שלום",
    "emoji": "emoji 😀👍🏽 🇫🇷 👨‍👩‍👧‍👦 🧑🏿‍🚀",
    "escapes": 'quote " backslash \\ slash / newline \n tab \t cr \r',
    "controls": "nul \x00 bell \x07 esc \x1b unit-sep \x1f del \x7f",
    "separators": "line sep \u2028 para sep \u2029 bom \ufeff zwj \u200d",
    "html": "</script><!-- & 'single' -->",
    "astral": "\U0001d518\U0001d52b \U00010348 \U0010fffd",
}

ALL_BYTES = bytes(range(256))

# --------------------------------------------------------------------------
# Hand-written edge cases, per message type


def user_message(**extra: Any) -> pb.Message:
    fields: dict[str, Any] = {
        "message_id": "msg-1",
        "role": pb.ROLE_USER,
        "parts": [pb.Part(text="hello")],
    }
    fields.update(extra)
    return pb.Message(**fields)


def working_status(**extra: Any) -> pb.TaskStatus:
    return pb.TaskStatus(state=pb.TASK_STATE_WORKING, **extra)


def sample_task(task_id: str = "task-1", **extra: Any) -> pb.Task:
    fields: dict[str, Any] = {
        "id": task_id,
        "context_id": "ctx-1",
        "status": working_status(timestamp=ts()),
    }
    fields.update(extra)
    return pb.Task(**fields)


def part_cases() -> Iterator[tuple[str, PbMessage]]:
    for key, text in TEXTS.items():
        yield f"text-{key}", pb.Part(text=text)
    yield "text-empty-with-media-type", pb.Part(text="", media_type="text/plain")
    yield "raw-all-256-bytes", pb.Part(raw=ALL_BYTES, filename="bytes.bin")
    yield "raw-plus-and-slash", pb.Part(raw=b"\xfb\xff\xfe\x3e\x3f", media_type="image/png")
    yield "raw-one-byte-padding", pb.Part(raw=b"\x00\x01\x02\x03", filename="näme 文件.bin")
    yield (
        "url-unicode-and-percent",
        pb.Part(
            url="https://example.com/ファイル%20name.pdf?q=a%2Fb#frag", media_type="application/pdf"
        ),
    )
    datas: dict[str, Any] = {
        "null": None,
        "true": True,
        "false": False,
        "zero": 0,
        "negative": -42,
        "fraction": 1.5,
        "huge": 1.7976931348623157e308,
        "tiny": 5e-324,
        "beyond-2-53": 2**53 + 1,
        "string": "a string value",
        "empty-string": "",
        "empty-array": [],
        "array": [1, "two", None, True, [3, [4]], {"five": 5}],
        "empty-object": {},
        "object": {"nested": {"list": [{"a": None}], "text": TEXTS["emoji"]}},
    }
    for key, data in datas.items():
        yield f"data-{key}", pb.Part(data=value(data), media_type="application/json")
    yield "metadata-nested", pb.Part(text="t", metadata=struct(NESTED_METADATA))
    yield "metadata-big-numbers", pb.Part(text="t", metadata=struct(BIG_NUMBERS))
    yield "metadata-empty", pb.Part(text="t", metadata=struct({}))


def message_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "user-hello", user_message()
    yield (
        "agent-reply-in-task",
        pb.Message(
            message_id="msg-2",
            context_id="ctx-1",
            task_id="task-1",
            role=pb.ROLE_AGENT,
            parts=[pb.Part(text="done"), pb.Part(data=value({"result": [1, 2, 3]}))],
            extensions=["https://example.com/ext/v1"],
            reference_task_ids=["task-0", "タスク-√"],
        ),
    )
    yield (
        "non-ascii-everywhere",
        user_message(
            message_id="id-ü-😀",
            context_id="ctx-日本",
            parts=[pb.Part(text=text) for text in TEXTS.values()],
            metadata=struct({"ключ": "значение", "emoji 😀": ["🎉"], "": "empty key"}),
        ),
    )
    yield "metadata-nested", user_message(metadata=struct(NESTED_METADATA))
    yield "metadata-big-numbers", user_message(metadata=struct(BIG_NUMBERS))
    yield "metadata-empty-struct", user_message(metadata=struct({}))
    yield "empty-required-strings", pb.Message(message_id="", role=pb.ROLE_USER)
    yield (
        "many-parts",
        user_message(
            parts=[
                pb.Part(text="a"),
                pb.Part(raw=b"\x00"),
                pb.Part(url="https://example.com/x"),
                pb.Part(data=value(None)),
                pb.Part(text=""),
            ]
        ),
    )


TIMESTAMPS: dict[str, timestamp_pb2.Timestamp] = {
    "no-fraction": ts(),
    "millis": ts(nanos=123_000_000),
    "micros": ts(nanos=123_456_000),
    "nanos": ts(nanos=123_456_789),
    "one-nano": ts(nanos=1),
    "one-micro": ts(nanos=1_000),
    "one-milli": ts(nanos=1_000_000),
    "epoch": EPOCH,
    "before-epoch": ts(-1, 500_000_000),
    "min": ts(-62_135_596_800),
    "max": ts(253_402_300_799, 999_999_999),
}


def task_status_cases() -> Iterator[tuple[str, PbMessage]]:
    for key, stamp in TIMESTAMPS.items():
        yield f"timestamp-{key}", working_status(timestamp=stamp)
    yield (
        "with-agent-message",
        pb.TaskStatus(
            state=pb.TASK_STATE_INPUT_REQUIRED,
            message=pb.Message(message_id="m", role=pb.ROLE_AGENT, parts=[pb.Part(text="more?")]),
            timestamp=ts(nanos=5_000_000),
        ),
    )


def task_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "working", sample_task()
    yield (
        "completed-with-artifacts",
        sample_task(
            status=pb.TaskStatus(state=pb.TASK_STATE_COMPLETED, timestamp=ts(nanos=1_000_000)),
            artifacts=[
                pb.Artifact(artifact_id="a1", name="result", parts=[pb.Part(text="42")]),
                pb.Artifact(
                    artifact_id="a2",
                    parts=[pb.Part(raw=b"\x89PNG", media_type="image/png", filename="x.png")],
                    metadata=struct({"pages": 3}),
                ),
            ],
            history=[user_message(), pb.Message(message_id="m2", role=pb.ROLE_AGENT)],
            metadata=struct(NESTED_METADATA),
        ),
    )
    yield "status-without-state", pb.Task(id="t", status=pb.TaskStatus())
    yield "empty-required-id", pb.Task(id="", status=working_status())


def artifact_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "text", pb.Artifact(artifact_id="a1", parts=[pb.Part(text=TEXTS["cjk"])])
    yield (
        "mixed-parts",
        pb.Artifact(
            artifact_id="a2",
            name="report ✓",
            description="multi\nline",
            parts=[pb.Part(text="x"), pb.Part(data=value([1, {"y": None}]))],
            extensions=["urn:ext:1"],
            metadata=struct(BIG_NUMBERS),
        ),
    )
    yield "no-parts", pb.Artifact(artifact_id="a3")


def artifact_update_cases() -> Iterator[tuple[str, PbMessage]]:
    chunk = pb.Artifact(artifact_id="a1", parts=[pb.Part(text="chunk")])
    for append in (False, True):
        for last in (False, True):
            yield (
                f"append-{str(append).lower()}-last-{str(last).lower()}",
                (
                    pb.TaskArtifactUpdateEvent(
                        task_id="t", context_id="c", artifact=chunk, append=append, last_chunk=last
                    )
                ),
            )


def status_update_cases() -> Iterator[tuple[str, PbMessage]]:
    for state in pb.TaskState.values():
        name = pb.TaskState.Name(state)
        yield (
            f"state-{name}",
            pb.TaskStatusUpdateEvent(
                task_id="t", context_id="c", status=pb.TaskStatus(state=state, timestamp=ts())
            ),
        )
    yield (
        "with-metadata",
        pb.TaskStatusUpdateEvent(
            task_id="t", context_id="c", status=working_status(), metadata=struct({"x": [1]})
        ),
    )


def list_tasks_request_cases() -> Iterator[tuple[str, PbMessage]]:
    yield (
        "filters",
        pb.ListTasksRequest(
            context_id="ctx-1",
            status=pb.TASK_STATE_WORKING,
            page_size=10,
            page_token="opaque==",
            history_length=2,
            status_timestamp_after=ts(nanos=123_000_000),
            include_artifacts=True,
        ),
    )
    yield (
        "explicit-zeroes",
        pb.ListTasksRequest(
            page_size=0, history_length=0, include_artifacts=False, status_timestamp_after=EPOCH
        ),
    )
    yield "tenant-only", pb.ListTasksRequest(tenant="tenant/with:odd chars")


def get_task_request_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "history-zero", pb.GetTaskRequest(id="t", history_length=0)
    yield "history-negative", pb.GetTaskRequest(id="t", history_length=-1)
    yield "history-int32-max", pb.GetTaskRequest(id="t", history_length=2**31 - 1)
    yield "history-int32-min", pb.GetTaskRequest(id="t", history_length=-(2**31))
    yield "id-with-slash-and-colon", pb.GetTaskRequest(id="a/b:c", tenant="t1")


def send_message_request_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "simple", pb.SendMessageRequest(message=user_message())
    yield (
        "with-configuration",
        pb.SendMessageRequest(
            tenant="acme",
            message=user_message(task_id="task-1", context_id="ctx-1"),
            configuration=pb.SendMessageConfiguration(
                accepted_output_modes=["text/plain", "application/json"],
                task_push_notification_config=pb.TaskPushNotificationConfig(
                    url="https://hooks.example.com/a2a",
                    token="tok",
                    authentication=pb.AuthenticationInfo(scheme="Bearer", credentials="secret"),
                ),
                history_length=0,
                return_immediately=True,
            ),
            metadata=struct({"request": {"trace": [1, 2]}}),
        ),
    )


def send_message_response_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "task", pb.SendMessageResponse(task=sample_task())
    yield "message", pb.SendMessageResponse(message=user_message(role=pb.ROLE_AGENT))


def stream_response_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "task", pb.StreamResponse(task=sample_task())
    yield "message", pb.StreamResponse(message=user_message(role=pb.ROLE_AGENT))
    yield (
        "status-update-final",
        pb.StreamResponse(
            status_update=pb.TaskStatusUpdateEvent(
                task_id="t",
                context_id="c",
                status=pb.TaskStatus(
                    state=pb.TASK_STATE_COMPLETED, timestamp=ts(nanos=999_000_000)
                ),
            )
        ),
    )
    yield (
        "artifact-update-append",
        pb.StreamResponse(
            artifact_update=pb.TaskArtifactUpdateEvent(
                task_id="t",
                context_id="c",
                artifact=pb.Artifact(artifact_id="a", parts=[pb.Part(text="…")]),
                append=True,
                last_chunk=True,
            )
        ),
    )


def agent_card_cases() -> Iterator[tuple[str, PbMessage]]:
    yield (
        "realistic",
        pb.AgentCard(
            name="Recipe Agent 🍳",
            description="Finds recipes. Ünïcödé welcome.",
            supported_interfaces=[
                pb.AgentInterface(
                    url="https://agent.example.com/a2a",
                    protocol_binding="JSONRPC",
                    protocol_version="1.0",
                ),
                pb.AgentInterface(
                    url="https://agent.example.com/rest",
                    protocol_binding="HTTP+JSON",
                    protocol_version="1.0",
                    tenant="t1",
                ),
            ],
            provider=pb.AgentProvider(url="https://example.com", organization="Example"),
            version="1.2.3",
            documentation_url="https://example.com/docs",
            capabilities=pb.AgentCapabilities(
                streaming=True,
                push_notifications=False,
                extended_agent_card=True,
                extensions=[
                    pb.AgentExtension(
                        uri="https://example.com/ext/v1",
                        description="ext",
                        required=True,
                        params=struct({"limits": {"max": 10}}),
                    )
                ],
            ),
            security_schemes={
                "bearer": pb.SecurityScheme(
                    http_auth_security_scheme=pb.HTTPAuthSecurityScheme(
                        scheme="Bearer", bearer_format="JWT"
                    )
                ),
                "key": pb.SecurityScheme(
                    api_key_security_scheme=pb.APIKeySecurityScheme(location="header", name="X-Key")
                ),
                "oidc": pb.SecurityScheme(
                    open_id_connect_security_scheme=pb.OpenIdConnectSecurityScheme(
                        open_id_connect_url="https://example.com/.well-known/openid-configuration"
                    )
                ),
                "mtls": pb.SecurityScheme(mtls_security_scheme=pb.MutualTlsSecurityScheme()),
                "oauth": pb.SecurityScheme(
                    oauth2_security_scheme=pb.OAuth2SecurityScheme(
                        flows=pb.OAuthFlows(
                            authorization_code=pb.AuthorizationCodeOAuthFlow(
                                authorization_url="https://example.com/authorize",
                                token_url="https://example.com/token",
                                scopes={"read": "Read things", "write": "Write things"},
                                pkce_required=True,
                            )
                        ),
                        oauth2_metadata_url="https://example.com/.well-known/oauth-authorization-server",
                    )
                ),
            },
            security_requirements=[
                pb.SecurityRequirement(schemes={"bearer": pb.StringList()}),
                pb.SecurityRequirement(
                    schemes={
                        "oauth": pb.StringList(list=["read", "write"]),
                        "mtls": pb.StringList(),
                    }
                ),
            ],
            default_input_modes=["text/plain"],
            default_output_modes=["text/plain", "application/json"],
            skills=[
                pb.AgentSkill(
                    id="find",
                    name="Find recipes",
                    description="Searches recipes",
                    tags=["cooking", "料理"],
                    examples=["pasta without eggs"],
                    input_modes=["text/plain"],
                    output_modes=["application/json"],
                )
            ],
            signatures=[
                pb.AgentCardSignature(
                    protected="eyJhbGciOiJFUzI1NiJ9",
                    signature="c2lnbmF0dXJl",
                    header=struct({"kid": "key-1", "jku": None}),
                )
            ],
            icon_url="https://example.com/icon.png",
        ),
    )
    yield "capabilities-empty", pb.AgentCard(name="n", capabilities=pb.AgentCapabilities())
    yield (
        "capabilities-all-false",
        pb.AgentCard(
            name="n",
            capabilities=pb.AgentCapabilities(
                streaming=False, push_notifications=False, extended_agent_card=False
            ),
        ),
    )


def list_tasks_response_cases() -> Iterator[tuple[str, Any]]:
    """(name, serialized) pairs: ListTasks goes through the SDK's own serializer."""
    tasks = [
        sample_task("task-2", artifacts=[pb.Artifact(artifact_id="a", parts=[pb.Part(text="x")])]),
        pb.Task(id="task-1", status=pb.TaskStatus(state=pb.TASK_STATE_SUBMITTED)),
        pb.Task(id="task-0", status=pb.TaskStatus(), history=[pb.Message(message_id="m")]),
    ]
    page = pb.ListTasksResponse(tasks=tasks, next_page_token="next", page_size=3, total_size=7)
    yield "page-with-artifacts", serialize_list_tasks_response(page, include_artifacts=True)
    yield "page-without-artifacts", serialize_list_tasks_response(page, include_artifacts=False)
    yield (
        "empty-without-artifacts",
        serialize_list_tasks_response(pb.ListTasksResponse(), include_artifacts=False),
    )
    yield (
        "last-page",
        serialize_list_tasks_response(
            pb.ListTasksResponse(tasks=tasks[:1], page_size=50, total_size=1),
            include_artifacts=True,
        ),
    )


def push_config_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "minimal-url", pb.TaskPushNotificationConfig(url="https://hooks.example.com/x")
    yield (
        "with-auth",
        pb.TaskPushNotificationConfig(
            tenant="t",
            id="cfg-1",
            task_id="task-1",
            url="https://hooks.example.com/x",
            token="opaque token ✓",
            authentication=pb.AuthenticationInfo(scheme="Basic", credentials="dXNlcjpwYXNz"),
        ),
    )
    yield (
        "auth-empty",
        pb.TaskPushNotificationConfig(url="https://h", authentication=pb.AuthenticationInfo()),
    )


def security_requirement_cases() -> Iterator[tuple[str, PbMessage]]:
    yield (
        "empty-scope-lists",
        pb.SecurityRequirement(schemes={"a": pb.StringList(), "b": pb.StringList(list=[""])}),
    )


def agent_extension_cases() -> Iterator[tuple[str, PbMessage]]:
    yield "params-nested", pb.AgentExtension(uri="urn:x", params=struct(NESTED_METADATA))
    yield "params-big-numbers", pb.AgentExtension(uri="urn:x", params=struct(BIG_NUMBERS))


EDGE_CASES: dict[str, Callable[[], Iterator[tuple[str, PbMessage]]]] = {
    "Part": part_cases,
    "Message": message_cases,
    "TaskStatus": task_status_cases,
    "Task": task_cases,
    "Artifact": artifact_cases,
    "TaskArtifactUpdateEvent": artifact_update_cases,
    "TaskStatusUpdateEvent": status_update_cases,
    "ListTasksRequest": list_tasks_request_cases,
    "GetTaskRequest": get_task_request_cases,
    "SendMessageRequest": send_message_request_cases,
    "SendMessageResponse": send_message_response_cases,
    "StreamResponse": stream_response_cases,
    "AgentCard": agent_card_cases,
    "TaskPushNotificationConfig": push_config_cases,
    "SecurityRequirement": security_requirement_cases,
    "AgentExtension": agent_extension_cases,
}
