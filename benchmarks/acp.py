"""ACP benchmark: our server against acp-sdk 1.0.3, in the same run, on loopback.

    python benchmarks/acp.py [--runs 3200] [--stream-runs 80] [--soak 10000] [--json OUT]

Each server is its own uvicorn process (uvloop + httptools on both sides),
started fresh per scenario and serving the same agents: ``echo`` for sync
runs, ``streamer`` (N text parts) for streams.  The load generator is one
raw asyncio HTTP/1.1 keep-alive client shared by both, so that the client
costs the same on both sides and stays cheap.  On Linux the server is pinned
to CPU 0 and the load generator to CPU 1.

Reported: sync runs per second (sequential, and 32 concurrent connections),
stream events per second (one stream at a time, 100 parts per run, and 8
concurrent streams), each the median of ``--repeats`` fresh servers; and the
sync-run rate per batch of 1,000 over ``--soak`` runs on one long-lived
server (ours; acp-sdk over a shorter soak, since it slows down as runs
accumulate).  Targets: at least 5x acp-sdk's runs per second and 20x its
events per second, and a flat soak (the last third of the batches within 20%
of the first third, not counting the warm-up batch).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.interop.venvs import peer_python  # noqa: E402

DRIVERS = ROOT / "tests" / "interop" / "drivers"
PAYLOAD = b'{"agent_name":"%s","input":[{"role":"user","parts":[{"content_type":"text/plain","content":"%s"}]}],"mode":"%s"}'  # noqa: E501


# -- servers -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command(kind: str, port: int) -> list[str]:
    if kind == "ours":
        return [sys.executable, "-m", "tests.interop.drivers.acp_ours_server", str(port)]
    return [str(peer_python("acp-sdk")), str(DRIVERS / "acp_sdk_server.py"), str(port)]


@contextlib.contextmanager
def server(kind: str) -> Iterator[int]:
    """A fresh server process of ``kind`` ("ours" or "acp-sdk") listening on a loopback port."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        _command(kind, port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
            os.sched_setaffinity(proc.pid, {0})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{kind} server exited with {proc.returncode}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- a minimal HTTP/1.1 keep-alive client -----------------------------------------------


