"""The official a2a-sdk 0.3 client against `a2a serve examples/echo.py --compat-0.3`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.interop.peers import DRIVERS, free_port, run_json, running
from tests.interop.venvs import ROOT, peer_python

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def compat_server() -> Iterator[str]:
    port = free_port()
    echo = str(ROOT / "examples" / "echo.py")
    args = ["-m", "a2a", "serve", echo, "--port", str(port), "--compat-0.3"]
    with running(sys.executable, args, port):
        yield f"http://127.0.0.1:{port}"


def test_sdk03_client_scenario(compat_server: str) -> None:
    python: Path = peer_python("a2a-sdk-03")
    seen = run_json(python, [str(DRIVERS / "sdk03_client.py")], {"url": compat_server})
    assert seen["send"] == {"state": "completed", "artifact": "echo: hello"}
    assert seen["stream"]["state"] == "completed"
    assert seen["stream"]["artifact"] == "echo: stream me"
    assert seen["stream"]["updates"] == [
        "status-update",
        "artifact-update",
        "artifact-update",
        "status-update",
    ]
    assert seen["get"]["state"] == "completed"
    assert seen["cancel_completed"] == -32002
    assert seen["get_unknown"] == -32001
