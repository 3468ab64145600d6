"""The A2A side of ``a2a bridge``: a remote A2A agent, reached with :class:`a2a.client.Client`.

:class:`RemoteA2A` is the small interface the bridge needs (the card, a
streaming send, cancel); :class:`ClientRemote` adapts the library's A2A
client to it, so the bridge speaks every binding and version that client
speaks (JSON-RPC, HTTP+JSON, A2A 0.3 agents).  Errors are the client's: the
:mod:`a2a.errors` classes the agent raised, or ``TransportError`` /
``TimeoutError_``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from a2a.client import Client
from a2a.types import AgentCard, Message, StreamEvent, Task

__all__ = ["ClientRemote", "RemoteA2A"]


class RemoteA2A(Protocol):
    """What the bridge asks of a remote A2A agent."""

    @property
    def card(self) -> AgentCard: ...

    def stream(self, message: Message) -> AsyncIterator[StreamEvent]: ...
    async def cancel(self, task_id: str) -> Task: ...
    async def aclose(self) -> None: ...


class ClientRemote:
    """A remote A2A agent behind an :class:`a2a.client.Client` (opened on first use)."""

    def __init__(self, client: Client) -> None:
        self.client = client

    @classmethod
    async def discover(cls, url: str) -> AgentCard:
        """The card of the agent at ``url``, fetched with a short-lived client.

        A server then builds its remote from the card,
        ``ClientRemote(Client(url, card=card))``, so that the connections it
        uses belong to the server's event loop.
        """
        async with Client(url) as probe:
            card = probe.card
        if card is None:  # pragma: no cover - an open client always holds its card
            raise RuntimeError("the A2A client opened without a card")
        return card

    @property
    def card(self) -> AgentCard:
        card = self.client.card
        if card is None:  # pragma: no cover - built from a card, or opened
            raise RuntimeError("the A2A client has no card yet")
        return card

    def stream(self, message: Message) -> AsyncIterator[StreamEvent]:
        """``SendStreamingMessage``: the task's events until it ends or is interrupted."""
        return self.client.stream(message)

    async def cancel(self, task_id: str) -> Task:
        return await self.client.cancel_task(task_id)

    async def aclose(self) -> None:
        await self.client.aclose()
