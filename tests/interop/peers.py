"""Run peer programs (servers and clients from other SDKs) as subprocesses on loopback."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

DRIVERS = Path(__file__).resolve().parent / "drivers"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Block until something accepts connections on 127.0.0.1:``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"peer process exited early with code {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on port {port} within {timeout}s")


@contextlib.contextmanager
def running(
    python: Path | str, args: Sequence[str], port: int, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``python args...`` and yield once it listens on ``port``; stop it afterwards."""
    proc = subprocess.Popen(
        [str(python), *args],
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        stdout=sys.stderr,
        stderr=sys.stderr,
    )
    try:
        wait_for_port(port, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_json(
    python: Path | str, args: Sequence[str], payload: Any = None, timeout: float = 60.0
) -> Any:
    """Run a peer program that reads JSON on stdin and prints one JSON document."""
    done = subprocess.run(
        [str(python), *args],
        input=json.dumps(payload).encode(),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"peer program failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}"
        )
    return json.loads(done.stdout)
