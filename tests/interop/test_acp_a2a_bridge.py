"""`a2a bridge A2A_URL`: A2A agents (served by `a2a serve`) reached by ACP clients.

The acp-sdk client drives sync, stream and await/resume runs through the
bridge; the greeter's INPUT_REQUIRED turn is an ACP await, and its answer the
follow-up message of the same A2A task.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from acp.client import Client
from acp.types import ArtifactEvent, RunStatus
from tests.interop.peers import DRIVERS, free_port, run_json, running
from tests.interop.venvs import ROOT, peer_python

pytestmark = pytest.mark.interop


def _bridged(example: str) -> Any:
    @pytest.fixture(scope="module")
    def fixture() -> Iterator[str]:
        a2a_port, acp_port = free_port(), free_port()
        serve = ["-m", "a2a", "serve", str(ROOT / "examples" / example), "--port", str(a2a_port)]
        with running(sys.executable, serve, a2a_port):
            bridge = [
                "-m", "acp.cli_a2a_bridge", f"http://127.0.0.1:{a2a_port}",
                "--port", str(acp_port),
            ]  # fmt: skip
            with running(sys.executable, bridge, acp_port):
                yield f"http://127.0.0.1:{acp_port}"

    return fixture


echo_bridge = _bridged("echo.py")
greeter_bridge = _bridged("greeter.py")


def _sdk(url: str, scenario: str, **cfg: Any) -> Any:
    payload = {"base_url": url, "scenarios": [scenario], **cfg}
    out = run_json(peer_python("acp-sdk"), [str(DRIVERS / "acp_sdk_client.py")], payload)
    result = out[scenario]
    assert not (isinstance(result, dict) and "raised" in result), result
    return result


def test_acp_sdk_client_runs_the_a2a_echo_agent(echo_bridge: str) -> None:
    run = _sdk(echo_bridge, "agent_sync", agent="echo", text="hello")
    assert run["status"] == "completed"
    assert "".join(p["content"] for p in run["output"][0]["parts"]) == "echo: hello"
    assert {p["name"] for p in run["output"][0]["parts"]} == {"echo"}  # an A2A artifact
    events = _sdk(echo_bridge, "agent_stream", agent="echo", text="streamed")
    parts = [e["part"]["content"] for e in events if e["type"] == "message.part"]
    assert parts == ["echo: ", "streamed"]  # the artifact's chunks, as they streamed
    assert events[-1]["type"] == "run.completed"
    failed = _sdk(echo_bridge, "agent_sync", agent="echo", text="fail")
    assert failed["status"] == "failed"
    assert failed["error"]["message"] == "You asked me to fail."


def test_input_required_through_the_bridge(greeter_bridge: str) -> None:
    out = _sdk(greeter_bridge, "agent_await", agent="greeter", text="hi", answer="Ada")
    assert out["first"]["status"] == "awaiting"
    question = out["first"]["await_request"]["message"]["parts"][0]["content"]
    assert question == "What is your name?"
    assert out["resumed"]["status"] == "completed"
    assert out["resumed"]["output"][0]["parts"][0]["content"] == "Hello, Ada!"
    assert out["events"][-1]["type"] == "run.awaiting"
    assert [e["type"] for e in out["after"]][-1] == "run.completed"


async def test_our_client_cancels_through_the_bridge(echo_bridge: str) -> None:
    async with Client(echo_bridge) as client:
        manifest = await client.agent("echo")
        assert manifest.description == "Echoes your text back, streamed as an artifact."
        started = await client.run_async("echo", "slow")
        for _ in range(500):  # bounded: wait until the A2A task is working
            if (await client.run_status(started.run_id)).status is RunStatus.IN_PROGRESS:
                break
            await asyncio.sleep(0.01)
        cancelling = await client.run_cancel(started.run_id)
        assert cancelling.status in (RunStatus.CANCELLING, RunStatus.CANCELLED)
        for _ in range(500):
            run = await client.run_status(started.run_id)
            if run.status.is_terminal:
                break
            await asyncio.sleep(0.01)
        assert run.status is RunStatus.CANCELLED
        events = await client.run_events(started.run_id)
        assert events[-1].type == "run.cancelled"
        assert not any(isinstance(e, ArtifactEvent) for e in events)  # "slow" never got to write
