"""``acp conformance``: our ACP server passes; servers that break one rule fail exactly it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from a2a.conformance import Level, Outcome
from acp.cli import main as acp_main
from acp.conformance import ACP, ACP_REQUIREMENTS, SuiteOptions, run_acp_suite
from acp.server import create_app
from acp.server.a2a_agent import from_a2a
from examples.conformance_agent import conformance_agent
from examples.echo import echo
from tests.conformance.conftest import explain
from tests.conformance.mutation import Call, Mutant, MutantApp
from tests.interop.peers import free_port
from tests.support.live import serve_built


def acp_app(base: str, agent: Any = conformance_agent) -> Any:
    return create_app(from_a2a(agent))


def test_every_requirement_has_a_check() -> None:
    assert set(ACP.checks) == {r.id for r in ACP_REQUIREMENTS}


async def test_our_server_passes_every_check() -> None:
    with serve_built(acp_app) as url:
        report = await run_acp_suite(SuiteOptions(url))
    assert report.failures() == [], explain(report)
    assert {r.outcome for r in report.results} == {Outcome.PASSED}
    assert report.agent == "conformance-agent"
    assert report.convention


async def test_agent_without_the_convention() -> None:
    with serve_built(lambda base: acp_app(base, echo)) as url:
        report = await run_acp_suite(SuiteOptions(url))
    assert report.failures() == [], explain(report)
    skipped = {r.id for r in report.results if r.outcome is Outcome.SKIPPED}
    assert "ACP-AWAIT-001" in skipped
    assert "ACP-RUN-SYNC-001" not in skipped


async def test_unknown_agent_is_noted() -> None:
    with serve_built(acp_app) as url:
        report = await run_acp_suite(SuiteOptions(url, agent="nobody", only=("ACP-RUN-SYNC",)))
    assert report.notes == ["the server lists no agent named 'nobody'"]
    assert [r.reason for r in report.results] == ["the server lists no agent to test"]


# -- mutants ---------------------------------------------------------------------------


def _is(call: Call, verb: str, prefix: str) -> bool:
    return call.verb == verb and call.path.startswith(prefix)


class StreamWithoutRunCreated(Mutant):
    """A run stream does not begin with run.created."""

    fails = frozenset({"ACP-RUN-STREAM-001"})

    def events(self, call: Call) -> Callable[[Any], list[Any]] | None:
        return lambda event: [] if event.get("type") == "run.created" else [event]


class MissingRunAsServerError(Mutant):
    """An unknown run is answered 500 server_error instead of 404."""

    fails = frozenset({"ACP-RUN-READ-002"})

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if _is(call, "GET", "/runs/") and status == 404:
            return 500, {"code": "server_error", "message": "boom", "data": None}
        return status, body


class UserRoleInOutput(Mutant):
    """Output messages keep the role user."""

    fails = frozenset({"ACP-RUN-MESSAGE-001"})

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if _is(call, "POST", "/runs") and isinstance(body, dict):
            for message in body.get("output") or []:
                message["role"] = "user"
        return status, body


class SessionsNotServed(Mutant):
    """GET /sessions/{id} answers 404 for every session."""

    fails = frozenset({"ACP-SESSION-001"})
    should_fail = frozenset({"ACP-SESSION-002"})

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if _is(call, "GET", "/sessions/"):
            return 404, {"code": "not_found", "message": "no session", "data": None}
        return status, body


class StreamOpenAfterAwaiting(Mutant):
    """A run stream stays open after run.awaiting."""

    fails = frozenset({"ACP-AWAIT-004"})

    def hold(self, call: Call, sent: list[Any]) -> bool:
        return any(isinstance(e, dict) and e.get("type") == "run.awaiting" for e in sent)


class ManifestWithoutInputTypes(Mutant):
    """Manifests lack input_content_types."""

    fails = frozenset({"ACP-MANIFEST-001"})

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if _is(call, "GET", "/agents") and isinstance(body, dict):
            for manifest in body.get("agents") or [body]:
                manifest.pop("input_content_types", None)
        return status, body


class FinishedRunResumed(Mutant):
    """Resuming a completed run is accepted (the acp-sdk 1.0.3 bug)."""

    should_fail = frozenset({"ACP-AWAIT-003"})

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        resuming = call.verb == "POST" and call.path.count("/") == 2 and call.path != "/runs"
        if resuming and call.path.startswith("/runs/") and status == 409:
            return 200, {"run_id": call.path.rsplit("/", 1)[-1], "status": "in-progress"}
        return status, body


ACP_MUTANTS = [
    StreamWithoutRunCreated,
    MissingRunAsServerError,
    UserRoleInOutput,
    SessionsNotServed,
    StreamOpenAfterAwaiting,
    ManifestWithoutInputTypes,
    FinishedRunResumed,
]


@pytest.mark.parametrize("mutant_class", ACP_MUTANTS, ids=lambda cls: cls.__name__)
async def test_suite_fails_exactly_the_broken_rule(mutant_class: type[Mutant]) -> None:
    mutant = mutant_class()
    with serve_built(lambda base: MutantApp(acp_app(base), mutant)) as url:
        report = await run_acp_suite(SuiteOptions(url))
    assert report.failing_ids(Level.MUST) == mutant.fails, explain(report)
    assert report.failing_ids(Level.SHOULD) == mutant.should_fail, explain(report)
    assert report.failing_ids(Level.MAY) == set(), explain(report)


# -- the command ----------------------------------------------------------------------


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "acp.json"
    with serve_built(acp_app) as url:
        assert acp_main(["conformance", url, "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "ACP conformance of 'conformance-agent'" in out
    assert "PASS" in out
    data = json.loads(report.read_text())
    assert data["suite"] == "acp-conformance"
    assert data["counts"]["MUST"]["failed"] == 0


def test_command_failing_and_unreachable(capsys: pytest.CaptureFixture[str]) -> None:
    mutant = UserRoleInOutput()
    with serve_built(lambda base: MutantApp(acp_app(base), mutant)) as url:
        assert acp_main(["conformance", url, "--level", "must"]) == 1
    assert "FAIL: 1 MUST requirements not met: ACP-RUN-MESSAGE-001" in capsys.readouterr().out
    assert acp_main(["conformance", f"http://127.0.0.1:{free_port()}"]) == 2


def test_the_document_lists_the_acp_table() -> None:
    from acp.conformance.docs import END, START, render_requirements

    text = (Path(__file__).resolve().parents[2] / "spec" / "conformance.md").read_text()
    assert text.split(START, 1)[1].split(END, 1)[0].strip() == render_requirements().strip()
