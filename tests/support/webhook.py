"""A webhook receiver on loopback that records push notifications."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.live import serve_app


@dataclass
class Received:
    headers: dict[str, str]
    body: Any


@dataclass
class Receiver:
    url: str
    calls: list[Received] = field(default_factory=list)
    #: Status codes to answer, in order; 200 once exhausted.
    statuses: list[int] = field(default_factory=list)

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Wait until ``count`` notifications arrived (fails the test after ``timeout``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while len(self.calls) < count:
            if loop.time() > deadline:
                raise AssertionError(f"got {len(self.calls)} notifications, expected {count}")
            await asyncio.sleep(0.02)
        return self.calls


@contextlib.contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    receiver = Receiver(url="")

    async def hook(request: Request) -> Response:
        body = json.loads(await request.body())
        receiver.calls.append(Received(dict(request.headers), body))
        status = receiver.statuses.pop(0) if receiver.statuses else 200
        return Response(status_code=status)

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    with serve_app(app) as base:
        receiver.url = base + "/hook"
        yield receiver
