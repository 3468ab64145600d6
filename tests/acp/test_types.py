"""ACP wire models against golden JSON captured from acp-sdk 1.0.3, in both directions."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from acp.types import (
    AgentManifest,
    AgentsListResponse,
    ArtifactEvent,
    Error,
    ErrorEvent,
    Message,
    MessagePart,
    MessagePartEvent,
    Metadata,
    Run,
    RunCreateRequest,
    RunEventsListResponse,
    RunResumeRequest,
    RunStatus,
    Session,
    TrajectoryMetadata,
    format_timestamp,
    parse_event,
)

CAPTURE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "vectors" / "acp_sdk_1.0.3_capture.json").read_text()
)


def _body(title: str) -> Any:
    return CAPTURE[title]["body"]


RUN_BODIES = [
    "Create run, mode=sync",
    "Create run, mode=async -> 202",
    "Get run (after async completion)",
    "Create run on awaiting agent, mode=sync -> returns when status=awaiting",
    "Resume awaiting run, mode=sync",
    "Cancel run -> 202 (status cancelling)",
    "Get run after cancel",
    "Failing agent, mode=sync -> 200 with status=failed",
    "Run with same session_id (2nd turn)",
]


@pytest.mark.parametrize("title", RUN_BODIES)
def test_runs_round_trip_exactly(title: str) -> None:
    body = _body(title)
    assert Run.from_dict(body).to_dict() == body
    assert json.loads(Run.from_json(json.dumps(body)).to_json()) == body


def test_manifests_round_trip_exactly() -> None:
    listed = _body("List agents")
    assert AgentsListResponse.from_dict(listed).to_dict() == listed
    assert AgentManifest.from_dict(_body("Get agent manifest")).to_dict() == _body(
        "Get agent manifest"
    )


def test_manifest_keeps_unknown_metadata_and_omits_unset_status() -> None:
    manifest = AgentManifest.from_dict(
        {"name": "x", "metadata": {"env": [{"name": "LLM", "required": True}]}}
    )
    out = manifest.to_dict()
    assert out["metadata"]["env"] == [{"name": "LLM", "required": True}]
    assert "status" not in out
    assert out["input_content_types"] == ["*/*"]
    with_status = AgentManifest.from_dict({"name": "x", "status": {"success_rate": 99.5}})
    assert with_status.to_dict()["status"]["success_rate"] == 99.5


@pytest.mark.parametrize(
    "title",
    [t for t, v in CAPTURE.items() if v["kind"] == "sse"],
)
def test_every_captured_sse_event_round_trips(title: str) -> None:
    for event in CAPTURE[title]["events"]:
        assert parse_event(event).to_dict() == event
        assert json.loads(parse_event(json.dumps(event)).to_json()) == event


def test_event_listings_round_trip() -> None:
    for title in ("List run events", "Events of cancelled run"):
        body = _body(title)
        assert RunEventsListResponse.from_dict(body).to_dict() == body


def test_parts_and_artifacts_are_distinct_event_types() -> None:
    plain = parse_event({"type": "message.part", "part": {"content": "a"}})
    named = parse_event({"type": "message.part", "part": {"name": "/r.txt", "content": "a"}})
    assert isinstance(plain, MessagePartEvent)
    assert isinstance(named, ArtifactEvent)
    assert named.type == plain.type == "message.part"
    assert isinstance(
        parse_event({"type": "error", "error": {"code": "x", "message": "m"}}), ErrorEvent
    )
    with pytest.raises(ValidationError):
        parse_event({"type": "run.teleported"})


def test_error_bodies() -> None:
    for title in ("Unknown agent -> 404", "Cancel a terminal run -> 403", "Unknown session -> 404"):
        assert Error.from_dict(_body(title)).to_dict() == _body(title)
    assert Error(code="custom", message="m").to_dict() == {
        "code": "custom",
        "message": "m",
        "data": None,
    }


def test_requests_are_lenient() -> None:
    request = RunCreateRequest.from_dict(
        CAPTURE["Create run, mode omitted (defaults to sync in SDK)"]["request"]
    )
    assert request.mode.value == "sync"
    assert request.input[0].role == "user"
    assert request.input[0].parts[0].content_type == "text/plain"
    resume = RunResumeRequest.from_dict(
        {"run_id": str(uuid.uuid4()), "await_resume": {"message": {"parts": []}}, "junk": 1}
    )
    assert resume.mode.value == "sync"
    assert "run_id" in resume.to_dict()
    assert "run_id" not in RunResumeRequest(await_resume=resume.await_resume).to_dict()


@pytest.mark.parametrize(
    "part",
    [
        {"content": "a", "content_url": "http://x/y"},
        {"content_url": "not a url"},
        {"content_encoding": "gzip"},
        {"metadata": {"kind": "vibes"}},
    ],
)
def test_invalid_parts(part: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        MessagePart.from_dict(part)


def test_part_helpers_metadata_and_extras() -> None:
    raw = MessagePart.from_bytes(b"\x00\x01", content_type="application/octet-stream", name="b")
    assert raw.content_encoding == "base64"
    assert raw.data == b"\x00\x01"
    assert raw.is_artifact
    assert MessagePart.text("hi").data == b"hi"
    assert MessagePart(content=None).data is None
    with pytest.raises(ValueError, match="base64"):
        _ = MessagePart(content="!!", content_encoding="base64").data
    traced = MessagePart.from_dict(
        {"content": "x", "metadata": {"kind": "trajectory", "tool_name": "search"}, "custom": 7}
    )
    assert isinstance(traced.metadata, TrajectoryMetadata)
    assert traced.to_dict()["custom"] == 7
    url = MessagePart.from_url("https://e.x/f.pdf", content_type="application/pdf")
    assert url.to_dict()["content_url"] == "https://e.x/f.pdf"


def test_message_roles_and_text() -> None:
    with pytest.raises(ValidationError):
        Message(role="assistant")
    message = Message.agent("a", MessagePart(content="b", content_type="text/markdown"), name="x-1")
    assert message.role == "agent/x-1"
    assert message.text == "a"
    assert Message.user("q").role == "user"


def test_timestamps_are_utc_microseconds_with_z() -> None:
    run = Run.from_dict({"agent_name": "a", "created_at": "2025-01-01T01:00:00+01:00"})
    assert run.to_dict()["created_at"] == "2025-01-01T00:00:00.000000Z"
    naive = Run(agent_name="a", created_at=datetime(2025, 1, 1))
    assert naive.to_dict()["created_at"] == "2025-01-01T00:00:00.000000Z"
    assert RunStatus.CANCELLED.is_terminal
    assert not RunStatus.CANCELLING.is_terminal


def test_aware_non_utc_datetimes_and_bad_values() -> None:
    paris = timezone(timedelta(hours=2))
    run = Run(agent_name="a", created_at=datetime(2025, 1, 1, 2, 0, tzinfo=paris))
    assert run.to_dict()["created_at"] == "2025-01-01T00:00:00.000000Z"
    assert (
        format_timestamp(datetime(2025, 1, 1, 2, 0, tzinfo=paris)) == "2025-01-01T00:00:00.000000Z"
    )
    with pytest.raises(ValidationError):
        Run.from_dict({"agent_name": "a", "created_at": [12]})
    with pytest.raises(ValidationError):
        Run.from_dict({"agent_name": "a", "created_at": "yesterday"})


def test_events_validate_from_instances() -> None:
    from acp.types._base import ACPModel
    from acp.types.events import EVENT_ADAPTER

    artifact = ArtifactEvent(part={"name": "n", "content": "c"})  # type: ignore[arg-type]
    plain = MessagePartEvent(part=MessagePart(content="c"))
    assert isinstance(EVENT_ADAPTER.validate_python(artifact), ArtifactEvent)
    assert isinstance(EVENT_ADAPTER.validate_python(plain), MessagePartEvent)
    assert isinstance(ACPModel, type)


@given(st.datetimes(timezones=st.just(timezone.utc)))
def test_timestamp_round_trip(value: datetime) -> None:
    text = format_timestamp(value)
    assert Run.from_dict({"agent_name": "a", "created_at": text}).created_at == value


def test_session_descriptor_round_trip() -> None:
    body = _body("Get session descriptor")
    assert Session.from_dict(body).to_dict() == body
    assert Metadata().to_dict()["tags"] is None
