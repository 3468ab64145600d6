"""One call of an agent's ``handle``: the events it emits and the outcome it settles.

The first event creates the task (``SUBMITTED``); each event is checked against
the state table, folded into the task, saved, then published to the task's
channel.  A run settles (what a blocking ``SendMessage`` waits for) on the
first terminal or interrupted state, on a direct reply, or on an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from a2a.agent import Agent, TaskContext
from a2a.errors import (
    InternalError,
    InvalidAgentResponseError,
    ProtocolError,
    TaskStateError,
)
from a2a.protocol.tasks import apply_artifact, apply_status
from a2a.server.streams import StreamItem, Subscription, snapshot
from a2a.types import (
    Message,
    Part,
    StreamResponse,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
    new_id,
    required_violations,
    utc_now,
)

if TYPE_CHECKING:
    from a2a.server.runtime import TaskRuntime

__all__ = ["Channel", "Run", "ends_streams"]

log = logging.getLogger("a2a.server")

_FAILED_TEXT = "The agent failed while working on this task."


@dataclass(eq=False)
class Channel:
    """In-memory state of one task while something runs on it or listens to it."""

    task: Task | None = None
    run: Run | None = None
    subscribers: list[Subscription] = field(default_factory=list)


def ends_streams(state: TaskState) -> bool:
    return state.is_terminal or state.is_interrupted


class Run:
    """One call of the agent's ``handle`` for one incoming message."""

    def __init__(self, runtime: TaskRuntime, owner: str, channel: Channel, task_id: str) -> None:
        self._runtime = runtime
        self._owner = owner
        self._channel = channel
        # "" for a new task nobody can know of yet: its id is made on first use.
        self._task_id = task_id
        self._context: TaskContext | None = None
        self.outcome: asyncio.Future[Task | Message] = asyncio.get_running_loop().create_future()
        self._started: asyncio.Future[None] | None = None
        self._has_started = False
        self.handler: asyncio.Task[None] | None = None
        self.cancel_requested = False
        #: Awaited when the run creates its task, before the first event is published.
        self.on_create: Callable[[Task], Awaitable[None]] | None = None

    @property
    def context(self) -> TaskContext:
        """The agent's context, while the agent is handling the message."""
        assert self._context is not None, "the run is over"
        return self._context

    @context.setter
    def context(self, context: TaskContext) -> None:
        self._context = context

    # -- EventSink ------------------------------------------------------------

    @property
    def task(self) -> Task | None:
        return self._channel.task

    @property
    def task_id(self) -> str:
        """The task's id; a new task's is made, and its channel listed, on first use.

        A blocking turn that only replies never needs one: that saves making the
        id and listing the channel for the most common call.
        """
        if not self._task_id:
            self._task_id = new_id()
            self._runtime.adopt(self._owner, self._task_id, self._channel)
        return self._task_id

    async def emit(self, event: TaskStatusUpdateEvent | TaskArtifactUpdateEvent) -> None:
        task = self._channel.task
        if task is None:
            task = await self._create()
        if isinstance(event, TaskStatusUpdateEvent):
            if event.status.timestamp is None:
                event.status.timestamp = utc_now()
            apply_status(task, event)  # raises TaskStateError into the agent
            closes = ends_streams(event.status.state)
        else:
            if task.status.state.is_terminal:
                raise TaskStateError("the task is finished; it takes no more artifacts")
            apply_artifact(task, event)
            closes = False
        await self._runtime.store.save_task(self._owner, task)
        runtime = self._runtime
        if runtime.wants(self._owner, self._channel, task.id):
            response = (
                StreamResponse(status_update=event)
                if isinstance(event, TaskStatusUpdateEvent)
                else StreamResponse(artifact_update=event)
            )
            runtime.publish(self._owner, self._channel, StreamItem(response, closes))
        if closes:
            # A terminal task never changes again; an interrupted one may, so copy it.
            self._settle(task if task.status.state.is_terminal else snapshot(task))

    async def _create(self) -> Task:
        ctx = self.context
        first = ctx.message.model_copy(
            update={"task_id": ctx.task_id, "context_id": ctx.context_id}
        )
        task = Task(
            id=ctx.task_id,
            context_id=ctx.context_id,
            status=TaskStatus(state=TaskState.TASK_STATE_SUBMITTED, timestamp=utc_now()),
            history=[first],
        )
        self._channel.task = task
        await self._runtime.store.save_task(self._owner, task)
        if self.on_create is not None:
            await self.on_create(task)
        if self._runtime.wants(self._owner, self._channel, task.id):
            item = StreamItem(StreamResponse(task=snapshot(task)), False)
            self._runtime.publish(self._owner, self._channel, item)
        self._mark_started()
        return task

    # -- outcome ------------------------------------------------------------

    @property
    def started(self) -> asyncio.Future[None]:
        """Done once the task exists (or the run settled); made only when someone waits."""
        if self._started is None:
            self._started = self.outcome.get_loop().create_future()
            if self._has_started:
                self._started.set_result(None)
        return self._started

    def _mark_started(self) -> None:
        self._has_started = True
        if self._started is not None and not self._started.done():
            self._started.set_result(None)

    def _settle(self, result: Task | Message | BaseException) -> None:
        self._mark_started()
        if self.outcome.done():
            return
        if isinstance(result, BaseException):
            self.outcome.set_exception(result)
        else:
            self.outcome.set_result(result)

    async def _finish(self, state: TaskState, text: str | None) -> None:
        """End the task from the runtime's side (agent error, cancellation, return)."""
        task = self._channel.task
        if task is None or task.status.state.is_terminal:
            return
        message = None
        if text is not None:
            message = Message.agent(text, context_id=task.context_id, task_id=task.id)
        event = TaskStatusUpdateEvent(
            task_id=task.id,
            context_id=task.context_id,
            status=TaskStatus(state=state, message=message, timestamp=utc_now()),
        )
        try:
            await self.emit(event)
        except TaskStateError:  # e.g. an interrupted task that cannot complete directly
            log.warning("could not move task %s to %s", task.id, state.value)

    # -- execution ------------------------------------------------------------

    async def execute_inline(self, agent: Agent) -> None:
        """Run the turn in the caller's own task (a blocking ``SendMessage``).

        The caller waits for the outcome anyway, so a task of its own would only
        add a scheduling round trip.  ``CancelTask`` still reaches the turn: it
        cancels the caller's task, the turn ends as canceled, and the caller's
        task is un-cancelled to go on and answer.
        """
        # The loop from our own future: asyncio.current_task() without a loop
        # asks for the running one, a getpid() system call on Python 3.11.
        task = asyncio.current_task(self.outcome.get_loop())
        self.handler = task
        try:
            await self.execute(agent)
        finally:
            self.handler = None
            if self.cancel_requested and task is not None and hasattr(task, "uncancel"):
                task.uncancel()

    async def execute(self, agent: Agent) -> None:
        try:
            await self._execute(agent)
        finally:
            self._runtime.release(self._owner, self._task_id, self._channel)
            # The context points back at this run: drop our side of that cycle,
            # so finished runs are freed by reference counting, not the collector.
            self._context = None

    async def _execute(self, agent: Agent) -> None:
        ctx = self.context
        try:
            result = await agent.handle(ctx.message, ctx)
        except asyncio.CancelledError:
            if not self.cancel_requested:
                raise
            await self._finish(TaskState.TASK_STATE_CANCELED, None)
            return
        except ProtocolError as exc:  # raised on purpose: its message is meant for the client
            if self._channel.task is None:
                self._settle(exc)
            else:
                await self._finish(TaskState.TASK_STATE_FAILED, exc.message)
            return
        except Exception:
            log.exception("agent %r failed on task %s", agent.info.name, ctx.task_id)
            if self._channel.task is None:
                self._settle(InternalError())
            else:
                await self._finish(TaskState.TASK_STATE_FAILED, _FAILED_TEXT)
            return
        await self._conclude(result)

    async def _conclude(self, result: object) -> None:
        ctx = self.context
        task = self._channel.task
        reply = self._reply_message(result)
        if task is None:
            # Text replies are built valid; anything the agent built itself is checked.
            if reply is None or (not isinstance(result, str) and required_violations(reply)):
                self._settle(InvalidAgentResponseError("The agent produced no valid reply"))
                return
            if self._channel.subscribers:
                item = StreamItem(StreamResponse(message=reply), True)
                self._runtime.publish(self._owner, self._channel, item)
            self._settle(reply)
            return
        if not ends_streams(task.status.state):
            await ctx.complete(reply.parts if reply is not None and reply.parts else None)
        self._settle(task if task.status.state.is_terminal else snapshot(task))

    def _reply_message(self, result: object) -> Message | None:
        ctx = self.context
        if result is None:
            return None
        if isinstance(result, Message):
            updates: dict[str, object] = {"context_id": ctx.context_id}
            if not result.message_id:
                updates["message_id"] = new_id()
            return result.model_copy(update=updates)
        if isinstance(result, str):
            return Message.agent(result, context_id=ctx.context_id)
        if isinstance(result, (list, tuple)) and all(isinstance(p, Part) for p in result):
            return Message.agent(*result, context_id=ctx.context_id)
        raise TypeError(
            f"an agent must return a Message, str, list of Parts or None, not {result!r}"
        )
