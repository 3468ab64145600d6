"""Live servers (real uvicorn on loopback) for the server tests, started once per session."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from a2a.protocol.ssrf import UrlPolicy
from a2a.server import create_app
from a2a.server.auth import APIKeyAuth, BearerAuth
from a2a.server.core import Limits
from a2a.server.push import RetryPolicy
from a2a.types import AgentCard
from examples.echo import echo
from tests.support import agents
from tests.support.live import serve_app
from tests.support.wire import Wire


@dataclass
class Servers:
    echo: str
    worker: str
    replier: str
    plain: str
    strict: str
    secured: str
    small: str


EXTENDED = AgentCard(name="Worker (extended)", description="Only for signed-in callers.")


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    auth = [
        APIKeyAuth({"alice-key": "alice", "bob-key": "bob"}),
        BearerAuth({"carol-token": "carol"}),
    ]
    with contextlib.ExitStack() as stack:
        up = lambda app: stack.enter_context(serve_app(app))  # noqa: E731
        fast_push = RetryPolicy(attempts=3, first_delay=0.05, timeout=5)
        loopback = UrlPolicy(allow_private=True)
        yield Servers(
            echo=up(create_app(echo)),
            worker=up(create_app(agents.worker, webhook_policy=loopback, push_retry=fast_push)),
            replier=up(create_app(agents.replier)),
            plain=up(create_app(agents.plain)),
            strict=up(create_app(agents.strict)),
            secured=up(create_app(agents.worker, authenticators=auth, extended_card=EXTENDED)),
            small=up(
                create_app(agents.worker, limits=Limits(max_body_size=2048, sse_keepalive=0.1))
            ),
        )


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


@pytest.fixture(params=["JSONRPC", "HTTP+JSON"])
def binding(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def wire_for(http: httpx.AsyncClient, binding: str):  # type: ignore[no-untyped-def]
    """Make a :class:`Wire` for a server URL on the test's binding."""

    def make(base: str, **kwargs: object) -> Wire:
        return Wire(http, base, binding, **kwargs)  # type: ignore[arg-type]

    return make
