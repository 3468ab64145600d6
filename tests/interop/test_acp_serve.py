"""`acp serve examples/echo.py`: the A2A echo agent, unchanged, over ACP and over both at once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from acp.client import Client
from acp.types import ArtifactEvent, RunAwaitingEvent, RunStatus
from tests.interop.peers import DRIVERS, free_port, run_json, running
from tests.interop.venvs import ROOT, peer_python

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def dual() -> Iterator[str]:
    """Echo served over ACP and A2A on one port."""
    port = free_port()
    args = ["-m", "acp.cli", "serve", str(ROOT / "examples" / "echo.py"), "--port", str(port)]
    with running(sys.executable, [*args, "--a2a"], port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def greeter() -> Iterator[str]:
    port = free_port()
    args = ["-m", "acp.cli", "serve", str(ROOT / "examples" / "greeter.py"), "--port", str(port)]
    with running(sys.executable, args, port):
        yield f"http://127.0.0.1:{port}"


async def test_our_client_runs_the_a2a_echo_agent_over_acp(dual: str) -> None:
    async with Client(dual) as client:
        manifest = await client.agent("echo")
        assert manifest.metadata.capabilities is not None
        assert manifest.metadata.capabilities[0].name == "Echo"
        run = await client.run_sync("echo", "hello")
        assert run.status is RunStatus.COMPLETED
        assert "".join(p.content or "" for p in run.output[0].parts) == "echo: hello"
        events = [e async for e in client.run_stream("echo", "streamed")]
        chunks = [e.part.content for e in events if isinstance(e, ArtifactEvent)]
        assert chunks == ["echo: ", "streamed"]
        failed = await client.run_sync("echo", "fail")
        assert failed.status is RunStatus.FAILED
        assert failed.error is not None
        assert failed.error.message == "You asked me to fail."


def test_acp_sdk_client_against_acp_serve(dual: str) -> None:
    driver = [str(DRIVERS / "acp_sdk_client.py")]
    seen: dict[str, Any] = run_json(
        peer_python("acp-sdk"), driver, {"base_url": dual, "scenarios": ["sync"]}
    )
    # acp_sdk_client's "sync" scenario sends "Howdy!" to the agent named echo.
    assert [p["content"] for p in seen["sync"]["output"][0]["parts"]] == ["echo: ", "Howdy!"]


@pytest.mark.parametrize("binding", ["JSONRPC", "HTTP+JSON"])
def test_a2a_sdk_client_on_the_same_port(dual: str, sdk1_python: Path, binding: str) -> None:
    seen = run_json(
        sdk1_python, [str(DRIVERS / "sdk1_client.py")], {"url": dual, "binding": binding}
    )
    assert seen["send"]["state"] == "TASK_STATE_COMPLETED"
    assert seen["send"]["artifact"] == "echo: hello"
    assert seen["stream"]["artifact"] == "echo: stream me"
    assert seen["cancel"]["state"] == "TASK_STATE_CANCELED"


async def test_input_required_is_acp_await(greeter: str) -> None:
    async with Client(greeter) as client:
        events = [e async for e in client.run_stream("greeter", "hi")]
        assert isinstance(events[-1], RunAwaitingEvent)
        run = events[-1].run
        assert run.await_request is not None
        assert run.await_request.message.text == "What is your name?"
        done = await client.run_resume_sync(run.run_id, "Ada")
        assert done.status is RunStatus.COMPLETED
        texts = [p.content for m in done.output for p in m.parts]
        assert texts == ["Hello, Ada!"]
        assert done.output[0].parts[0].name == "greeting"
