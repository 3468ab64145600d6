"""The ACP-native way to write an agent (the A2A authoring API is served through ``acp.mapping``).

An agent is an async generator or a coroutine function taking the run's
input messages and a :class:`RunContext`, declared with :func:`agent`::

    @agent(description="Echoes its input")
    async def echo(input: list[Message], ctx: RunContext) -> AsyncIterator[Yield]:
        for message in input:
            yield message.text          # a str becomes a text/plain part
        answer = yield MessageAwaitRequest(message=Message.agent("Again?"))
        yield answer.message            # the client's resume

What a generator may yield (the acp-sdk programming model): ``str`` or
:class:`MessagePart` (streamed into one open message), a :class:`Message`,
``None`` (closes the open message), a :class:`MessageAwaitRequest` (the
generator receives the :class:`MessageAwaitResume`), an ACP :class:`Error` or
an exception (fails the run), or a ``dict``/pydantic model (a ``generic``
event).  A coroutine returns any of these, or a list of them, and may call
:meth:`RunContext.emit` and :meth:`RunContext.ask` while it runs.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, Union

from acp.types import (
    AgentManifest,
    Error,
    Message,
    MessageAwaitRequest,
    MessageAwaitResume,
    MessagePart,
    Metadata,
    Session,
)

__all__ = ["Agent", "Handler", "RunContext", "Yield", "agent"]

Yield = Union[  # noqa: UP007
    str, MessagePart, Message, MessageAwaitRequest, Error, BaseException, dict[str, Any], None
]
"""What an agent may yield or return."""

Handler = Callable[[list[Message], "RunContext"], AsyncIterator[Any] | Awaitable[Any]]
"""An agent function: ``(input, context)`` to an async iterator or an awaitable."""


class _Driver(Protocol):
    async def emit(self, item: Any) -> Any: ...
    async def history(self) -> list[Message]: ...


class RunContext:
    """What an agent knows about the run it serves, and how it talks back mid-run."""

    __slots__ = ("_driver", "agent_name", "headers", "principal", "run_id", "session")

    def __init__(
        self,
        *,
        run_id: uuid.UUID,
        agent_name: str,
        session: Session,
        driver: _Driver,
        headers: Mapping[str, str] | None = None,
        principal: str | None = None,
    ) -> None:
        self.run_id = run_id
        self.agent_name = agent_name
        self.session = session
        self.headers: Mapping[str, str] = headers or {}
        self.principal = principal
        self._driver = driver

    @property
    def session_id(self) -> uuid.UUID:
        return self.session.id

    async def history(self) -> list[Message]:
        """The session's earlier messages (inputs and outputs of completed runs), in order.

        History stored on another server is fetched from its resource URLs.
        """
        return await self._driver.history()

    async def emit(self, item: Yield) -> None:
        """Emit output now, as if yielded (not an await request: use :meth:`ask`)."""
        if isinstance(item, MessageAwaitRequest):
            raise TypeError("use ctx.ask() to wait for the client")
        await self._driver.emit(item)

    async def ask(self, question: Message | str) -> Message:
        """Put the run in ``awaiting`` with ``question``; return the client's answer.

        Fails the run if the server's await timeout expires first.
        """
        message = Message.agent(question) if isinstance(question, str) else question
        resume: MessageAwaitResume = await self._driver.emit(MessageAwaitRequest(message=message))
        return resume.message


@dataclass(frozen=True, slots=True)
class Agent:
    """An agent's manifest and the function that serves its runs."""

    manifest: AgentManifest
    handler: Handler

    @property
    def name(self) -> str:
        return self.manifest.name


def agent(
    name: str | None = None,
    description: str | None = None,
    *,
    input_content_types: list[str] | None = None,
    output_content_types: list[str] | None = None,
    metadata: Metadata | None = None,
) -> Callable[[Handler], Agent]:
    """Declare an agent; the name defaults to the function's, the description to its docstring."""

    def wrap(fn: Handler) -> Agent:
        if not (inspect.isasyncgenfunction(fn) or inspect.iscoroutinefunction(fn)):
            raise TypeError("an ACP agent must be an async generator or a coroutine function")
        manifest = AgentManifest(
            name=name or fn.__name__,
            description=description if description is not None else inspect.getdoc(fn) or "",
            metadata=metadata or Metadata(),
            input_content_types=input_content_types or ["*/*"],
            output_content_types=output_content_types or ["*/*"],
        )
        return Agent(manifest=manifest, handler=fn)

    return wrap
