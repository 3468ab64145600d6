"""Instructions per request of a server's app, counted by callgrind.

CPU time on a shared machine moves by tens of percent between runs; the
number of instructions an app executes for one request does not.  This runs
:mod:`benchmarks.inproc` (the ASGI app called directly, no sockets, no
uvicorn) under ``valgrind --tool=callgrind`` twice, with two request counts,
and divides the difference by the extra requests: start-up and warm-up
cancel out.  Both runs of every server go in parallel, one per core.

    python -m benchmarks.instructions                       # message/jsonrpc, ours and bare
    python -m benchmarks.instructions message/rest task/jsonrpc --server ours sdk bare

With ``--live`` the whole server process is counted instead: ``uvicorn``
with the app, under callgrind, answering requests sent one after another
over one keep-alive loopback connection, then stopped; again two request
counts, so start-up and shut-down cancel out.  That is everything the
server runs in user space for a request (HTTP parsing, the event loop, the
app); the kernel's socket work, the same for every server, is not counted.

    python -m benchmarks.instructions --live message/jsonrpc message/rest

Instructions are not time (a cache miss costs more than an add), but a
change that removes instructions from the hot path shows here reliably.
Needs valgrind (Debian: ``apt-get install valgrind``); about a minute per
server and scenario, either way.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.httpio import ResponseReader, build_request
from benchmarks.load import HEADERS
from benchmarks.processes import (
    ROOT,
    Server,
    free_port,
    inproc_command,
    server_command,
    server_env,
    server_kind,
    wait_listening,
)
from benchmarks.scenarios import SCENARIOS, Scenario

__all__ = ["count", "main"]

_COLLECTED = re.compile(rb"Collected : (\d+)")
#: Requests in the short and the long run; their difference is what is measured.
SHORT, LONG = 320, 1600


_VALGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
#: Dict and set layouts move counts by a few percent; fix the hash seed.
_FIXED_HASH = {"PYTHONHASHSEED": "0"}
#: Seconds a server may take to start, or to stop, under valgrind (about 50 times slower).
_SLOW = 600.0


def _scenario(key: str) -> Scenario:
    scenario = {s.key: s for s in SCENARIOS}[key]
    request = scenario.request
    if scenario.mode != "unary" or "{task}" in request.path + (request.body or ""):
        raise SystemExit(f"{key}: only unary scenarios without a task id can be counted")
    return scenario


def _collected(stderr: bytes) -> int:
    found = _COLLECTED.search(stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no total:\n{stderr[-2000:].decode()}")
    return int(found.group(1))


def _instructions(server: str, key: str, requests: int) -> int:
    command = inproc_command(server_kind(server), _scenario(key), "--count", str(requests))
    done = subprocess.run(
        [*_VALGRIND, *command],
        cwd=ROOT,
        env={**os.environ, **_FIXED_HASH},
        capture_output=True,
        check=True,
    )
    return _collected(done.stderr)


def _send(port: int, scenario: Scenario, first: int, requests: int) -> None:
    """Send ``requests`` requests one after another on one connection; check each reply."""
    request = scenario.request
    expect = scenario.expect.encode()
    with socket.create_connection(("127.0.0.1", port), timeout=_SLOW) as sock:
        reader = ResponseReader()
        for n in range(first, first + requests):
            body = (request.body or "").replace("{n}", f"{n:010d}").encode()
            sock.sendall(build_request(request.method, request.path, port, body, HEADERS))
            while True:
                data = sock.recv(65536)
                if not data:
                    raise RuntimeError("the server closed the connection before replying")
                if reader.feed(data):
                    break
            if reader.status != 200 or expect not in reader.body:
                raise RuntimeError(f"unexpected reply: HTTP {reader.status} {bytes(reader.body)!r}")
            reader.reset()


def _send_all(port: int, scenario: Scenario, requests: int, clients: int) -> None:
    """``requests`` requests in all, over ``clients`` connections at once (a thread each)."""
    share = requests // clients
    with ThreadPoolExecutor(clients) as pool:
        sent = [pool.submit(_send, port, scenario, i * share, share) for i in range(clients)]
        for future in sent:
            future.result()


def _live_instructions(server: str, key: str, requests: int, clients: int) -> int:
    scenario = _scenario(key)
    kind = server_kind(server)
    port = free_port()
    env = {**server_env(kind, port), **_FIXED_HASH}
    with tempfile.TemporaryDirectory(prefix="a2a-bench-") as scratch:
        log = Path(scratch) / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*_VALGRIND, *server_command(kind, port, "httptools", "asyncio")],
                cwd=kind.app_dir or ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_listening(Server(kind, port, process, log), timeout=_SLOW)
            _send_all(port, scenario, requests, clients)
            process.send_signal(signal.SIGTERM)  # uvicorn stops; callgrind prints its total
            process.wait(_SLOW)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        return _collected(log.read_bytes())


def count(server: str, key: str, *, live: bool = False, clients: int = 1) -> int:
    """Instructions per request of ``server`` in scenario ``key``.

    ``live``: the whole server process, with ``clients`` connections sending at once.
    """

    def measure(requests: int) -> int:
        if live:
            return _live_instructions(server, key, requests, clients)
        return _instructions(server, key, requests)

    with ThreadPoolExecutor(2) as pool:
        short, long = pool.map(measure, (SHORT, LONG))
    return (long - short) // (LONG - SHORT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.instructions", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("scenarios", nargs="*", default=["message/jsonrpc"])
    parser.add_argument("--server", nargs="+", default=["ours", "bare"])
    parser.add_argument(
        "--live", action="store_true", help="count the whole uvicorn process over a socket"
    )
    parser.add_argument(
        "--clients", type=int, default=1, help="--live: connections sending at once (default 1)"
    )
    args = parser.parse_args(argv)
    if args.clients < 1 or (SHORT % args.clients or LONG % args.clients):
        parser.error(f"--clients must divide {SHORT} and {LONG}")
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    print(f"{'scenario':<18} {'server':<6} {'instructions/request':>21}")
    for key in args.scenarios:
        for server in args.server:
            if server == "bare" and not key.startswith("message/"):
                continue  # the bare echo only answers the Message echo
            found = count(server, key, live=args.live, clients=args.clients)
            print(f"{key:<18} {server:<6} {found:>21,}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
