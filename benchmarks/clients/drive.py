"""Drive one A2A client library closed-loop and measure it: ``python drive.py < spec.json``.

Runs as a script in our environment or the ``a2a-sdk`` one; the spec's
``client`` picks the adapter (``client_ours`` or ``client_sdk``, next to this
file).  Like the load generator, each of ``clients`` workers sends a request,
waits for the whole answer, checks it and sends the next; after ``warmup``
seconds the window opens.  What it reports first is this process's own CPU
time: what the client library costs per request.  The server's CPU time over
the same window is reported too.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["main"]

HERE = Path(__file__).resolve().parent


def _sibling(name: str, path: Path) -> ModuleType:
    """Import a standard-library-only helper by its path (the benchmarks package may
    not be importable here: in the SDK environment its ``a2a`` must not be ours)."""
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _run(spec: dict[str, Any], adapter: ModuleType) -> dict[str, Any]:
    procstat = _sibling("procstat", HERE.parent / "procstat.py")
    stats = _sibling("stats", HERE.parent / "stats.py")
    streaming = spec["mode"] == "stream"
    text, expect = spec["text"], spec["expect"]
    latencies: list[float] = []
    tally = {"events": 0, "errors": 0, "recording": False, "stopping": False}
    first_error: list[str] = []

    def on_event() -> None:  # events count as they arrive: long streams span the window
        if tally["recording"]:
            tally["events"] += 1

    async with adapter.open_client(spec["url"], spec["binding"]) as client:

        async def worker() -> None:
            while not tally["stopping"]:
                began = time.perf_counter()
                try:
                    if streaming:
                        events, outcome = await client.stream(text, on_event)
                        ok = events == spec["events"] and expect in outcome
                    else:
                        events, outcome = 0, await client.send(text)
                        ok = expect in outcome
                except Exception as exc:  # any failure is counted, never hidden
                    ok, events, outcome = False, 0, repr(exc)
                if not ok:
                    tally["errors"] += 1
                    if not first_error:
                        first_error.append(f"{events} events, {outcome}"[:500])
                elif tally["recording"]:
                    latencies.append(time.perf_counter() - began)

        workers = [asyncio.create_task(worker()) for _ in range(spec["clients"])]
        await asyncio.sleep(spec["warmup"])
        tally["recording"] = True
        began, own0 = time.perf_counter(), time.process_time()
        server0 = procstat.cpu_seconds(spec["server_pid"])
        await asyncio.sleep(spec["duration"])
        tally["recording"] = False
        seconds = time.perf_counter() - began
        own = time.process_time() - own0
        server = procstat.cpu_seconds(spec["server_pid"]) - server0
        tally["stopping"] = True
        await asyncio.wait_for(asyncio.gather(*workers), 120)
    return {
        "requests": len(latencies),
        "events": tally["events"],
        "seconds": seconds,
        "client_cpu_s": own,
        "server_cpu_s": server,
        "latency_s": stats.percentiles(latencies),
        "errors": tally["errors"],
        "first_error": first_error[0] if first_error else "",
    }


def main() -> None:
    spec = json.load(sys.stdin)
    # As a script, this directory heads sys.path: only the adapters are meant to come from it.
    adapter = importlib.import_module(f"client_{spec['client']}")
    result = asyncio.run(_run(spec, adapter))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
