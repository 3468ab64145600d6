"""Conversation: one session across runs and across two servers (in-process)."""

from __future__ import annotations

from typing import Any

import httpx

from a2a.protocol.ssrf import UrlPolicy
from acp.client import Client, Conversation
from acp.server import ACPServer, create_app
from acp.types import RunCreatedEvent
from tests.acp.agents import AGENTS


async def _public(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]  # requests are routed in-process, by their Host header


def _text(run: object) -> str:
    return run.output[0].parts[0].content  # type: ignore[attr-defined,no-any-return]


async def test_a_conversation_hops_between_servers() -> None:
    # Each server fetches the other's history resources in-process, routed by Host.
    apps: dict[str, Any] = {}

    async def by_host(scope: Any, receive: Any, send: Any) -> None:
        await apps[dict(scope["headers"])[b"host"].decode()](scope, receive, send)

    fetcher = httpx.AsyncClient(transport=httpx.ASGITransport(app=by_host))
    policy = UrlPolicy(allow_http=True)
    server_a = ACPServer(
        AGENTS, url_policy=policy, history_client=fetcher, history_resolver=_public
    )
    server_b = ACPServer(
        AGENTS, url_policy=policy, history_client=fetcher, history_resolver=_public
    )
    apps["acp-a.test"] = app_a = create_app(server=server_a, public_url="http://acp-a.test")
    apps["acp-b.test"] = app_b = create_app(server=server_b, public_url="http://acp-b.test")
    a = Client("http://acp-a.test", transport=httpx.ASGITransport(app=app_a))
    b = Client("http://acp-b.test", transport=httpx.ASGITransport(app=app_b))
    talk = Conversation()
    assert (await talk.descriptor()).history == []
    one = await talk.run_sync(a, "history", "turn 1")
    assert one.session_id == talk.session_id
    two = await talk.run_sync(a, "history", "turn 2")
    assert _text(two).startswith("history has 2 messages")
    three = await talk.run_sync(b, "history", "turn 3")
    assert _text(three).startswith("history has 4 messages [turn 1|")
    events = [e async for e in talk.run_stream(a, "history", "turn 4")]
    assert isinstance(events[0], RunCreatedEvent)
    # Back on A, the descriptor forwarded from B holds all six earlier messages.
    assert "history has 6 messages" in events[-1].run.output[0].parts[0].content  # type: ignore[union-attr]
    started = await talk.run_async(b, "echo", "x")
    assert started.session_id == talk.session_id
    assert len((await talk.descriptor()).history) >= 8
    for closable in (a, b, fetcher):
        await closable.aclose()
    await server_a.shutdown()
    await server_b.shutdown()


async def test_a_new_conversation_on_a_second_server_starts_empty() -> None:
    server_a, server_b = ACPServer(AGENTS), ACPServer(AGENTS)
    a = Client("http://a.test", transport=httpx.ASGITransport(app=create_app(server=server_a)))
    b = Client("http://b.test", transport=httpx.ASGITransport(app=create_app(server=server_b)))
    talk = Conversation("7a4c9b6e-0d1f-4a57-9a0e-1f7a3f1b2c3d")
    first = await talk.run_async(a, "slow", "z")  # never completes: A records no history
    await a.run_cancel(first.run_id)
    moved = await talk.run_sync(b, "history", "hello")
    assert _text(moved).startswith("history has 0 messages")
    await a.aclose()
    await b.aclose()
    await server_a.shutdown()
    await server_b.shutdown()
