"""Drive an ASGI app in-process, without sockets or uvicorn: the app's own CPU per request.

    python benchmarks/inproc.py MODULE:APP METHOD PATH BODY [--seconds S | --count N]
                                [--app-dir DIR]

Calls the application directly with an HTTP scope and the request body, in
a loop, for ``--seconds`` after a short warm-up, and prints one JSON line:
requests, CPU seconds, CPU microseconds per request.  Subtracting this from
the per-request CPU of a benchmark run leaves what the HTTP server (uvicorn)
and the kernel's socket work cost.  Sampled with ``py-spy``, it shows where
the application's time goes without the scheduling noise that sockets bring.

It imports nothing of ours, so it runs as a script in any environment (the
``a2a-sdk`` one too): only the standard library and the app named.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

__all__ = ["drive", "main"]

Message = dict[str, Any]
App = Callable[
    [dict[str, Any], Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
    Coroutine[Any, Any, None],
]


async def _lifespan(app: App) -> Callable[[], Awaitable[None]]:
    """Start the app's lifespan; return the coroutine function that shuts it down."""
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    started = asyncio.Event()

    async def send(message: Message) -> None:
        if message["type"].startswith("lifespan.startup"):  # .complete or .failed
            started.set()

    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    task = asyncio.create_task(app(scope, inbox.get, send))
    await inbox.put({"type": "lifespan.startup"})
    await asyncio.wait(
        {task, asyncio.create_task(started.wait())}, return_when=asyncio.FIRST_COMPLETED
    )

    async def shutdown() -> None:
        await inbox.put({"type": "lifespan.shutdown"})
        await asyncio.wait({task}, timeout=5)

    return shutdown


async def _one(app: App, scope: dict[str, Any], body: bytes, expect: bytes) -> None:
    sent = False
    finished = asyncio.Event()
    status = 0
    chunks: list[bytes] = []

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()  # a client that stays until the response ends
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                finished.set()

    await app(dict(scope), receive, send)
    reply = b"".join(chunks)
    if status != 200 or expect not in reply:
        raise RuntimeError(f"unexpected reply: HTTP {status} {reply[:300]!r}")


async def drive(
    app: App,
    method: str,
    path: str,
    body: bytes,
    *,
    seconds: float,
    expect: bytes = b"",
    count: int | None = None,
) -> dict[str, float]:
    """Call ``app`` back to back for ``seconds`` (or ``count`` times) after a warm-up."""
    shutdown = await _lifespan(app)
    headers = [(b"host", b"127.0.0.1:8000"), (b"a2a-version", b"1.0")]
    if body:
        headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    for _ in range(200):
        await _one(app, scope, body, expect)
    cpu0, end = time.process_time(), time.perf_counter() + seconds
    if count is not None:  # a fixed number: what an instruction count needs
        for _ in range(count):
            await _one(app, scope, body, expect)
    else:
        count = 0
        while time.perf_counter() < end:
            await _one(app, scope, body, expect)
            count += 1
    cpu = time.process_time() - cpu0
    await shutdown()
    return {"requests": count, "cpu_s": cpu, "cpu_us": cpu / count * 1e6}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("app", help="MODULE:ATTR of the ASGI app")
    parser.add_argument("method")
    parser.add_argument("path")
    parser.add_argument("body", help="request body ('' for none)")
    parser.add_argument("--expect", default="", help="text every reply must contain")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--count", type=int, help="exactly this many requests (not --seconds)")
    parser.add_argument("--app-dir", default="", help="put this directory first on sys.path")
    args = parser.parse_args(argv)
    # Run as a script, this file's directory heads sys.path: its modules
    # must not shadow the standard library or the app's packages.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    if args.app_dir:
        sys.path.insert(0, args.app_dir)
    module, _, attr = args.app.partition(":")
    app = getattr(importlib.import_module(module), attr)
    body = args.body.replace("{n}", "0000000001").encode()
    result = asyncio.run(
        drive(
            app,
            args.method,
            args.path,
            body,
            seconds=args.seconds,
            expect=args.expect.encode(),
            count=args.count,
        )
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
