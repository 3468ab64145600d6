"""Where a server's CPU time goes: ``python -m benchmarks.profile [SCENARIO] [options]``.

Starts one server (ours by default), drives one scenario at it with the
load generator, and samples the server with ``py-spy`` meanwhile.  Prints
the functions with the most samples, inclusive and self, each as a share of
the samples and as microseconds per request (the share times the CPU time
per request measured in the same run).  Sampling slows the server a little,
so the per-request figures run somewhat above a plain benchmark run.

    python -m benchmarks.profile message/jsonrpc --clients 1 --seconds 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.processes import ROOT, SERVERS_DIR, ServerKind, started
from benchmarks.scenarios import SCENARIOS, load_spec

__all__ = ["folded_profile", "main"]


def _frame_name(frame: str) -> str:
    """``func (path/to/module.py:12)`` -> ``func (module.py)``: lines apart, one function."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = Path(path).name
    return f"{name} ({path})" if path else name


def folded_profile(raw: str) -> tuple[int, Counter[str], Counter[str]]:
    """Total samples, inclusive and self counts per function, from py-spy's raw output."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [_frame_name(f) for f in stack.split(";")]
        for name in set(frames):
            inclusive[name] += samples
        own[frames[-1]] += samples
    return total, inclusive, own


def _table(title: str, counts: Counter[str], total: int, us: float, top: int) -> str:
    lines = [title, f"{'share':>6} {'us/req':>7}  function"]
    for name, samples in counts.most_common(top):
        share = samples / total
        lines.append(f"{share:>6.1%} {share * us:>7.0f}  {name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument(
        "scenario",
        nargs="?",
        default="message/jsonrpc",
        help="scenario key, e.g. message/jsonrpc, task/rest, stream/jsonrpc",
    )
    parser.add_argument("--server", default="ours", choices=("ours", "sdk", "bare"))
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--filter", default="", help="only list functions whose name or file holds this text"
    )
    parser.add_argument("--http", default="httptools", choices=("httptools", "h11"))
    args = parser.parse_args(argv)
    scenario = next((s for s in SCENARIOS if s.key == args.scenario), None)
    if scenario is None or scenario.mode == "idle":
        parser.error(f"no load scenario {args.scenario!r}")
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if args.server == "sdk":
        sys.path.insert(0, str(ROOT))
        from benchmarks.harness import SDK_ENV
        from tests.interop.venvs import peer_python

        kind = ServerKind("sdk", "a2a-sdk", peer_python(SDK_ENV), "sdk_server:app", SERVERS_DIR)
    else:
        kind = ServerKind(
            args.server, args.server, Path(sys.executable), f"benchmarks.servers.{args.server}:app"
        )
    with (
        started([kind], http=args.http, loop="asyncio") as servers,
        tempfile.TemporaryDirectory() as tmp,
    ):
        server = servers[kind.name]
        spec = load_spec(
            scenario, args.clients, server.port, server.pid, warmup=1.0, duration=args.seconds
        )
        out = Path(tmp) / "profile.txt"
        result: dict[str, Any] = {}

        def drive() -> None:
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.load"],
                cwd=ROOT,
                input=json.dumps(spec).encode(),
                capture_output=True,
                check=True,
            )
            result.update(json.loads(done.stdout))

        loader = threading.Thread(target=drive)
        loader.start()
        subprocess.run(
            [
                spy,
                "record",
                "--pid",
                str(server.pid),
                "--duration",
                str(max(1, int(args.seconds))),
                "--rate",
                "250",
                "--nonblocking",
                "--format",
                "raw",
                "--output",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        loader.join()
        raw = out.read_text()
    units = result["events"] if scenario.mode == "stream" else result["requests"]
    us = result["server_cpu_s"] / max(units, 1) * 1e6
    total, inclusive, own = folded_profile(raw)
    if args.filter:
        inclusive = Counter({k: v for k, v in inclusive.items() if args.filter in k})
        own = Counter({k: v for k, v in own.items() if args.filter in k})
    unit = "event" if scenario.mode == "stream" else "request"
    print(
        f"{kind.name} {scenario.key} clients={args.clients}: {units} {unit}s, "
        f"{us:,.0f} us server CPU per {unit} (while sampled), {total} samples"
    )
    print(_table("\nInclusive (the function and what it calls)", inclusive, total, us, args.top))
    print(_table("\nSelf (the function's own code)", own, total, us, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
