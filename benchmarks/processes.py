"""Start each server as its own ``uvicorn`` process, all with the same settings.

Every server runs as ``python -m uvicorn APP`` with one worker on loopback,
no access log, and the same event loop and HTTP parser (``--loop asyncio``
and ``--http httptools`` unless told otherwise), so the only difference
between them is the application.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.scenarios import Scenario

__all__ = [
    "ROOT",
    "Server",
    "ServerKind",
    "free_port",
    "inproc_command",
    "package_versions",
    "server_command",
    "server_env",
    "server_kind",
    "started",
    "wait_listening",
]

ROOT = Path(__file__).resolve().parents[1]
SERVERS_DIR = ROOT / "benchmarks" / "servers"


@dataclass(frozen=True)
class ServerKind:
    """How to start one of the compared servers."""

    name: str
    label: str
    python: Path
    app: str
    #: Run from here, with ``--app-dir`` here too (the SDK must not see our ``a2a``).
    app_dir: Path | None = None
    #: Extra environment variables.
    env: tuple[tuple[str, str], ...] = ()


def server_kind(server: str) -> ServerKind:
    """One compared server by name (``ours``, ``bare``, ``sdk``...), for the one-server tools."""
    if server == "sdk":
        sys.path.insert(0, str(ROOT))
        from benchmarks.harness import SDK_ENV
        from tests.interop.venvs import peer_python

        return ServerKind("sdk", "a2a-sdk", peer_python(SDK_ENV), "sdk_server:app", SERVERS_DIR)
    app = f"benchmarks.servers.{server}:app"
    return ServerKind(server, server, Path(sys.executable), app, ROOT)


@dataclass
class Server:
    """A running server process."""

    kind: ServerKind
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def free_port() -> int:
    """A loopback TCP port that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def inproc_command(kind: ServerKind, scenario: Scenario, *options: str) -> list[str]:
    """The ``benchmarks/inproc.py`` command that calls ``kind``'s app with ``scenario``'s request.

    ``options`` choose how long it runs (``--seconds S`` or ``--count N``).
    """
    request = scenario.request
    return [
        str(kind.python),
        str(ROOT / "benchmarks" / "inproc.py"),
        kind.app,
        request.method,
        request.path,
        request.body or "",
        "--expect",
        scenario.expect,
        *options,
        "--app-dir",
        str(kind.app_dir),
    ]


def server_env(kind: ServerKind, port: int) -> dict[str, str]:
    """The environment a server of ``kind`` runs in on ``port``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["BENCH_BASE_URL"] = f"http://127.0.0.1:{port}"
    env.update(kind.env)
    return env


def server_command(kind: ServerKind, port: int, http: str, loop: str) -> list[str]:
    """The uvicorn command line that serves ``kind`` on ``port`` (one worker, loopback)."""
    command = [
        str(kind.python),
        "-m",
        "uvicorn",
        kind.app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--loop",
        loop,
        "--http",
        http,
        "--no-access-log",
        "--log-level",
        "warning",
        "--timeout-graceful-shutdown",
        "5",
    ]
    if kind.app_dir is not None:
        command += ["--app-dir", str(kind.app_dir)]
    return command


def wait_listening(server: Server, timeout: float = 60.0) -> None:
    """Return once ``server`` accepts connections; raise if it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.kind.name} server exited early:\n{server.log_tail()}")
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", server.port), 0.2),
        ):
            return
        time.sleep(0.05)
    raise TimeoutError(f"{server.kind.name} server did not listen within {timeout}s")


def _stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@contextlib.contextmanager
def started(kinds: list[ServerKind], *, http: str, loop: str) -> Iterator[dict[str, Server]]:
    """Start one process per kind (in parallel), yield them once all listen, then stop them."""
    servers: dict[str, Server] = {}
    with tempfile.TemporaryDirectory(prefix="a2a-bench-") as logs:
        try:
            for kind in kinds:
                port = free_port()
                log = Path(logs) / f"{kind.name}.log"
                with log.open("wb") as out:
                    process = subprocess.Popen(
                        server_command(kind, port, http, loop),
                        cwd=kind.app_dir or ROOT,
                        env=server_env(kind, port),
                        stdin=subprocess.DEVNULL,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                servers[kind.name] = Server(kind, port, process, log)
            for server in servers.values():
                wait_listening(server)
            yield servers
        finally:
            for server in servers.values():
                _stop(server)


_VERSIONS = """
import importlib.metadata as m, json, platform
names = ["a2a-sdk", "a2a-lib", "uvicorn", "starlette", "httptools", "h11", "pydantic",
         "pydantic-core", "protobuf", "sse-starlette"]
found = {}
for name in names:
    try:
        found[name] = m.version(name)
    except m.PackageNotFoundError:
        pass
found["python"] = platform.python_version()
print(json.dumps(found))
"""


def package_versions(python: Path | str) -> dict[str, str]:
    """Versions of the packages that matter, as installed for ``python``."""
    done = subprocess.run(
        [str(python), "-c", _VERSIONS], capture_output=True, check=True, cwd=tempfile.gettempdir()
    )
    found: dict[str, str] = json.loads(done.stdout)
    return found
