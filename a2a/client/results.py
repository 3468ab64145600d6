"""What calls return: a :class:`SendResult`, and an :class:`EventStream` that folds as it goes.

A task that reaches ``INPUT_REQUIRED`` or ``AUTH_REQUIRED`` is a "stop and
ask" answer (A2A §10 #35): :attr:`SendResult.needs_input` /
:attr:`~SendResult.needs_auth` say so, :attr:`~SendResult.prompt` holds the
agent's question, and :meth:`SendResult.follow_up` builds the answer message
for the same task.

An :class:`EventStream` yields typed events (``Task``, ``Message``,
``TaskStatusUpdateEvent``, ``TaskArtifactUpdateEvent``) and folds them into
:attr:`EventStream.task` with :func:`a2a.protocol.tasks.apply_event`, so
chunked artifacts (``append``/``lastChunk``) arrive reassembled.  It stops
after a message, a terminal state or ``INPUT_REQUIRED``, even if the server
keeps the connection open (A2A §7.2); after ``AUTH_REQUIRED`` it keeps
reading, since the agent may resume once credentials arrive out of band.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from types import TracebackType

from a2a.protocol.tasks import apply_event
from a2a.types import (
    Message,
    Part,
    StreamEvent,
    StreamResponse,
    Task,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
)

__all__ = ["EventStream", "SendResult", "task_text"]


def task_text(task: Task) -> str:
    """The readable output of a task: its artifacts' text, else its status message's text."""
    texts = [a.text for a in task.artifacts if a.text]
    if texts:
        return "\n".join(texts)
    if task.status.message is not None:
        return task.status.message.text
    return ""


@dataclass
class SendResult:
    """The answer to a message: a task, or a direct message from the agent."""

    task: Task | None = None
    message: Message | None = None

    @property
    def text(self) -> str:
        """The reply as text: the message's, or the task's (see :func:`task_text`)."""
        if self.message is not None:
            return self.message.text
        return task_text(self.task) if self.task is not None else ""

    @property
    def state(self) -> TaskState | None:
        return self.task.status.state if self.task is not None else None

    @property
    def needs_input(self) -> bool:
        """The agent stopped to ask the user something (``INPUT_REQUIRED``)."""
        return self.state is TaskState.TASK_STATE_INPUT_REQUIRED

    @property
    def needs_auth(self) -> bool:
        """The agent stopped until it gets credentials (``AUTH_REQUIRED``)."""
        return self.state is TaskState.TASK_STATE_AUTH_REQUIRED

    @property
    def prompt(self) -> str:
        """What the agent said with its current status (its question, when interrupted)."""
        if self.task is not None and self.task.status.message is not None:
            return self.task.status.message.text
        return ""

    @property
    def context_id(self) -> str:
        if self.task is not None:
            return self.task.context_id
        return self.message.context_id if self.message is not None else ""

    def follow_up(self, *content: str | Part) -> Message:
        """A user message that continues this conversation (same task and context)."""
        task_id = self.task.id if self.task is not None else ""
        if self.task is not None and self.task.status.state.is_terminal:
            task_id = ""  # a finished task takes no more messages: start a new one
        return Message.user(*content, task_id=task_id, context_id=self.context_id)


def _ends_stream(event: StreamEvent) -> bool:
    if isinstance(event, Message):
        return True
    if isinstance(event, Task):
        return event.status.state.is_terminal
    if isinstance(event, TaskStatusUpdateEvent):
        state = event.status.state
        return state.is_terminal or state is TaskState.TASK_STATE_INPUT_REQUIRED
    return False


class EventStream:
    """An async iterator of typed stream events that keeps the folded task.

    Use it as ``async for event in stream`` (resources are released when the
    stream ends) or inside ``async with`` to release them on early exit.
    """

    def __init__(
        self, events: AsyncGenerator[StreamResponse, None], *, task: Task | None = None
    ) -> None:
        self._events = events
        self._done = False
        #: The task as folded so far (``None`` until the first task event).
        self.task: Task | None = task
        #: The direct reply, when the agent answered with a message.
        self.message: Message | None = None

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> StreamEvent:
        if self._done:
            await self.aclose()
            raise StopAsyncIteration
        try:
            wrapped = await self._events.__anext__()
        except BaseException:
            self._done = True
            await self.aclose()
            raise
        event = wrapped.payload
        self._fold(event)
        if _ends_stream(event):
            self._done = True
        return event

    def _fold(self, event: StreamEvent) -> None:
        if isinstance(event, Task):
            # Folding mutates the task; the event handed to the caller must not change.
            self.task = event.model_copy(deep=True)
        elif isinstance(event, Message) and self.task is None:
            self.message = event
        elif self.task is not None:
            self.task = apply_event(self.task, event)
        elif not isinstance(event, Message):
            # An update before any Task snapshot (a non-conforming server): start one.
            self.task = apply_event(
                Task(
                    id=event.task_id,
                    context_id=event.context_id,
                    status=TaskStatus(state=TaskState.TASK_STATE_SUBMITTED),
                ),
                event,
            )

    @property
    def result(self) -> SendResult:
        """What the stream has delivered so far, as a :class:`SendResult`."""
        return SendResult(task=self.task, message=self.message)

    @property
    def text(self) -> str:
        return self.result.text

    async def collect(self) -> SendResult:
        """Read the stream to its end and return the final result."""
        async for _ in self:
            pass
        return self.result

    async def aclose(self) -> None:
        """Stop reading and close the connection (safe to call twice)."""
        self._done = True
        await self._events.aclose()

    async def __aenter__(self) -> EventStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
