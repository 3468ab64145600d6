"""Fixtures for interop tests: peer environments and our own server as a subprocess."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.interop.peers import free_port, running
from tests.interop.venvs import ROOT, peer_python


@pytest.fixture(scope="session")
def sdk1_python() -> Path:
    """Python of the a2a-sdk 1.x environment (built on first use, then cached)."""
    return peer_python("a2a-sdk-1")


@pytest.fixture(scope="module")
def echo_server() -> Iterator[str]:
    """``a2a serve examples/echo.py`` on a free loopback port, as a user would run it."""
    port = free_port()
    args = ["-m", "a2a", "serve", str(ROOT / "examples" / "echo.py"), "--port", str(port)]
    with running(sys.executable, args, port):
        yield f"http://127.0.0.1:{port}"
