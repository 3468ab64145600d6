"""ACP <-> A2A conversions (acp.mapping) and the A2A-authored agent served over ACP, in-process."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from a2a.agent import AgentInfo, TaskContext
from a2a.agent import agent as a2a_agent
from a2a.types import AgentCard, AgentSkill, Part, Role, TaskState
from a2a.types import Message as A2AMessage
from acp.mapping import (
    RUN_TO_TASK,
    TASK_TO_RUN,
    error_from_a2a_message,
    info_from_manifest,
    manifest_from_card,
    manifest_from_info,
    message_from_a2a,
    message_to_a2a,
    part_from_a2a,
    part_to_a2a,
    session_id_for,
    slug,
)
from acp.server import ACPServer
from acp.server.a2a_agent import from_a2a
from acp.types import (
    AgentManifest,
    Capability,
    CitationMetadata,
    Message,
    MessagePart,
    Metadata,
    RunStatus,
)
from tests.acp.conftest import run_body, serve, sse_events

ROUND_TRIP_PARTS = [
    MessagePart(content="hi"),
    MessagePart(content="# t", content_type="text/markdown"),
    MessagePart(content='{"a":1}', content_type="application/json"),
    MessagePart.from_bytes(b"\x00\xff", content_type="image/png", name="/img.png"),
    MessagePart.from_url("https://e.x/r.pdf", content_type="application/pdf", name="r.pdf"),
    MessagePart(content="cited", metadata=CitationMetadata(url="https://src", start_index=0)),
]


@pytest.mark.parametrize("part", ROUND_TRIP_PARTS)
def test_parts_round_trip(part: MessagePart) -> None:
    assert part_from_a2a(part_to_a2a(part)).to_dict() == part.to_dict()


def test_part_kinds() -> None:
    assert part_to_a2a(MessagePart(content='{"a":1}', content_type="application/json")).data == {
        "a": 1
    }
    assert part_to_a2a(MessagePart(content="{bad", content_type="application/json")).text == "{bad"
    assert part_to_a2a(MessagePart(content_type="text/plain")).text == ""
    assert part_to_a2a(MessagePart.from_bytes(b"x", content_type="a/b")).raw == b"x"
    named = part_from_a2a(Part.from_text("x"), name="artifact-1")
    assert named.name == "artifact-1"
    assert named.is_artifact
    assert part_from_a2a(Part.from_bytes(b"x")).content_type == "application/octet-stream"
    assert part_from_a2a(Part.from_data([1])).content == "[1]"


def test_messages_and_roles() -> None:
    a2a = message_to_a2a([Message.user("a"), Message.user("b")], context_id="c")
    assert a2a.role is Role.ROLE_USER
    assert a2a.text == "ab"
    assert a2a.context_id == "c"
    assert message_to_a2a(Message.agent("x")).role is Role.ROLE_AGENT
    back = message_from_a2a(A2AMessage.agent("y"), agent_name="bot")
    assert back.role == "agent/bot"
    assert back.text == "y"
    assert message_from_a2a(A2AMessage.agent("y")).role == "agent"
    assert message_from_a2a(A2AMessage.user("z")).role == "user"


def test_states_and_errors() -> None:
    assert RUN_TO_TASK[RunStatus.AWAITING] is TaskState.TASK_STATE_INPUT_REQUIRED
    assert TASK_TO_RUN[TaskState.TASK_STATE_INPUT_REQUIRED] is RunStatus.AWAITING
    for status, state in RUN_TO_TASK.items():
        if status is not RunStatus.CANCELLING:
            assert TASK_TO_RUN[state] is status
    assert set(RUN_TO_TASK) == set(RunStatus)
    rejected = error_from_a2a_message(TaskState.TASK_STATE_REJECTED, None)
    assert rejected.code == "invalid_input"
    failed = error_from_a2a_message(TaskState.TASK_STATE_FAILED, A2AMessage.agent("boom"))
    assert (failed.code, failed.message) == ("server_error", "boom")


def test_names_and_sessions() -> None:
    assert slug("Echo Bot!") == "echo-bot"
    assert slug("***") == "agent"
    assert len(slug("x" * 100)) == 63
    sid = uuid.uuid4()
    assert session_id_for(str(sid)) == sid
    assert session_id_for("ctx-1") == session_id_for("ctx-1") != session_id_for("ctx-2")


def test_manifest_and_card() -> None:
    skill = AgentSkill(id="s", name="Search", description="Finds", tags=["web"])
    info = AgentInfo(
        name="My Agent", description="d", skills=[skill], documentation_url="https://d"
    )
    manifest = manifest_from_info(info)
    assert manifest.name == "my-agent"
    assert manifest.metadata.capabilities == [Capability(name="Search", description="Finds")]
    assert manifest.metadata.tags == ["web"]
    card = AgentCard(name="Remote", description="r", skills=[skill], default_input_modes=["a/b"])
    assert manifest_from_card(card).input_content_types == ["a/b"]
    assert manifest_from_card(card, "x").name == "x"
    bare = info_from_manifest(AgentManifest(name="bare"))
    assert bare.skills[0].id == "bare"
    assert bare.push_notifications is False
    rich = info_from_manifest(
        AgentManifest(
            name="r",
            metadata=Metadata(capabilities=[Capability(name="C", description="c")], tags=["t"]),
        )
    )
    assert [(s.id, s.tags) for s in rich.skills] == [("c", ["t"])]


@a2a_agent(name="Direct")
async def direct(message: A2AMessage, task: TaskContext) -> Any:
    if message.text == "parts":
        return [Part.from_text("p1"), Part.from_text("p2")]
    if message.text == "none":
        return None
    if message.text == "bad":
        return 42
    return A2AMessage.agent(f"direct: {message.text}")


@a2a_agent(name="Tasky")
async def tasky(message: A2AMessage, task: TaskContext) -> Any:
    text = message.text
    if task.state is TaskState.TASK_STATE_INPUT_REQUIRED:
        await task.complete(f"got {text}; history {len(task.history)}")
        return None
    await task.working("thinking")
    if text == "reject":
        await task.reject("no")
    elif text == "cancel":
        await task.status(TaskState.TASK_STATE_CANCELED)
    elif text == "ask":
        await task.ask("more?")
    elif text == "return":
        return "returned while working"
    return None


async def test_a2a_authored_agents_over_acp() -> None:
    server = ACPServer([from_a2a(direct), from_a2a(tasky)])
    async with serve(server=server) as (http, _):

        async def run(agent: str, text: str) -> dict[str, Any]:
            out: dict[str, Any] = (await http.post("/runs", json=run_body(agent, text))).json()
            return out

        assert (await run("direct", "hi"))["output"][0]["parts"][0]["content"] == "direct: hi"
        assert len((await run("direct", "parts"))["output"][0]["parts"]) == 2
        assert (await run("direct", "none"))["output"] == []
        assert (await run("direct", "bad"))["status"] == "failed"
        rejected = await run("tasky", "reject")
        assert rejected["status"] == "failed"
        assert rejected["error"]["code"] == "invalid_input"
        assert (await run("tasky", "cancel"))["status"] == "cancelled"
        returned = await run("tasky", "return")
        assert returned["output"][-1]["parts"][0]["content"] == "returned while working"
        stream = sse_events(
            (await http.post("/runs", json=run_body("tasky", "ask", mode="stream"))).text
        )
        generic = next(e for e in stream if e["type"] == "generic")
        assert generic["generic"]["a2a_status"] == "TASK_STATE_WORKING"
        assert stream[-1]["run"]["await_request"]["message"]["parts"][0]["content"] == "more?"
        run_id = stream[-1]["run"]["run_id"]
        resume = {"await_resume": {"message": {"parts": [{"content": "yes"}]}}, "mode": "sync"}
        done = (await http.post(f"/runs/{run_id}", json=resume)).json()
        assert done["status"] == "completed"
        assert done["output"][-1]["parts"][0]["content"] == "got yes; history 3"
