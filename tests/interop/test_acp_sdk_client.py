"""The acp-sdk 1.0.3 client (its own venv) against our ACP server (a uvicorn subprocess)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.interop.peers import DRIVERS, free_port, run_json, running
from tests.interop.venvs import peer_python

pytestmark = pytest.mark.interop

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _ours(port: int, *extra: str) -> Any:
    args = ["-m", "tests.interop.drivers.acp_ours_server", str(port), *extra]
    return running(sys.executable, args, port, env=ENV)


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    a, b = free_port(), free_port()
    with _ours(a), _ours(b, "--allow-private-history"):
        yield f"http://127.0.0.1:{a}", f"http://127.0.0.1:{b}"


@pytest.fixture(scope="module")
def results(servers: tuple[str, str]) -> dict[str, Any]:
    scenarios = [
        "discovery", "sync", "async", "stream", "events", "await_sync", "await_stream",
        "await_async", "cancel", "failing", "errors", "session",
    ]  # fmt: skip
    payload = {"base_url": servers[0], "other_url": servers[1], "scenarios": scenarios}
    out: dict[str, Any] = run_json(
        peer_python("acp-sdk"), [str(DRIVERS / "acp_sdk_client.py")], payload
    )
    return out


def _ok(result: Any) -> Any:
    assert not (isinstance(result, dict) and "raised" in result), result
    return result


def _texts(run: dict[str, Any]) -> list[str]:
    return [p["content"] for m in run["output"] for p in m["parts"]]


def test_discovery(results: dict[str, Any]) -> None:
    out = _ok(results["discovery"])
    assert {"echo", "streamer", "approver", "slow", "failing", "history"} <= set(out["names"])
    assert out["echo"]["metadata"]["license"] == "Apache-2.0"
    assert out["echo"]["input_content_types"] == ["text/plain"]


def test_sync_run(results: dict[str, Any]) -> None:
    run = _ok(results["sync"])
    assert run["status"] == "completed"
    assert run["output"][0]["role"] == "agent/echo"
    assert _texts(run) == ["Howdy!"]


def test_async_run(results: dict[str, Any]) -> None:
    out = _ok(results["async"])
    assert out["created"]["status"] == "created"
    assert out["done"]["status"] == "completed"
    assert _texts(out["done"]) == ["Howdy async!"]


def test_stream_run(results: dict[str, Any]) -> None:
    events = _ok(results["stream"])
    types = [e["type"] for e in events]
    assert types == [
        "run.created", "run.in-progress", "message.created",
        "message.part", "message.part", "message.part", "message.completed", "run.completed",
    ]  # fmt: skip
    assert events[2]["message"]["parts"] == []
    assert [e["part"]["content"] for e in events if e["type"] == "message.part"] == [
        "tok0 ", "tok1 ", "tok2 ",
    ]  # fmt: skip
    assert _texts(events[-1]["run"]) == ["tok0 ", "tok1 ", "tok2 "]


def test_events_listing(results: dict[str, Any]) -> None:
    events = _ok(results["events"])
    assert next(e["type"] for e in events) == "run.created"
    assert events[-1]["type"] == "run.completed"


def test_await_and_resume_sync(results: dict[str, Any]) -> None:
    out = _ok(results["await_sync"])
    assert out["first"]["status"] == "awaiting"
    assert out["first"]["await_request"]["message"]["parts"][0]["content"] == "Approve? (yes/no)"
    assert out["resumed"]["status"] == "completed"
    assert _texts(out["resumed"]) == ["You said: yes"]
    # acp-sdk would flip the completed run back to in-progress and hang here.
    assert out["again"] == {"code": "invalid_input"}


def test_await_and_resume_stream(results: dict[str, Any]) -> None:
    out = _ok(results["await_stream"])
    assert [e["type"] for e in out["first"]] == [
        "run.created", "run.in-progress", "generic", "run.awaiting",
    ]  # fmt: skip
    assert out["first"][2]["generic"] == {"thought": "asking for approval"}
    second = out["second"]
    assert second[0]["type"] == "run.in-progress"
    assert second[-1]["type"] == "run.completed"
    assert _texts(second[-1]["run"]) == ["You said: no"]


def test_await_and_resume_async(results: dict[str, Any]) -> None:
    out = _ok(results["await_async"])
    assert out["waiting"]["status"] == "awaiting"
    assert out["resumed"]["status"] == "in-progress"
    assert out["done"]["status"] == "completed"


def test_cancel(results: dict[str, Any]) -> None:
    out = _ok(results["cancel"])
    assert out["cancelling"]["status"] == "cancelling"
    assert out["done"]["status"] == "cancelled"
    assert out["done"]["finished_at"] is not None
    assert out["again"]["status"] == "cancelled"  # idempotent
    assert out["events"][-1]["type"] == "run.cancelled"


def test_failing_agent(results: dict[str, Any]) -> None:
    run = _ok(results["failing"])
    assert run["status"] == "failed"
    assert run["error"] == {
        "code": "invalid_input",
        "message": "I refuse",
        "data": {"hint": "demo"},
    }


def test_errors_are_acp_errors(results: dict[str, Any]) -> None:
    assert _ok(results["errors"]) == {
        "unknown_agent": {"code": "not_found"},
        "unknown_run": {"code": "not_found"},
    }


def test_session_history_across_runs_and_servers(results: dict[str, Any]) -> None:
    out = _ok(results["session"])
    assert _texts(out["one"]) == ["history has 0 messages []; new input: turn 1"]
    assert _texts(out["two"]) == [
        "history has 2 messages [turn 1|history has 0 messages []; new input: turn 1]; "
        "new input: turn 2"
    ]
    assert len(out["session"]["history"]) == 4
    # Turn 3 runs on the second server, which reads turns 1-2 from the first one.
    assert _texts(out["three"])[0].startswith("history has 4 messages [turn 1|")
    assert len(out["other_session"]["history"]) == 6
    assert out["other_session"]["history"][:4] == out["session"]["history"]
