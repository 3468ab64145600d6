"""What an agent is: a description for its card, and one async method that handles a message."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from a2a.types import AgentExtension, AgentProvider, AgentSkill, Message, Part

if TYPE_CHECKING:
    from a2a.agent.context import TaskContext

__all__ = ["Agent", "AgentInfo", "HandlerResult", "agent"]

HandlerResult = Union[Message, str, Sequence[Part], None]  # noqa: UP007 (a runtime alias on 3.10)
"""What a handler may return: a direct reply (a Message, text, or parts), or ``None``."""

Handler = Callable[[Message, "TaskContext"], Awaitable[HandlerResult]]


@dataclass
class AgentInfo:
    """Everything an agent says about itself; the server turns it into the Agent Card."""

    name: str
    description: str = ""
    version: str = "1.0.0"
    skills: list[AgentSkill] = field(default_factory=list)
    input_modes: list[str] = field(default_factory=lambda: ["text/plain"])
    output_modes: list[str] = field(default_factory=lambda: ["text/plain"])
    streaming: bool = True
    push_notifications: bool = True
    extensions: list[AgentExtension] = field(default_factory=list)
    provider: AgentProvider | None = None
    documentation_url: str | None = None
    icon_url: str | None = None


class Agent(ABC):
    """Base class of agents.

    Subclass it and implement :meth:`handle`, or decorate an async function with
    :func:`agent`.  ``handle`` receives each incoming message together with a
    :class:`~a2a.agent.TaskContext`, and either

    * returns a reply (a :class:`Message`, a string, or a list of parts)
      without touching the task: the client gets a direct message; or
    * drives a task through the context (``working``, ``artifact``,
      ``complete``, ``ask`` ...): the client gets the task.  Returning while
      the task is still working completes it; raising fails it.

    Cancellation arrives as :class:`asyncio.CancelledError` inside ``handle``
    (``task.cancelled`` is then true).
    """

    info: AgentInfo

    def __init__(self, info: AgentInfo | None = None) -> None:
        if info is not None:
            self.info = info
        elif not hasattr(self, "info"):
            self.info = AgentInfo(name=type(self).__name__)

    @abstractmethod
    async def handle(self, message: Message, task: TaskContext) -> HandlerResult:
        """Handle one incoming message."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.info.name!r}>"


class FunctionAgent(Agent):
    """An agent whose ``handle`` is a plain async function."""

    def __init__(self, func: Handler, info: AgentInfo) -> None:
        super().__init__(info)
        self._func = func
        self.__doc__ = func.__doc__

    async def handle(self, message: Message, task: TaskContext) -> HandlerResult:
        return await self._func(message, task)


def agent(
    name: str | None = None,
    *,
    description: str | None = None,
    **info: Any,
) -> Callable[[Handler], FunctionAgent]:
    """Turn an async function ``(message, task) -> reply`` into an :class:`Agent`.

    Keyword arguments fill :class:`AgentInfo` (``version``, ``skills``,
    ``streaming``, ``input_modes`` ...).  The name defaults to the function's
    name and the description to its docstring::

        @agent(name="Echo")
        async def echo(message: Message, task: TaskContext) -> str:
            return message.text
    """

    def wrap(func: Handler) -> FunctionAgent:
        doc = (func.__doc__ or "").strip()
        return FunctionAgent(
            func,
            AgentInfo(
                name=name or func.__name__,
                description=description if description is not None else doc,
                **info,
            ),
        )

    return wrap
