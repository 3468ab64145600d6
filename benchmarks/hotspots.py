"""Where a server's CPU time goes: ``python -m benchmarks.hotspots [SCENARIO] [options]``.

Two ways, both sampled with ``py-spy``:

* ``--in-process`` (the clearer one): the application alone, called
  directly by :mod:`benchmarks.inproc` without uvicorn or sockets.  Samples
  fall where the CPU works, because nothing waits on I/O.
* live (the default): the real server under the load generator.  On a busy
  machine, samples pile up where the server is preempted, mostly right after
  a socket write wakes the client, so syscall frames look bigger than the
  kernel share of CPU time (the benchmark's ``sys`` column) says they are.

Prints the functions with the most samples, inclusive and self, each as a
share of the samples and as microseconds per request (the share times the
CPU time per request measured in the same run).  Sampling slows the process
a little, so the per-request figures run somewhat above a plain run.

    python -m benchmarks.hotspots message/jsonrpc --in-process --seconds 5
    python -m benchmarks.hotspots task/rest --server sdk --clients 32
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.processes import ROOT, ServerKind, inproc_command, server_kind, started
from benchmarks.scenarios import SCENARIOS, Scenario, load_spec

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


def folded_profile(raw: str, within: str = "") -> tuple[int, Counter[str], Counter[str]]:
    """Total samples, inclusive and self counts per function, from py-spy's raw output.

    With ``within``, only stacks holding that text count (e.g. leaving out imports).
    """
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit() or within not in stack:
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


def _spy(target: list[str], out: Path, seconds: float | None) -> list[str]:
    """The py-spy command line: for ``seconds``, or (``None``) until the target exits."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    command = [spy, "record", "--rate", "250", "--format", "raw", "--output", str(out)]
    if seconds is not None:
        command += ["--duration", str(max(1, int(seconds)))]
    return command + target


def _live(scenario: Scenario, kind: ServerKind, args: argparse.Namespace, out: Path) -> float:
    """Profile the running server under load; CPU microseconds per unit."""
    live = ServerKind(
        kind.name, kind.label, kind.python, kind.app, None if kind.name != "sdk" else kind.app_dir
    )
    with started([live], http=args.http, loop="asyncio") as servers:
        server = servers[kind.name]
        spec = load_spec(
            scenario, args.clients, server.port, server.pid, warmup=1.0, duration=args.seconds
        )
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
        time.sleep(1.0)  # the warm-up
        target = ["--nonblocking", "--pid", str(server.pid)]
        subprocess.run(_spy(target, out, args.seconds - 0.5), check=True, capture_output=True)
        loader.join()
    units = result["events"] if scenario.mode == "stream" else result["requests"]
    return float(result["server_cpu_s"]) / max(int(units), 1) * 1e6


def _in_process(scenario: Scenario, kind: ServerKind, args: argparse.Namespace, out: Path) -> float:
    """Profile the application called directly; CPU microseconds per request."""
    request = scenario.request
    if "{task}" in request.path + (request.body or ""):
        raise SystemExit(f"{scenario.key} needs a task id; profile it live instead")
    script = inproc_command(kind, scenario, "--seconds", str(args.seconds + 2))
    done = subprocess.run(
        _spy(["--", *script], out, None),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("{"))
    return float(json.loads(line)["cpu_us"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.hotspots", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        default="message/jsonrpc",
        help="scenario key, e.g. message/jsonrpc, task/rest, stream/jsonrpc",
    )
    parser.add_argument("--server", default="ours", choices=("ours", "sdk", "bare"))
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="profile the app called directly, without uvicorn or sockets",
    )
    parser.add_argument("--clients", type=int, default=1, help="live mode only")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--filter", default="", help="only list functions whose name or file holds this text"
    )
    parser.add_argument("--http", default="httptools", choices=("httptools", "h11"))
    parser.add_argument("--raw", type=Path, help="also keep py-spy's raw stacks in this file")
    args = parser.parse_args(argv)
    scenario = next((s for s in SCENARIOS if s.key == args.scenario), None)
    if scenario is None or scenario.mode == "idle":
        parser.error(f"no load scenario {args.scenario!r}")
    kind = server_kind(args.server)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "profile.txt"
        profile = _in_process if args.in_process else _live
        us = profile(scenario, kind, args, out)
        raw = out.read_text()
    if args.raw is not None:
        args.raw.write_text(raw)
    # In-process, count only the event loop's work: not the imports before it.
    total, inclusive, own = folded_profile(raw, "run_until_complete" if args.in_process else "")
    if args.filter:
        inclusive = Counter({k: v for k, v in inclusive.items() if args.filter in k})
        own = Counter({k: v for k, v in own.items() if args.filter in k})
    unit = "event" if scenario.mode == "stream" and not args.in_process else "request"
    where = "in-process app" if args.in_process else f"live server, {args.clients} clients"
    print(
        f"{kind.name} {scenario.key} ({where}): {us:,.0f} us CPU per {unit} "
        f"while sampled, {total} samples"
    )
    print(_table("\nInclusive (the function and what it calls)", inclusive, total, us, args.top))
    print(_table("\nSelf (the function's own code)", own, total, us, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
