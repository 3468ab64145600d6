"""The suite's own webhook receiver for push notification checks.

A small Starlette app served by uvicorn in a background thread (a thread, so
that it never touches the caller's signal handlers or event loop).  Each check
asks for a fresh hook path and later reads what the agent POSTed to it,
headers and body exactly as received.  The receiver always answers 200, as a
webhook MUST (A2A §4.3.3).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

__all__ = ["Notification", "WebhookReceiver"]

#: Largest notification body the receiver keeps.
MAX_BODY = 4 * 2**20


@dataclass
class Notification:
    """One POST received on a hook."""

    hook: str
    headers: dict[str, str]
    text: str
    json: Any
    at: float = field(default_factory=time.monotonic)


class WebhookReceiver:
    """Listens on ``host`` (port chosen by the OS) until :meth:`close`.

    ``public_url`` replaces ``http://host:port`` in the URLs handed to the
    agent, for agents that reach the suite through another address.
    """

    def __init__(self, host: str = "127.0.0.1", public_url: str | None = None) -> None:
        self.host = host
        self.public_url = public_url.rstrip("/") if public_url else None
        self._received: dict[str, list[Notification]] = {}
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self.base = ""

    async def _hook(self, request: Request) -> Response:
        name = request.path_params["name"]
        body = await request.body()
        text = body[:MAX_BODY].decode("utf-8", errors="replace")
        try:
            decoded: Any = json.loads(text)
        except ValueError:
            decoded = None
        headers = {k.lower(): v for k, v in request.headers.items()}
        self._received.setdefault(name, []).append(Notification(name, headers, text, decoded))
        return Response(status_code=200)

    async def start(self) -> None:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        port = sock.getsockname()[1]
        app = Starlette(routes=[Route("/hook/{name}", self._hook, methods=["POST"])])
        config = uvicorn.Config(app, log_level="error", lifespan="off", access_log=False)
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="a2a-webhook"
        )
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                sock.close()
                raise RuntimeError("the webhook receiver did not start")
            await asyncio.sleep(0.01)
        self._server, self._thread, self._sock = server, thread, sock
        literal = f"[{self.host}]" if ":" in self.host else self.host
        self.base = self.public_url or f"http://{literal}:{port}"

    def new_hook(self) -> tuple[str, str]:
        """A fresh hook: ``(name, url to give the agent)``."""
        name = uuid.uuid4().hex
        return name, f"{self.base}/hook/{name}"

    def received(self, name: str) -> list[Notification]:
        return list(self._received.get(name, []))

    async def wait(self, name: str, until: Any, timeout: float) -> list[Notification]:
        """Wait until ``until(notifications)`` holds or ``timeout`` passes; return what came."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.received(name)
            if until(got) or time.monotonic() >= deadline:
                return got
            await asyncio.sleep(0.02)

    async def close(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._thread.join, 10)
        if self._sock is not None:
            self._sock.close()
