"""One conversation across runs and servers (ACP "distributed sessions").

A :class:`Conversation` remembers its session id and the server it last ran
on.  On the same server it sends ``session_id``; when the next run goes to
another server it reads the descriptor from the previous one and forwards it
(``session``), so the new server loads the history from wherever it is
stored.  This is what acp-sdk's ``client.session()`` does.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

from acp.client.client import Client, Input
from acp.errors import NotFoundError
from acp.types import Event, Run, RunCreatedEvent, Session

__all__ = ["Conversation"]


class Conversation:
    """A session carried from run to run, possibly from server to server."""

    def __init__(self, session_id: uuid.UUID | str | None = None) -> None:
        self.session_id = uuid.UUID(str(session_id)) if session_id is not None else uuid.uuid4()
        self._last: Client | None = None

    async def _session_args(self, client: Client) -> dict[str, Any]:
        last = self._last
        if last is None or last is client:
            return {"session_id": self.session_id}
        try:
            descriptor = await last.session(self.session_id)
        except NotFoundError:
            descriptor = Session(id=self.session_id)
        return {"session": descriptor}

    async def run_sync(self, client: Client, agent: str, input: Input) -> Run:
        """``client.run_sync`` within this conversation."""
        run = await client.run_sync(agent, input, **await self._session_args(client))
        self._last = client
        return run

    async def run_async(self, client: Client, agent: str, input: Input) -> Run:
        """``client.run_async`` within this conversation."""
        run = await client.run_async(agent, input, **await self._session_args(client))
        self._last = client
        return run

    async def run_stream(self, client: Client, agent: str, input: Input) -> AsyncIterator[Event]:
        """``client.run_stream`` within this conversation."""
        args = await self._session_args(client)
        async for event in client.run_stream(agent, input, **args):
            if isinstance(event, RunCreatedEvent):
                self._last = client
            yield event

    async def descriptor(self) -> Session:
        """The session as the server of the last run holds it."""
        if self._last is None:
            return Session(id=self.session_id)
        return await self._last.session(self.session_id)
