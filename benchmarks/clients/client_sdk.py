"""Adapter: the ``a2a-sdk`` 1.x client (runs in the SDK's environment)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from a2a.client import ClientConfig, ClientFactory
from a2a.types import Message, Part, Role, SendMessageRequest, TaskState

__all__ = ["Adapter", "open_client"]

_BINDINGS = {"jsonrpc": "JSONRPC", "rest": "HTTP+JSON"}


def _request(text: str) -> SendMessageRequest:
    message = Message(message_id=str(uuid.uuid4()), role=Role.ROLE_USER, parts=[Part(text=text)])
    return SendMessageRequest(message=message)


class Adapter:
    def __init__(self, blocking: Any, streaming: Any) -> None:
        self.blocking = blocking
        self.streaming = streaming

    async def send(self, text: str) -> str:
        """Send ``text``; the reply's text."""
        reply = ""
        async for event in self.blocking.send_message(_request(text)):
            if event.HasField("message"):
                reply = "".join(part.text for part in event.message.parts)
        return reply

    async def stream(self, text: str, on_event: Callable[[], None]) -> tuple[int, str]:
        """Stream ``text``, calling ``on_event`` per event; the event count and final state."""
        events, state = 0, ""
        async for event in self.streaming.send_message(_request(text)):
            events += 1
            on_event()
            if event.HasField("status_update"):
                state = TaskState.Name(event.status_update.status.state)
        return events, state


@asynccontextmanager
async def open_client(url: str, binding: str) -> AsyncIterator[Adapter]:
    """Clients of the agent at ``url`` over ``binding``, one blocking and one streaming."""
    async with httpx.AsyncClient(timeout=60) as http:
        clients = [
            await ClientFactory(
                ClientConfig(streaming=streaming, httpx_client=http,
                             supported_protocol_bindings=[_BINDINGS[binding]])
            ).create_from_url(url)
            for streaming in (False, True)
        ]  # fmt: skip
        yield Adapter(*clients)
