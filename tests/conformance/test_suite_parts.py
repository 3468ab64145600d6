"""The suite's parts on their own: the table, the convention, lenient readers, reports, docs."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest

import a2a.conformance as conformance
from a2a.conformance import CHECKS, REQUIREMENTS, Level, Outcome, Report, select
from a2a.conformance.convention import Command, parse_command
from a2a.conformance.docs import END, START, render_requirements, update
from a2a.conformance.report import CheckResult
from a2a.conformance.requirements import REQUIREMENTS_BY_ID
from a2a.conformance.runner import _interfaces, plan
from a2a.conformance.shapes import matches, parse_state, result_kind, state_of
from a2a.conformance.wire import Wire
from a2a.errors import (
    TaskNotCancelableError,
    TaskNotFoundError,
    UnsupportedOperationError,
    error_from_rest,
)
from a2a.types import TaskState

ROOT = Path(__file__).resolve().parents[2]


def test_every_requirement_has_one_check_and_a_well_formed_row() -> None:
    assert set(CHECKS) == {r.id for r in REQUIREMENTS}
    for requirement in REQUIREMENTS:
        assert re.fullmatch(r"A2A-[A-Z]+-[A-Z0-9]+-\d{3}", requirement.id), requirement.id
        assert requirement.section, requirement.id
        assert requirement.title, requirement.id
        assert not requirement.title.endswith("."), requirement.id
    assert len(REQUIREMENTS) == len(REQUIREMENTS_BY_ID)


def test_public_names() -> None:
    assert set(conformance.__all__) == set(conformance._HOMES)
    for name in conformance.__all__:
        assert getattr(conformance, name) is not None
    with pytest.raises(AttributeError):
        _ = conformance.nothing_here  # type: ignore[attr-defined]


def test_the_document_lists_the_table() -> None:
    text = (ROOT / "spec" / "conformance.md").read_text(encoding="utf-8")
    generated = text.split(START, 1)[1].split(END, 1)[0]
    assert generated.strip() == render_requirements().strip(), (
        "spec/conformance.md is stale: run python -m a2a.conformance.docs spec/conformance.md"
    )


def test_docs_update_rewrites_only_the_marked_part(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"before\n{START}\nold\n{END}\nafter\n")
    assert update(page) is True
    assert update(page) is False
    text = page.read_text()
    assert text.startswith("before\n")
    assert text.endswith(f"{END}\nafter\n")
    assert "`A2A-CORE-SEND-001`" in text
    page.write_text("no markers")
    with pytest.raises(ValueError, match="markers"):
        update(page)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("conformance:message", Command("message")),
        ("  conformance:artifacts 3 ", Command("artifacts", 3)),
        ("conformance:chunks 0", Command("chunks", 0)),
        ("conformance:slow 0.5", Command("slow", 0.5)),
        ("conformance:input-required", Command("input-required")),
        ("conformance:fail", Command("fail")),
        ("conformance:artifacts", None),
        ("conformance:artifacts 2.5", None),
        ("conformance:artifacts 21", None),
        ("conformance:slow 61", None),
        ("conformance:slow soon", None),
        ("conformance:message now", None),
        ("conformance:dance", None),
        ("hello", None),
    ],
)
def test_convention_commands(text: str, command: Command | None) -> None:
    assert parse_command(text) == command
    if command is not None:
        assert parse_command(str(command)) == command


@pytest.mark.parametrize(
    ("value", "state"),
    [
        ("TASK_STATE_INPUT_REQUIRED", TaskState.TASK_STATE_INPUT_REQUIRED),
        ("input-required", TaskState.TASK_STATE_INPUT_REQUIRED),
        ("cancelled", TaskState.TASK_STATE_CANCELED),
        (3, TaskState.TASK_STATE_COMPLETED),
        ("TASK_STATE_UNSPECIFIED", None),
        (0, None),
        (True, None),
        ("bogus", None),
        (None, None),
    ],
)
def test_lenient_states(value: object, state: TaskState | None) -> None:
    assert parse_state(value) is state
    assert state_of({"status": {"state": value}}) is state


def test_lenient_results() -> None:
    task = {"id": "t", "status": {"state": "TASK_STATE_WORKING"}}
    message = {"role": "ROLE_AGENT", "parts": [{"text": "x"}], "messageId": "m"}
    assert result_kind({"task": task}) == ("task", task)
    assert result_kind({"message": message}) == ("message", message)
    assert result_kind(task) == ("task", task)  # a bare 0.3-style task
    assert result_kind(message) == ("message", message)
    assert result_kind({"other": 1}) == (None, None)
    assert result_kind("text") == (None, None)
    assert state_of({"context_id": "c", "status": {"state": "working"}}) is TaskState(
        "TASK_STATE_WORKING"
    )


def test_errors_without_error_info_match_by_status() -> None:
    info = {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "TASK_NOT_CANCELABLE",
            "domain": "a2a-protocol.org"}  # fmt: skip
    bare = error_from_rest(400, {"error": {"code": 400, "status": "FAILED_PRECONDITION"}})
    assert matches(bare, TaskNotCancelableError)
    assert matches(bare, UnsupportedOperationError)
    assert not matches(bare, TaskNotFoundError)
    full = error_from_rest(
        409, {"error": {"code": 409, "status": "FAILED_PRECONDITION", "details": [info]}}
    )
    assert matches(full, TaskNotCancelableError)  # 1.0.0's 409 is fine with the reason
    assert not matches(full, UnsupportedOperationError)  # the reason decides
    assert not matches(None, TaskNotFoundError)


def test_interfaces_first_of_each_binding_at_1_0() -> None:
    card = {
        "supportedInterfaces": [
            {"url": "/v03", "protocolBinding": "JSONRPC", "protocolVersion": "0.3"},
            {"url": "/rpc", "protocolBinding": "jsonrpc", "protocolVersion": "1.0.2"},
            {"url": "http://other/rpc2", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"},
            {"url": "rest", "protocolBinding": "HTTP+JSON", "tenant": "acme"},
            {"url": "grpc:443", "protocolBinding": "GRPC", "protocolVersion": "1.0"},
            "junk",
        ]
    }
    found = _interfaces(card, "http://agent/.well-known/agent-card.json")
    assert set(found) == {"JSONRPC", "HTTP+JSON"}
    assert found["JSONRPC"].url == "http://agent/rpc"
    assert found["HTTP+JSON"].url == "http://agent/.well-known/rest"
    assert found["HTTP+JSON"].tenant == "acme"


def test_selection_by_level_and_pattern() -> None:
    must = select("must")
    assert must
    assert all(c.requirement.level is Level.MUST for c in must)
    assert len(select("should")) > len(must)
    assert [c.id for c in select("may", ("A2A-CORE-GET",))] == [
        "A2A-CORE-GET-001",
        "A2A-CORE-GET-002",
    ]
    assert {c.id for c in select("may", ("a2a-sig-card-00[12]",))} == {
        "A2A-SIG-CARD-001",
        "A2A-SIG-CARD-002",
    }
    planned = plan(select("may", ("A2A-JSONRPC-PARSE", "A2A-CARD-FETCH")), ["JSONRPC", "HTTP+JSON"])
    assert [(p.check.id, p.binding) for p in planned] == [
        ("A2A-CARD-FETCH-001", None),
        ("A2A-JSONRPC-PARSE-001", "JSONRPC"),
    ]


def _report() -> Report:
    get = REQUIREMENTS_BY_ID["A2A-CORE-GET-002"]
    etag = REQUIREMENTS_BY_ID["A2A-CARD-ETAG-001"]
    report = Report("http://agent", ["JSONRPC"], "2026-01-01T00:00:00+00:00", 1.5, "Agent")
    report.results = [
        CheckResult(get, "JSONRPC", Outcome.FAILED, expected="TaskNotFoundError", seen="HTTP 500"),
        CheckResult(etag, None, Outcome.SKIPPED, reason="why <not>"),
        CheckResult(REQUIREMENTS_BY_ID["A2A-CARD-FETCH-001"], None, Outcome.PASSED),
        CheckResult(REQUIREMENTS_BY_ID["A2A-CORE-GET-001"], "JSONRPC", Outcome.ERROR, reason="x"),
    ]
    return report


def test_report_forms() -> None:
    report = _report()
    assert report.failing_ids() == {"A2A-CORE-GET-002", "A2A-CORE-GET-001"}
    assert report.failing_ids(Level.SHOULD) == set()
    assert not report.passed
    assert report.exit_code == 1
    data = json.loads(report.to_json())
    assert data["counts"]["MUST"] == {"passed": 1, "failed": 1, "skipped": 0, "error": 1}
    failed = data["results"][0]
    assert failed["expected"] == "TaskNotFoundError"
    assert failed["section"] == "3.1.3"
    suite = ET.fromstring(report.to_junit().split("?>", 1)[1])
    assert suite.get("tests") == "4"
    assert suite.get("failures") == "1"
    assert suite.get("errors") == "1"
    assert suite.get("skipped") == "1"
    failure = suite.find("testcase/failure")
    assert failure is not None
    assert failure.get("message") == "expected TaskNotFoundError; seen HTTP 500"
    assert suite.find("testcase/skipped").get("message") == "why <not>"  # type: ignore[union-attr]


async def test_wire_reads_sloppy_answers_leniently() -> None:
    answers = {
        "/rpc": httpx.Response(200, json={"id": 1, "result": {"task": {"id": "t"}}}),
        "/bare": httpx.Response(200, json={"task": {"id": "t"}}),
        "/html": httpx.Response(502, text="<html>bad gateway</html>"),
        "/stream/tasks/t:subscribe": httpx.Response(
            200,
            headers={"content-type": "text/plain"},
            content=b': ping\n\ndata: {"jsonrpc": "2.0", "id": 1, "result": {"task": {}}}\n\n'
            b'event: error\ndata: {"error": {"code": 404, "status": "NOT_FOUND"}}\n\n'
            b"data: not json\n\n",
        ),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return answers[request.url.path]

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        assert (await Wire(http, "JSONRPC", "http://a/rpc").call("GetTask", {})).result == {
            "task": {"id": "t"}
        }
        bare = await Wire(http, "JSONRPC", "http://a/bare").call("GetTask", {})
        assert bare.result == {"task": {"id": "t"}}
        assert bare.error is None
        html = await Wire(http, "JSONRPC", "http://a/html").call("GetTask", {})
        assert html.error is not None
        assert "non-JSON" not in html.describe()
        assert "HTTP 502" in html.describe()
        stream = await Wire(http, "HTTP+JSON", "http://a/stream").stream(
            "SubscribeToTask", {"id": "t"}
        )
    assert stream.closed
    assert len(stream.events) == 3
    assert stream.payloads == [{"task": {}}]  # the envelope is unwrapped leniently
    assert stream.events[1].name == "error"
    assert matches(stream.error, TaskNotFoundError)
    assert stream.events[2].json is None
