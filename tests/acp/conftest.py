"""Fixtures: our ACP app over ``httpx.ASGITransport`` (no sockets), with the test agents."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from acp.client import Client
from acp.server import ACPServer, create_app
from tests.acp.agents import AGENTS

AppFactory = Callable[..., Any]


class Clock:
    """A clock that tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@asynccontextmanager
async def serve(**options: Any) -> AsyncIterator[tuple[httpx.AsyncClient, ACPServer]]:
    """Our app with the test agents; yields a raw HTTP client and the server object."""
    server = options.pop("server", None) or ACPServer(AGENTS, **options)
    app = create_app(server=server)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://acp.test") as http:
        try:
            yield http, server
        finally:
            await server.shutdown()


@asynccontextmanager
async def acp_client(**options: Any) -> AsyncIterator[tuple[Client, ACPServer]]:
    """Our client talking to our app in-process."""
    auth = options.pop("auth", None)
    server = options.pop("server", None) or ACPServer(AGENTS, **options)
    app = create_app(server=server, auth=auth)
    client = Client("http://acp.test", transport=httpx.ASGITransport(app=app))
    try:
        yield client, server
    finally:
        await client.aclose()
        await server.shutdown()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def run_body(agent: str, text: str = "hi", mode: str = "sync", **extra: Any) -> dict[str, Any]:
    return {
        "agent_name": agent,
        "input": [{"role": "user", "parts": [{"content_type": "text/plain", "content": text}]}],
        "mode": mode,
        **extra,
    }


def sse_events(text: str) -> list[dict[str, Any]]:
    import json

    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
