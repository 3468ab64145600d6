"""One streamed event may not grow past the client's limit: checked while it arrives."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from a2a.client.sse import bounded_events
from a2a.errors import TransportError
from tests.support.live import serve_app


async def endless(request: Request) -> StreamingResponse:
    """An event that never ends: ``data:`` lines and no empty line, until the client leaves."""

    async def body() -> AsyncIterator[bytes]:
        chunk = b"data: " + b"x" * 4090 + b"\n"
        for _ in range(100_000):  # about 400 MB if nobody stops reading
            yield chunk
            await asyncio.sleep(0)

    return StreamingResponse(body(), media_type="text/event-stream")


async def chopped(request: Request) -> StreamingResponse:
    """Events separated by every kind of empty line, split at awkward places."""
    line_ends = ["\n", "\r", "\r\n"]
    text = "".join(
        f"data: {i}{'y' * 900}{end}{end}" for i, end in enumerate(line_ends * 20)
    ).encode()
    pieces = [text[i : i + 7] for i in range(0, len(text), 7)]  # boundaries split in two

    async def body() -> AsyncIterator[bytes]:
        for piece in pieces:
            yield piece

    return StreamingResponse(body(), media_type="text/event-stream")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    app = Starlette(routes=[Route("/endless", endless), Route("/chopped", chopped)])
    with serve_app(app) as url:
        yield url


async def test_an_event_that_never_ends_is_cut_at_the_limit(base: str) -> None:
    async with httpx.AsyncClient() as http, http.stream("GET", base + "/endless") as response:
        with pytest.raises(TransportError, match="limit of 100000"):
            async for _ in bounded_events(response, 100_000):
                pass
        # Read up to the limit and one network read more, not the server's 400 MB.
        assert response.num_bytes_downloaded < 100_000 + 2**17


async def test_events_split_anywhere_with_any_line_end_pass_under_the_limit(base: str) -> None:
    async with httpx.AsyncClient() as http, http.stream("GET", base + "/chopped") as response:
        events = [event.data async for event in bounded_events(response, 1_000)]
    assert len(events) == 60
    assert all(len(data) > 900 for data in events)
    assert events[7].startswith("7yyy")


async def test_the_limit_counts_one_event_not_the_stream(base: str) -> None:
    async with httpx.AsyncClient() as http, http.stream("GET", base + "/chopped") as response:
        with pytest.raises(TransportError):
            async for _ in bounded_events(response, 800):
                pass


async def test_the_client_applies_its_limit_to_streams() -> None:
    from a2a.types import Message
    from tests.client.fakes import JSONRPC_CARD, client_for, sse

    big = {"message": {"messageId": "m", "role": "ROLE_AGENT", "parts": [{"text": "z" * 5000}]}}

    def answer(request: httpx.Request) -> httpx.Response:
        return sse({"jsonrpc": "2.0", "id": 1, "result": big})

    agent, _ = client_for(JSONRPC_CARD, answer, max_event_bytes=4_000)
    async with agent:
        with pytest.raises(TransportError, match="past the limit of 4000"):
            async for _ in agent.stream(Message.user("hi")):
                pass
    roomy, _ = client_for(JSONRPC_CARD, answer, max_event_bytes=6_000)
    async with roomy:
        events = [event async for event in roomy.stream(Message.user("hi"))]
    assert len(events) == 1
