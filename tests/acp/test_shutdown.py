"""A server with a request waiting on a run still stops on SIGTERM (acp-sdk's hangs forever)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from tests.interop.peers import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


def test_sigterm_with_a_stream_waiting_on_a_run() -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [
        sys.executable, "-m", "acp.cli", "serve", str(ROOT / "tests" / "acp" / "agents.py"),
        "--port", str(port), "--graceful-timeout", "0.5",
    ]  # fmt: skip
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = threading.Event()
    received: list[bytes] = []

    def stuck_stream() -> None:
        # "slow" emits one part, then waits until cancelled: the stream stays open.
        body = {"agent_name": "slow", "input": [{"parts": [{"content": "z"}]}], "mode": "stream"}
        url = f"http://127.0.0.1:{port}/runs"
        try:
            with httpx.stream("POST", url, json=body, timeout=60) as response:
                for chunk in response.iter_bytes():
                    received.append(chunk)
                    started.set()
        except httpx.HTTPError:
            pass
        started.set()

    try:
        wait_for_port(port, proc)
        reader = threading.Thread(target=stuck_stream)
        reader.start()
        assert started.wait(timeout=30)
        assert b"starting..." in b"".join(received)
        proc.terminate()
        # uvicorn re-raises the captured SIGTERM once its shutdown is done; a server
        # that hung would raise TimeoutExpired here instead.
        assert proc.wait(timeout=30) in (0, -15)
        reader.join(timeout=30)
        assert not reader.is_alive()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
