"""The load generator: closed-loop HTTP/1.1 clients over keep-alive connections.

Runs in its own process (``python -m benchmarks.load``), reads one JSON
:class:`Spec` on stdin and prints one JSON result on stdout.  It imports
nothing of ours beyond the standard library, so its cost per request stays
small and the same for every server.

* ``unary``: each connection sends a request, waits for the whole response,
  checks it, and sends the next.  After ``warmup`` seconds the measured
  window opens: the server's CPU counters are read at both ends of the
  window, so warm-up and tear-down are excluded.
* ``stream``: the same, each request being an SSE stream counted event by
  event, checked for the expected number of events.
* ``idle``: open ``connections`` SSE streams, wait for each one's first event,
  then read the server's resident memory with all of them open and idle.

Request bodies hold ``{n}`` (replaced by a fixed-width counter, so every
message id is unique and the length never changes) and ``{task}`` (the id
of a task that ``setup`` created first).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import struct
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from benchmarks.httpio import ResponseReader, SseCounter, build_request
from benchmarks.procstat import cpu_seconds, cpu_times, memory_kib, raise_open_files_limit
from benchmarks.stats import percentiles

__all__ = ["Spec", "run"]

HEADERS = {"A2A-Version": "1.0"}


@dataclass
class Spec:
    """What to send, how, and for how long."""

    port: int
    server_pid: int
    mode: str  # "unary", "stream" or "idle"
    method: str
    path: str
    body: str | None = None
    #: Bytes every good response (or a stream's last event) contains.
    expect: str = ""
    #: Events every stream must carry (``stream`` mode).
    events: int = 0
    connections: int = 1
    warmup: float = 1.0
    duration: float = 4.0
    #: A request whose reply holds a task id, sent once before the load.
    setup: dict[str, str] | None = None
    #: Connections being opened at once (``idle`` mode).
    batch: int = 100
    #: Seconds to wait with every idle stream open before reading memory.
    settle: float = 2.0
    #: A file of request bodies, one per line, each sent once in order (signed requests).
    bodies: str | None = None


class _Template:
    """Request bytes: a fixed-width counter spliced into the body, or a pool of bodies."""

    def __init__(self, spec: Spec, task_id: str) -> None:
        path = spec.path.replace("{task}", task_id)
        body = None if spec.body is None else spec.body.replace("{task}", task_id)
        self._count = 0
        self._pool: list[bytes] | None = None
        if spec.bodies is not None:
            with open(spec.bodies, "rb") as lines:
                self._pool = [
                    build_request(spec.method, path, spec.port, line.rstrip(b"\n"), HEADERS)
                    for line in lines
                ]
            self._pool.reverse()
        if body is not None and "{n}" in body:
            head, tail = body.split("{n}", 1)
            sample = build_request(
                spec.method, path, spec.port, (head + "0" * 10 + tail).encode(), HEADERS
            )
            cut = len(sample) - len(tail.encode()) - 10
            self._prefix, self._suffix = sample[:cut], sample[cut + 10 :]
            self._fixed: bytes | None = None
        else:
            self._fixed = build_request(
                spec.method, path, spec.port, None if body is None else body.encode(), HEADERS
            )

    def next(self) -> bytes:
        """The next request; :class:`IndexError` once a pool of bodies is used up."""
        if self._pool is not None:
            return self._pool.pop()
        if self._fixed is not None:
            return self._fixed
        self._count += 1
        return self._prefix + b"%010d" % self._count + self._suffix


@dataclass
class _Tally:
    recording: bool = False
    stopping: bool = False
    latencies: list[float] = field(default_factory=list)
    events: int = 0
    errors: int = 0
    first_error: str = ""

    def fail(self, what: str) -> None:
        self.errors += 1
        if not self.first_error:
            self.first_error = what[:500]


class _Client(asyncio.Protocol):
    """One keep-alive connection sending requests back to back."""

    def __init__(self, spec: Spec, template: _Template, tally: _Tally) -> None:
        self.spec = spec
        self.template = template
        self.tally = tally
        self.streaming = spec.mode == "stream"
        self.counter = SseCounter()
        self.reader = ResponseReader(self._chunk if self.streaming else None)
        self.transport: asyncio.Transport | None = None
        self.started = 0.0
        self.finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def _chunk(self, data: bytes) -> None:
        self.counter.feed(data)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._send()

    def _event(self) -> None:
        if self.tally.recording:  # events count as they arrive: long streams span the window
            self.tally.events += 1

    def _send(self) -> None:
        assert self.transport is not None
        if self.streaming:
            self.counter = SseCounter(self._event)
        try:
            request = self.template.next()
        except IndexError:
            self.tally.fail("the pool of request bodies ran out")
            self._finish()
            return
        self.started = time.perf_counter()
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        try:
            done = self.reader.feed(data)
        except ValueError as exc:
            self.tally.fail(str(exc))
            self._finish()
            return
        if not done:
            return
        elapsed = time.perf_counter() - self.started
        self._check(elapsed)
        self.reader.reset()
        if self.tally.stopping:
            self._finish()
        else:
            self._send()

    def _check(self, elapsed: float) -> None:
        tally = self.tally
        reader = self.reader
        content = self.counter.last if self.streaming else bytes(reader.body)
        if reader.status != 200 or self.spec.expect.encode() not in content:
            tally.fail(f"HTTP {reader.status}: {content[:300]!r}")
        elif self.streaming and self.spec.events and self.counter.events != self.spec.events:
            tally.fail(f"{self.counter.events} events instead of {self.spec.events}")
        elif tally.recording:
            tally.latencies.append(elapsed)

    def _finish(self) -> None:
        if self.transport is not None:
            self.transport.close()
        if not self.finished.done():
            self.finished.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.tally.stopping:
            self.tally.fail(f"connection lost: {exc!r}")
        if not self.finished.done():
            self.finished.set_result(None)


async def _setup_task(spec: Spec) -> str:
    """Send the setup request and return the id of the task in its reply."""
    if spec.setup is None:
        return ""
    body = spec.setup["body"].replace("{n}", "setup")
    request = build_request(
        spec.setup["method"], spec.setup["path"], spec.port, body.encode(), HEADERS
    )
    reader_, writer = await asyncio.open_connection("127.0.0.1", spec.port)
    writer.write(request)
    reader = ResponseReader()
    while not reader.feed(await reader_.read(65536)):
        pass
    writer.close()
    reply: Any = json.loads(bytes(reader.body))
    reply = reply.get("result", reply)
    task = reply.get("task", reply)
    if reader.status != 200 or not isinstance(task, dict) or "id" not in task:
        raise RuntimeError(f"setup failed: HTTP {reader.status} {bytes(reader.body)[:300]!r}")
    return str(task["id"])


async def _load(spec: Spec) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    template = _Template(spec, await _setup_task(spec))
    tally = _Tally()
    clients = []
    for _ in range(spec.connections):
        _, client = await loop.create_connection(
            lambda: _Client(spec, template, tally), "127.0.0.1", spec.port
        )
        clients.append(client)
    await asyncio.sleep(spec.warmup)
    tally.recording = True
    began, cpu0, own0 = time.perf_counter(), cpu_times(spec.server_pid), time.process_time()
    await asyncio.sleep(spec.duration)
    tally.recording = False
    seconds = time.perf_counter() - began
    cpu1, own = cpu_times(spec.server_pid), time.process_time() - own0
    user, system = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
    tally.stopping = True
    await asyncio.wait_for(asyncio.gather(*(c.finished for c in clients)), 60)
    return {
        "requests": len(tally.latencies),
        "events": tally.events,
        "seconds": seconds,
        "server_cpu_s": user + system,
        "server_sys_s": system,
        "client_cpu_s": own,
        "latency_s": percentiles(tally.latencies),
        "errors": tally.errors,
        "first_error": tally.first_error,
    }


class _IdleStream(asyncio.Protocol):
    """An SSE stream that is opened, then left alone."""

    def __init__(self, request: bytes) -> None:
        self.request = request
        self.counter = SseCounter(self._event)
        self.reader = ResponseReader(self.counter.feed)
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.lost = False

    def _event(self) -> None:
        if not self.opened.done():
            self.opened.set_result(None)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        try:
            if self.reader.feed(data):  # the stream ended: it is not idle
                self.lost = True
        except ValueError as exc:
            self.lost = True
            if not self.opened.done():
                self.opened.set_exception(RuntimeError(str(exc)))

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if not self.opened.done():
            self.opened.set_exception(RuntimeError(f"connection lost: {exc!r}"))

    def abort(self) -> None:
        """Close without lingering in TIME_WAIT (thousands of these would exhaust ports)."""
        if self.transport is None:
            return
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()


async def _idle(spec: Spec) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    template = _Template(spec, await _setup_task(spec))
    await asyncio.sleep(0.5)
    before = memory_kib(spec.server_pid)
    cpu0 = cpu_seconds(spec.server_pid)
    gate = asyncio.Semaphore(spec.batch)
    streams: list[_IdleStream] = []
    failures: list[str] = []

    async def open_one() -> None:
        async with gate:
            try:
                _, stream = await loop.create_connection(
                    lambda: _IdleStream(template.next()), "127.0.0.1", spec.port
                )
                streams.append(stream)
                await asyncio.wait_for(stream.opened, 60)
            except (OSError, RuntimeError, asyncio.TimeoutError) as exc:
                failures.append(repr(exc))

    began = time.perf_counter()
    await asyncio.gather(*(open_one() for _ in range(spec.connections)))
    opening = time.perf_counter() - began
    cpu = cpu_seconds(spec.server_pid) - cpu0
    await asyncio.sleep(spec.settle)
    after = memory_kib(spec.server_pid)
    still_open = sum(1 for s in streams if not s.lost)
    for stream in streams:
        stream.abort()
    await asyncio.sleep(0.5)
    return {
        "streams": spec.connections,
        "open": still_open,
        "opening_s": opening,
        "server_cpu_s": cpu,
        "rss_before_kib": before["VmRSS"],
        "rss_after_kib": after["VmRSS"],
        "rss_peak_kib": after["VmHWM"],
        "errors": spec.connections - still_open,
        "first_error": failures[0][:500] if failures else "",
    }


def run(spec: Spec) -> dict[str, Any]:
    """Run one load and return its measurements."""
    if spec.mode == "idle":
        raise_open_files_limit(spec.connections + 256)
        return asyncio.run(_idle(spec))
    return asyncio.run(_load(spec))


def main() -> None:
    spec = Spec(**json.load(sys.stdin))
    result = run(spec)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip tearing down thousands of sockets at exit


if __name__ == "__main__":
    main()
