"""The A2A server benchmark: ours, ``a2a-sdk`` 1.x and a bare Starlette echo, in one run.

For each scenario of :mod:`benchmarks.scenarios`, the harness starts the
servers it compares (one ``uvicorn`` process each), then for each round,
client count and variant (in a rotating order) runs a driver in a process of
its own: :mod:`benchmarks.load` for server scenarios, which reads the
server's CPU counters around the measured window, or
``benchmarks/clients/drive.py`` with one client library (ours or the SDK's,
in its own environment).  Signed-envelope variants get a pool of freshly
signed requests before each run.  Idle-stream scenarios get fresh servers
per stream count, so each memory figure starts from the same baseline.  The
summary goes to the terminal (:mod:`benchmarks.tables`) and to a JSON file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a2a.identity import SIGNATURES_KEY
from benchmarks.envelopes import BenchIdentity, write_pool
from benchmarks.processes import ROOT, SERVERS_DIR, Server, ServerKind, package_versions, started
from benchmarks.procstat import raise_open_files_limit
from benchmarks.report import summarize, targets
from benchmarks.scenarios import SCENARIOS, Scenario, client_spec, load_spec
from benchmarks.tables import format_tables

__all__ = ["Settings", "main", "round_order", "run"]

#: The a2a-sdk environment (a requirements file in tests/interop/requirements/).
SDK_ENV = "a2a-sdk-1-bench"

#: The largest client count in quick mode.
QUICK_MAX_CLIENTS = 4

#: Signed requests signed ahead of each run, per second of warm-up and window: above
#: any rate a server reaches here with signed envelopes (each is sent once: replays fail).
SIGNED_PER_SECOND = 1500

CLIENTS_DIR = ROOT / "benchmarks" / "clients"


@dataclass(frozen=True)
class Settings:
    """How long and how often to measure."""

    quick: bool
    rounds: int
    warmup: float
    duration: float
    idle_counts: tuple[int, ...] | None  # None: each scenario's own counts
    http: str
    loop: str
    only: tuple[str, ...]
    sdk_telemetry: bool = True


def _server_kinds(
    sdk_python: Path, sdk_telemetry: bool, identity: BenchIdentity
) -> dict[str, ServerKind]:
    ours = Path(sys.executable)
    # a2a-sdk wraps its handlers in OpenTelemetry spans whenever opentelemetry-api is
    # installed (a default install pulls it in); this switch is the SDK's documented off.
    sdk_env = () if sdk_telemetry else (("OTEL_INSTRUMENTATION_A2A_SDK_ENABLED", "false"),)
    sdk_label = "a2a-sdk 1.x" + ("" if sdk_telemetry else " (tracing off)")
    return {
        "ours": ServerKind(
            "ours", "a2a-lib (this repository)", ours, "benchmarks.servers.ours:app"
        ),
        "sdk": ServerKind("sdk", sdk_label, sdk_python, "sdk_server:app", SERVERS_DIR, sdk_env),
        "bare": ServerKind("bare", "bare Starlette JSON echo", ours, "benchmarks.servers.bare:app"),
        "ours-id": ServerKind(
            "ours-id", "a2a-lib with its identity layer", ours,
            "benchmarks.servers.ours_signed:app", env=(("BENCH_IDENTITY", identity.server_env()),),
        ),
    }  # fmt: skip


def _process(variant: str) -> str:
    """The server process a variant runs on: ``ours-id+signed`` -> ``ours-id``,
    ``sdk>ours`` (the SDK's client against our server) -> ``ours``."""
    return variant.split(">")[-1].split("+")[0]


def _load(
    spec: dict[str, Any], timeout: float, command: list[str] | None = None, cwd: Path = ROOT
) -> dict[str, Any]:
    """Run the load generator (or another driver ``command``) on ``spec``; its result."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        command or [sys.executable, "-m", "benchmarks.load"],
        input=json.dumps(spec).encode(),
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load driver failed:\n{done.stderr.decode(errors='replace')}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _record(
    scenario: Scenario, server: str, clients: int, rnd: int, result: dict[str, Any]
) -> dict[str, Any]:
    return {
        "scenario": scenario.name,
        "title": scenario.title,
        "binding": scenario.binding,
        "mode": scenario.mode,
        "clients": clients,
        "server": server,
        "round": rnd,
        **result,
    }


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _check(server: Server, result: dict[str, Any]) -> None:
    if server.process.poll() is not None:
        raise RuntimeError(f"{server.kind.name} server died:\n{server.log_tail()}")
    if result["errors"]:
        _say(f"    {result['errors']} errors, first: {result['first_error'][:200]}")


def _client_counts(scenario: Scenario, settings: Settings) -> tuple[int, ...]:
    # Quick mode keeps the concurrent case but small: draining 32 of a2a-sdk's
    # 102-event streams alone would take seconds.
    if settings.quick:
        return tuple(sorted({min(c, QUICK_MAX_CLIENTS) for c in scenario.clients}))
    return scenario.clients


@dataclass
class _Context:
    settings: Settings
    identity: BenchIdentity
    pythons: dict[str, Path]  # client library -> interpreter
    scratch: Path


def _measure(
    scenario: Scenario, variant: str, server: Server, clients: int, ctx: _Context
) -> dict[str, Any]:
    settings = ctx.settings
    timeout = 180 + settings.duration
    if scenario.mode == "client":
        library = variant.split(">")[0]
        url = f"http://127.0.0.1:{server.port}"
        spec = client_spec(scenario, clients, url, library, server.pid,
                           warmup=settings.warmup, duration=settings.duration)  # fmt: skip
        command = [str(ctx.pythons[library]), str(CLIENTS_DIR / "drive.py")]
        return _load(spec, timeout, command, cwd=CLIENTS_DIR)
    spec = load_spec(scenario, clients, server.port, server.pid,
                     warmup=settings.warmup, duration=settings.duration)  # fmt: skip
    if variant.endswith("+signed"):
        pool = ctx.scratch / "signed.jsonl"
        count = int((settings.warmup + settings.duration + 1) * SIGNED_PER_SECOND)
        write_pool(pool, ctx.identity, server.port, count)
        spec["bodies"] = str(pool)
        spec["expect"] = f'"{SIGNATURES_KEY}"'  # the reply is signed
    return _load(spec, timeout)


def round_order(servers: tuple[str, ...], rnd: int) -> list[str]:
    """The order in which round ``rnd`` measures ``servers`` (ours first in the tuple).

    This machine's speed drifts by tens of percent within seconds, so a ratio
    is steadiest between windows measured one right after the other.  With
    three servers ours runs in the middle, next to both it is compared with,
    and the direction alternates between rounds; other lists rotate, so no
    variant always runs first.
    """
    if len(servers) == 3:
        ours, one, other = servers
        middle = [one, ours, other]
        return middle if rnd % 2 == 0 else middle[::-1]
    shift = rnd % len(servers)
    return list(servers[shift:] + servers[:shift])


def _run_load_scenario(
    scenario: Scenario, servers: dict[str, Server], ctx: _Context
) -> list[dict[str, Any]]:
    raws: list[dict[str, Any]] = []
    settings = ctx.settings
    for rnd in range(settings.rounds):
        for clients in _client_counts(scenario, settings):
            for variant in round_order(scenario.servers, rnd):
                server = servers[_process(variant)]
                result = _measure(scenario, variant, server, clients, ctx)
                _check(server, result)
                raws.append(_record(scenario, variant, clients, rnd, result))
                units = result["events" if scenario.events else "requests"]
                own = "client_cpu_s" if scenario.mode == "client" else "server_cpu_s"
                _say(f"  {scenario.key:<22} round {rnd + 1} clients {clients:>2} "
                     f"{variant:<15} {units / result['seconds']:>9,.0f}/s  "
                     f"{result[own] / max(units, 1) * 1e6:>7,.0f} us")  # fmt: skip
    return raws


def _run_load_scenarios(
    scenarios: list[Scenario], kinds: dict[str, ServerKind], ctx: _Context
) -> list[dict[str, Any]]:
    """Fresh servers per scenario (so stored tasks never pile up across scenarios), or,
    in quick mode, one set of servers for all of them."""
    raws: list[dict[str, Any]] = []
    settings = ctx.settings
    batches = [scenarios] if settings.quick else [[s] for s in scenarios]
    for batch in batches:
        needed = {_process(v) for s in batch for v in s.servers}
        chosen = [kind for name, kind in kinds.items() if name in needed]
        with started(chosen, http=settings.http, loop=settings.loop) as servers:
            for scenario in batch:
                raws += _run_load_scenario(scenario, servers, ctx)
    return raws


def _run_idle_scenario(
    scenario: Scenario, kinds: dict[str, ServerKind], settings: Settings
) -> list[dict[str, Any]]:
    raws: list[dict[str, Any]] = []
    for count in settings.idle_counts or scenario.clients:
        chosen = [kinds[name] for name in scenario.servers]
        with started(chosen, http=settings.http, loop=settings.loop) as servers:
            for name in scenario.servers:
                server = servers[name]
                spec = load_spec(scenario, count, server.port, server.pid, warmup=0, duration=0)
                spec["settle"] = 0.5 if settings.quick else 2.0
                result = _load(spec, timeout=600)
                _check(server, result)
                raws.append(_record(scenario, name, count, 0, result))
                grown = (result["rss_after_kib"] - result["rss_before_kib"]) / max(
                    result["open"], 1
                )
                _say(
                    f"  {scenario.key:<22} {count:>6} streams {name:<5} "
                    f"{result['open']:>6} open  {result['rss_after_kib'] / 1024:>7.1f} MiB  "
                    f"{grown:>6.1f} KiB/stream  {result['opening_s']:.1f} s"
                )
    return raws


def _machine() -> dict[str, Any]:
    model = ""
    try:
        with open("/proc/cpuinfo") as info:
            model = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                "",
            )
    except OSError:
        pass
    with open("/proc/loadavg") as load:
        loadavg = load.read().split()[:3]
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "loadavg": [float(x) for x in loadavg],
    }


def run(settings: Settings, sdk_python: Path) -> dict[str, Any]:
    """Run every selected scenario and return the whole result document."""
    limit = raise_open_files_limit(25000)
    identity = BenchIdentity.generate()
    kinds = _server_kinds(sdk_python, settings.sdk_telemetry, identity)
    versions = {
        name: package_versions(kind.python)
        for name, kind in kinds.items()
        if name in ("ours", "sdk")
    }
    started_at = dt.datetime.now(dt.timezone.utc)
    machine = _machine()
    chosen = [
        s for s in SCENARIOS if not settings.only or any(word in s.key for word in settings.only)
    ]
    with tempfile.TemporaryDirectory(prefix="a2a-bench-") as scratch:
        ctx = _Context(settings, identity, {"ours": Path(sys.executable), "sdk": sdk_python},
                       Path(scratch))  # fmt: skip
        raws = _run_load_scenarios([s for s in chosen if s.mode != "idle"], kinds, ctx)
    for scenario in chosen:
        if scenario.mode != "idle":
            continue
        needed = max(settings.idle_counts or scenario.clients)
        if needed + 512 > limit:
            _say(f"  skipping {scenario.key}: open-files limit {limit} < {needed + 512}")
            continue
        raws += _run_idle_scenario(scenario, kinds, settings)
    summary = summarize(raws)
    verdicts = targets(summary)
    return {
        "date": started_at.date().isoformat(),
        "started": started_at.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "mode": "quick" if settings.quick else "full",
        "machine": {**machine, "loadavg_after": _machine()["loadavg"]},
        "settings": {
            "rounds": settings.rounds,
            "warmup_s": settings.warmup,
            "window_s": settings.duration,
            "uvicorn": f"--workers 1 --loop {settings.loop} --http {settings.http} --no-access-log",
            "open_files_limit": limit,
        },
        "servers": {name: kind.label for name, kind in kinds.items()},
        "versions": versions,
        **summary,
        "targets": verdicts,
        "raw": raws,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmark our A2A server against a2a-sdk 1.x and a bare Starlette echo.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke mode: short windows, one round, few idle streams (CI)",
    )
    parser.add_argument("--rounds", type=int, help="rounds per scenario (default 5; quick 1)")
    parser.add_argument(
        "--window", type=float, help="measured seconds per run (default 1.2; quick 0.3)"
    )
    parser.add_argument(
        "--warmup", type=float, help="warm-up seconds per run (default 0.2; quick 0.1)"
    )
    parser.add_argument(
        "--idle",
        type=int,
        nargs="+",
        metavar="N",
        help="idle stream counts for every idle scenario (default: 1000 and 10000 "
        "subscribers, 1000 per-task streams; quick 100)",
    )
    parser.add_argument(
        "--http",
        default="httptools",
        choices=("httptools", "h11"),
        help="uvicorn HTTP parser for every server (default httptools)",
    )
    parser.add_argument(
        "--sdk-tracing",
        default="on",
        choices=("on", "off"),
        help="a2a-sdk's OpenTelemetry wrappers (default on, as installed)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        default=(),
        metavar="WORD",
        help="run only scenarios whose key (e.g. message/rest) has a WORD",
    )
    parser.add_argument(
        "--json",
        type=Path,
        metavar="PATH",
        help="where to write the JSON (default benchmarks/results/DATE.json, "
        "quick: benchmarks/results/quick.json)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    quick = bool(args.quick)
    idle = tuple(args.idle) if args.idle else ((100,) if quick else None)
    settings = Settings(
        quick=quick,
        rounds=args.rounds or (1 if quick else 5),
        warmup=args.warmup if args.warmup is not None else (0.1 if quick else 0.2),
        duration=args.window or (0.3 if quick else 1.2),
        idle_counts=idle,
        http=args.http,
        loop="asyncio",
        only=tuple(args.only),
        sdk_telemetry=args.sdk_tracing == "on",
    )
    sys.path.insert(0, str(ROOT))
    from tests.interop.venvs import peer_python

    _say(f"building or reusing the a2a-sdk environment ({SDK_ENV}) ...")
    sdk_python = peer_python(SDK_ENV)
    began = time.monotonic()
    document = run(settings, sdk_python)
    document["elapsed_s"] = round(time.monotonic() - began, 1)
    verdicts = document["targets"]
    print(format_tables(document, verdicts))
    out = args.json or ROOT / "benchmarks" / "results" / (
        "quick.json" if quick else f"{document['date']}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"\nJSON: {out}  ({document['elapsed_s']} s)")
    failed = [r for r in document["rows"] + document["idle"] if r["errors"]]
    return 1 if failed else 0
