"""What we write, a2a-sdk 1.x reads: ``json_format.Parse`` then re-emit, unchanged.

All payloads go to the SDK in one subprocess call (the driver's ``reparse``
mode), so this whole module costs one interpreter start.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cache
from typing import Any

import pytest

from a2a.types import (
    A2AModel,
    AgentCapabilities,
    AgentCard,
    AgentExtension,
    AgentInterface,
    AgentSkill,
    APIKeySecurityScheme,
    Artifact,
    AuthenticationInfo,
    ClientCredentialsOAuthFlow,
    GetTaskRequest,
    ListTasksRequest,
    ListTasksResponse,
    Message,
    OAuth2SecurityScheme,
    OAuthFlows,
    Part,
    SecurityRequirement,
    SecurityScheme,
    SendMessageConfiguration,
    SendMessageRequest,
    SendMessageResponse,
    StreamResponse,
    StringList,
    Task,
    TaskArtifactUpdateEvent,
    TaskPushNotificationConfig,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
)
from tests.interop import regen_corpus
from tests.interop.peers import DRIVERS, run_json
from tests.interop.venvs import peer_python
from tests.types.corpus import Case, assert_same_json, cases, expected_output, expected_rejection

pytestmark = pytest.mark.interop

STAMP = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=timezone.utc)


def _built_by_us() -> dict[str, A2AModel]:
    """Objects made with our API (not read from the corpus)."""
    task = Task(
        id="task-ü",
        context_id="ctx",
        status=TaskStatus(state=TaskState.TASK_STATE_COMPLETED, timestamp=STAMP),
        artifacts=[Artifact(artifact_id="a", parts=[Part.from_text("résumé ✓")])],
        history=[Message.user("hi 😀", context_id="ctx", metadata={"n": 2**53, "f": 0.5})],
        metadata={"nested": {"list": [1, "two", None, {"three": [True]}]}, "": ""},
    )
    return {
        "message-all-part-kinds": Message.user(
            "text \u2028 \x00 </script>",
            Part.from_bytes(bytes(range(256)), media_type="application/octet-stream"),
            Part.from_url("https://example.com/ä.pdf", filename="ä.pdf"),
            Part.from_data({"k": [1, 2.5, None, "x"]}),
            Part.from_data(None),
            Part.from_data([]),
            Part.from_text(""),
        ),
        "task": task,
        "send-response-task": SendMessageResponse(task=task),
        "send-response-message": SendMessageResponse(message=Message.agent("ok")),
        "stream-artifact": StreamResponse.wrap(
            TaskArtifactUpdateEvent(
                task_id="t",
                context_id="c",
                artifact=Artifact(artifact_id="a", parts=[Part.from_text("chunk")]),
                append=True,
                last_chunk=False,
            )
        ),
        "stream-status": StreamResponse.wrap(
            TaskStatusUpdateEvent(
                task_id="t",
                context_id="c",
                status=TaskStatus(state=TaskState.TASK_STATE_INPUT_REQUIRED),
            )
        ),
        "list-tasks-page": ListTasksResponse(tasks=[task], page_size=1, total_size=3),
        "list-tasks-empty": ListTasksResponse(),
        "list-tasks-request": ListTasksRequest(
            status=TaskState.TASK_STATE_WORKING,
            page_size=0,
            include_artifacts=False,
            status_timestamp_after=STAMP,
        ),
        "get-task-history-zero": GetTaskRequest(id="a/b:c", history_length=0),
        "send-request": SendMessageRequest(
            message=Message.user("x"),
            configuration=SendMessageConfiguration(
                accepted_output_modes=["text/plain"],
                task_push_notification_config=TaskPushNotificationConfig(
                    url="https://h.example.com",
                    authentication=AuthenticationInfo(scheme="Bearer", credentials=""),
                ),
                history_length=0,
                return_immediately=False,
            ),
        ),
        "agent-card": AgentCard(
            name="A",
            description="d",
            supported_interfaces=[
                AgentInterface(url="https://a", protocol_binding="JSONRPC", protocol_version="1.0")
            ],
            version="1",
            capabilities=AgentCapabilities(
                streaming=False,
                extensions=[AgentExtension(uri="urn:x", required=True, params={"a": [1]})],
            ),
            security_schemes={
                "k": SecurityScheme(
                    api_key_security_scheme=APIKeySecurityScheme(location="header", name="X")
                ),
                "o": SecurityScheme(
                    oauth2_security_scheme=OAuth2SecurityScheme(
                        flows=OAuthFlows(
                            client_credentials=ClientCredentialsOAuthFlow(
                                token_url="https://t", scopes={"s": "scope"}
                            )
                        )
                    )
                ),
            },
            security_requirements=[SecurityRequirement(schemes={"k": StringList(list_=[])})],
            default_input_modes=["text/plain"],
            default_output_modes=["text/plain"],
            skills=[AgentSkill(id="s", name="S", description="d", tags=["t"])],
        ),
        "agent-card-bare": AgentCard(name="bare"),
    }


@cache
def _reparsed() -> list[tuple[Case, dict[str, Any], dict[str, Any]]]:
    """(case, our to_dict, SDK result) for every corpus case and every built object."""
    import a2a.types

    ours: list[tuple[Case, A2AModel]] = []
    for case in cases():
        if expected_rejection(case) is None:
            cls = getattr(a2a.types, case.type)
            ours.append((case, cls.from_dict(case.json)))
    for name, obj in _built_by_us().items():
        ours.append((Case(type(obj).__name__, f"built/{name}", None), obj))
    payload = [{"type": case.type, "text": obj.to_json().decode("utf-8")} for case, obj in ours]
    results = run_json(
        peer_python("a2a-sdk-1"), [str(DRIVERS / "sdk1_corpus.py"), "reparse"], payload
    )
    assert len(results) == len(ours)
    return [
        (case, obj.to_dict(), result) for (case, obj), result in zip(ours, results, strict=True)
    ]


def _ids() -> list[str]:
    corpus = [c.id for c in cases() if expected_rejection(c) is None]
    built = [f"{type(o).__name__}/built/{n}" for n, o in _built_by_us().items()]
    return corpus + built


@pytest.mark.parametrize("index", range(len(_ids())), ids=_ids())
def test_sdk_parses_our_json_and_emits_the_same_value(index: int) -> None:
    case, ours, result = _reparsed()[index]
    assert result["ok"], result.get("error")
    # The SDK prints ListTasks with nested defaults: compare under the documented rule.
    sdk = expected_output(Case(case.type, case.name, result["json"]))
    # Protobuf Struct numbers are doubles: our integer 1 comes back as 1.0.
    assert_same_json(sdk, ours, exact_numbers=False)


def test_non_ascii_reaches_the_sdk_as_raw_utf8() -> None:
    obj = Message.user("日本語 😀")
    assert "日本語 😀".encode() in obj.to_json()
    results = run_json(
        peer_python("a2a-sdk-1"),
        [str(DRIVERS / "sdk1_corpus.py"), "reparse"],
        [{"type": "Message", "text": obj.to_json().decode()}],
    )
    assert results[0]["json"]["parts"] == [{"text": "日本語 😀"}]


def test_sdk_refuses_what_we_refuse_to_write() -> None:
    """Sanity check of the driver: a broken payload is reported, not re-emitted."""
    results = run_json(
        peer_python("a2a-sdk-1"),
        [str(DRIVERS / "sdk1_corpus.py"), "reparse"],
        [
            {"type": "Message", "text": json.dumps({"role": "ROLE_NOPE"})},
            {"type": "Part", "text": json.dumps({"text": "a", "url": "b"})},
        ],
    )
    assert [r["ok"] for r in results] == [False, False]


def test_committed_corpus_matches_the_generator() -> None:
    stale = regen_corpus.stale(regen_corpus.render(regen_corpus.generate()))
    assert stale == [], "run: python -m tests.interop.regen_corpus"
