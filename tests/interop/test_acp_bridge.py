"""The official a2a-sdk client talks through `acp bridge` to agents of an acp-sdk server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.interop.peers import DRIVERS, free_port, run_json, running
from tests.interop.venvs import peer_python

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def bridge() -> Iterator[tuple[str, str]]:
    acp_port, bridge_port = free_port(), free_port()
    sdk_server = [str(DRIVERS / "acp_sdk_server.py"), str(acp_port)]
    acp_url = f"http://127.0.0.1:{acp_port}"
    with running(peer_python("acp-sdk"), sdk_server, acp_port):
        args = ["-m", "acp.cli", "bridge", acp_url, "--port", str(bridge_port)]
        with running(sys.executable, args, bridge_port):
            yield acp_url, f"http://127.0.0.1:{bridge_port}"


@pytest.fixture(scope="module")
def seen(bridge: tuple[str, str], sdk1_python: Path) -> dict[str, Any]:
    driver = [str(DRIVERS / "acp_bridge_a2a_sdk_client.py")]
    out: dict[str, Any] = run_json(sdk1_python, driver, {"url": bridge[1]})
    return out


def test_blocking_send_on_both_bindings(seen: dict[str, Any]) -> None:
    for binding in ("JSONRPC", "HTTP+JSON"):
        assert seen[f"echo_{binding}"] == {"state": "TASK_STATE_COMPLETED", "artifact": "hello"}


def test_streaming_survives_the_bridge(seen: dict[str, Any]) -> None:
    stream = seen["stream"]
    assert stream["kinds"][0] == "task"
    assert stream["kinds"].count("artifact_update") == 3  # one chunk per ACP part
    assert stream["text"] == "tok0 tok1 tok2 "
    assert stream["last"] == "TASK_STATE_COMPLETED"


def test_await_becomes_input_required_and_the_follow_up_resumes(seen: dict[str, Any]) -> None:
    turn = seen["multi_turn"]
    assert turn["first_last"] == "TASK_STATE_INPUT_REQUIRED"
    assert turn["question"] == "Approve? (yes/no)"
    assert turn["second_last"] == "TASK_STATE_COMPLETED"
    assert turn["second_text"] == "You said: yes"
    assert turn["same_task"] is True


def test_failures_and_cancellation(seen: dict[str, Any]) -> None:
    assert seen["failing"] == {"state": "TASK_STATE_FAILED", "message": "I refuse"}
    assert seen["cancel"] == {"state": "TASK_STATE_CANCELED", "artifact": "starting..."}


def test_a2a_context_keeps_the_acp_session(seen: dict[str, Any]) -> None:
    first, second = seen["session"]
    assert first == "history has 0 messages []; new input: turn 1"
    assert second.startswith("history has 2 messages [turn 1|history has 0 messages")