class Connection:
    """One keep-alive connection: POST a body, read the whole response (length or chunked)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**22)
        return cls(reader, writer)

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        self.writer.write(head + body)
        headers = await self.reader.readuntil(b"\r\n\r\n")
        status = int(headers[9:12])
        lower = headers.lower()
        if b"transfer-encoding: chunked" in lower:
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n"))[:-2], 16)
                data = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(data[:-2])
            return status, b"".join(chunks)
        start = lower.index(b"content-length:") + 15
        length = int(lower[start : lower.index(b"\r\n", start)])
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def _sync_runs(port: int, total: int, concurrency: int) -> float:
    body = PAYLOAD % (b"echo", b"Howdy!", b"sync")
    conns = [await Connection.open(port) for _ in range(concurrency)]

    async def warm(conn: Connection) -> None:
        for _ in range(max(10, 100 // concurrency)):
            await conn.post("/runs", body)

    # Warm up every connection at once: an idle one would hit the keep-alive timeout.
    await asyncio.gather(*(warm(c) for c in conns))
    per = total // concurrency

    async def worker(conn: Connection) -> None:
        for _ in range(per):
            status, data = await conn.post("/runs", body)
            if status != 200 or b'"completed"' not in data:
                raise RuntimeError(f"bad sync run answer {status}: {data[:200]!r}")

    start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - start
    for conn in conns:
        conn.close()
    return per * concurrency / elapsed


async def _stream_events(port: int, runs: int, parts: int, concurrency: int) -> float:
    body = PAYLOAD % (b"streamer", str(parts).encode(), b"stream")
    conns = [await Connection.open(port) for _ in range(concurrency)]
    await asyncio.gather(*(c.post("/runs", body) for c in conns))
    per = max(1, runs // concurrency)
    counted = 0

    async def worker(conn: Connection) -> None:
        nonlocal counted
        for _ in range(per):
            status, data = await conn.post("/runs", body)
            events = data.count(b"data: ")
            if status != 200 or b'"run.completed"' not in data or events < parts:
                raise RuntimeError(f"bad stream answer {status} with {events} events")
            counted += events

    start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - start
    for conn in conns:
        conn.close()
    return counted / elapsed


async def _soak(port: int, total: int, batch: int) -> list[float]:
    body = PAYLOAD % (b"echo", b"Howdy!", b"sync")
    conn = await Connection.open(port)
    rates = []
    for _ in range(total // batch):
        start = time.perf_counter()
        for _ in range(batch):
            status, _data = await conn.post("/runs", body)
            if status != 200:
                raise RuntimeError(f"bad soak answer {status}")
        rates.append(batch / (time.perf_counter() - start))
    conn.close()
    return rates


def _median(values: list[float]) -> float:
    return statistics.median(values)


def measure(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    """Every scenario ``args.repeats`` times, each on a fresh server; medians and all values."""
    out: dict[str, Any] = {}
    sdk = kind == "acp-sdk"
    runs = args.sdk_runs if sdk else args.runs
    stream_runs = args.sdk_stream_runs if sdk else args.stream_runs
    scenarios: list[tuple[str, Callable[[int], Coroutine[Any, Any, float]]]] = [
        ("sync_seq_runs_per_s", lambda port: _sync_runs(port, runs, 1)),
        ("sync_32conc_runs_per_s", lambda port: _sync_runs(port, runs, 32)),
        ("stream_seq_events_per_s", lambda port: _stream_events(port, stream_runs, 100, 1)),
        ("stream_8conc_events_per_s", lambda port: _stream_events(port, stream_runs, 100, 8)),
    ]
    for key, scenario in scenarios:
        values: list[float] = []
        for _ in range(args.repeats):
            with server(kind) as port:
                values.append(asyncio.run(scenario(port)))
        out[key] = _median(values)
        out[key + "_all"] = values
    soak = args.sdk_soak if sdk else args.soak
    batch = args.sdk_soak_batch if sdk else 1000
    with server(kind) as port:
        out["soak_runs_per_s_per_batch"] = asyncio.run(_soak(port, soak, batch))
        out["soak_batch"] = batch
    return out


def _flat(rates: list[float]) -> bool:
    """The last third of the batches runs at >= 80% of the first third (batch 0 is warm-up)."""
    body = rates[1:] if len(rates) > 3 else rates
    third = max(1, len(body) // 3)
    return statistics.mean(body[-third:]) >= 0.8 * statistics.mean(body[:third])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3200, help="our sync runs per scenario")
    parser.add_argument("--sdk-runs", type=int, default=320, help="acp-sdk sync runs per scenario")
    parser.add_argument("--stream-runs", type=int, default=80, help="our 100-part stream runs")
    parser.add_argument("--sdk-stream-runs", type=int, default=16, help="acp-sdk stream runs")
    parser.add_argument("--soak", type=int, default=10_000, help="our soak: runs on one server")
    parser.add_argument("--sdk-soak", type=int, default=1000, help="acp-sdk soak runs")
    parser.add_argument("--sdk-soak-batch", type=int, default=200, help="acp-sdk soak batch")
    parser.add_argument("--repeats", type=int, default=3, help="fresh-server repeats (median)")
    parser.add_argument(
        "--json",
        type=Path,
        default=ROOT / "benchmarks" / "results" / "acp.json",
        help="where to write the results (default benchmarks/results/acp.json)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})

    results = {"acp-sdk": measure("acp-sdk", args), "ours": measure("ours", args)}
    sdk, ours = results["acp-sdk"], results["ours"]
    rows = [
        ("sync runs/s, sequential", "sync_seq_runs_per_s"),
        ("sync runs/s, 32 concurrent", "sync_32conc_runs_per_s"),
        ("stream events/s, sequential (100 parts)", "stream_seq_events_per_s"),
        ("stream events/s, 8 concurrent streams", "stream_8conc_events_per_s"),
    ]
    print(f"{'scenario':44} {'acp-sdk 1.0.3':>14} {'ours':>12} {'ratio':>8}")
    for label, key in rows:
        ratio = ours[key] / sdk[key]
        print(f"{label:44} {sdk[key]:14.1f} {ours[key]:12.1f} {ratio:7.1f}x")
    for kind in ("acp-sdk", "ours"):
        rates = results[kind]["soak_runs_per_s_per_batch"]
        batch = results[kind]["soak_batch"]
        shown = " ".join(f"{r:.0f}" for r in rates)
        print(f"soak {kind}: sync runs/s per batch of {batch} on one server: {shown}")
    flat = _flat(ours["soak_runs_per_s_per_batch"])
    targets = {
        "sync_5x": ours["sync_seq_runs_per_s"] >= 5 * sdk["sync_seq_runs_per_s"],
        "events_20x": ours["stream_seq_events_per_s"] >= 20 * sdk["stream_seq_events_per_s"],
        "soak_flat": flat,
    }
    print("targets:", ", ".join(f"{k}={'met' if v else 'MISSED'}" for k, v in targets.items()))
    results["targets"] = targets
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 1 if args.check and not all(targets.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
