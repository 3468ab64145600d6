"""Instructions per request of a server's app, counted by callgrind.

CPU time on a shared machine moves by tens of percent between runs; the
number of instructions an app executes for one request does not.  This runs
:mod:`benchmarks.inproc` (the ASGI app called directly, no sockets, no
uvicorn) under ``valgrind --tool=callgrind`` twice, with two request counts,
and divides the difference by the extra requests: start-up and warm-up
cancel out.  Both runs of every server go in parallel, one per core.

    python -m benchmarks.instructions                       # message/jsonrpc, ours and bare
    python -m benchmarks.instructions message/rest task/jsonrpc --server ours sdk bare

Instructions are not time (a cache miss costs more than an add), but a
change that removes instructions from the hot path shows here reliably.
Needs valgrind (Debian: ``apt-get install valgrind``); about a minute per pair.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from benchmarks.processes import ROOT, server_kind
from benchmarks.scenarios import SCENARIOS

__all__ = ["count", "main"]

_COLLECTED = re.compile(rb"Collected : (\d+)")
#: Requests in the short and the long run; their difference is what is measured.
SHORT, LONG = 300, 1300


def _instructions(server: str, key: str, requests: int) -> int:
    scenario = {s.key: s for s in SCENARIOS}[key]
    request = scenario.request
    if "{task}" in request.path + (request.body or ""):
        raise SystemExit(f"{key} needs a task id; count a scenario without one")
    kind = server_kind(server)
    done = subprocess.run(
        [
            "env",
            "PYTHONHASHSEED=0",  # dict and set layouts move counts by a few percent
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            str(kind.python),
            str(ROOT / "benchmarks" / "inproc.py"),
            kind.app,
            request.method,
            request.path,
            request.body or "",
            "--expect",
            scenario.expect,
            "--count",
            str(requests),
            "--app-dir",
            str(kind.app_dir),
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no total:\n{done.stderr[-2000:].decode()}")
    return int(found.group(1))


def count(server: str, key: str) -> int:
    """Instructions per request of ``server`` in scenario ``key``."""
    with ThreadPoolExecutor(2) as pool:
        short, long = pool.map(lambda n: _instructions(server, key, n), (SHORT, LONG))
    return (long - short) // (LONG - SHORT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.instructions", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("scenarios", nargs="*", default=["message/jsonrpc"])
    parser.add_argument("--server", nargs="+", default=["ours", "bare"])
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    print(f"{'scenario':<18} {'server':<6} {'instructions/request':>21}")
    for key in args.scenarios:
        for server in args.server:
            if server == "bare" and not key.startswith("message/"):
                continue  # the bare echo only answers the Message echo
            print(f"{key:<18} {server:<6} {count(server, key):>21,}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
