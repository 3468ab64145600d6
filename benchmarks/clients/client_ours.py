"""Adapter: our ``a2a.client.Client`` (runs in our environment)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from a2a.client import Client

__all__ = ["Adapter", "open_client"]


class Adapter:
    def __init__(self, client: Client) -> None:
        self.client = client

    async def send(self, text: str) -> str:
        """Send ``text``; the reply's text."""
        return (await self.client.send_text(text)).text

    async def stream(self, text: str, on_event: Callable[[], None]) -> tuple[int, str]:
        """Stream ``text``, calling ``on_event`` per event; the event count and final state."""
        events = 0
        stream = self.client.stream(text)
        async for _ in stream:
            events += 1
            on_event()
        state = stream.result.state
        return events, state.name if state is not None else ""


@asynccontextmanager
async def open_client(url: str, binding: str) -> AsyncIterator[Adapter]:
    """A client of the agent at ``url`` over ``binding`` (``jsonrpc`` or ``rest``)."""
    async with Client(url, binding=binding) as client:
        yield Adapter(client)
