"""The task runtime: runs agents, keeps live tasks, and fans events out in order.

How it works:

* Each message starts a :class:`Run`: the agent's ``handle`` runs in its own
  asyncio task, so no client connection owns the work; a client that leaves
  cancels nothing.
* The agent reports through its :class:`~a2a.agent.TaskContext`, whose events
  land in :meth:`Run.emit`.  The first event creates the task (``SUBMITTED``);
  each event is checked against the state table, folded into the task with
  :func:`a2a.protocol.tasks.apply_event`, saved, then published.
* Publishing appends one :class:`StreamItem` to every subscriber of the task's
  :class:`_Channel`, synchronously, so every stream sees the same order.  A
  transition into a terminal or interrupted state closes the streams that saw
  it.  Items serialize lazily, once, whoever reads them.
* A :class:`Run` settles (what a blocking ``SendMessage`` waits for) on the
  first terminal or interrupted state, on a direct reply, or on an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from a2a.agent import Agent, TaskContext
from a2a.errors import (
    InternalError,
    InvalidAgentResponseError,
    ProtocolError,
    TaskNotCancelableError,
    TaskNotFoundError,
    TaskStateError,
    UnsupportedOperationError,
)
from a2a.identity.envelope import VerifiedIdentity
from a2a.protocol.tasks import apply_artifact, apply_status, check_message_target
from a2a.server.eager import start_eagerly
from a2a.server.store import TaskStore
from a2a.types import (
    Message,
    Part,
    StreamEvent,
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

__all__ = ["Notifier", "Run", "StreamItem", "Subscription", "TaskRuntime", "snapshot"]

log = logging.getLogger("a2a.server")

_FAILED_TEXT = "The agent failed while working on this task."


def snapshot(task: Task) -> Task:
    """A copy of ``task`` that later events cannot change.

    Events replace statuses and list items and append to lists, but never
    mutate an item in place, so copying the two lists is enough.
    """
    return task.model_copy(
        update={"artifacts": list(task.artifacts), "history": list(task.history)}
    )


class StreamItem:
    """One published event, serialized at most once for all its readers."""

    __slots__ = ("_json", "closes", "response")

    def __init__(self, response: StreamResponse, closes: bool) -> None:
        self.response = response
        #: Whether the stream that carries this item ends after it.
        self.closes = closes
        self._json: bytes | None = None

    @property
    def event(self) -> StreamEvent:
        """The event inside the ``StreamResponse``."""
        return self.response.payload

    @property
    def json(self) -> bytes:
        """ProtoJSON of the ``StreamResponse``."""
        if self._json is None:
            self._json = self.response.to_json()
        return self._json


class Subscription:
    """A reader of a task's events: an unbounded, ordered, closable queue."""

    __slots__ = ("_items", "_waiter", "closed")

    def __init__(self) -> None:
        self._items: deque[StreamItem] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self.closed = False

    def push(self, item: StreamItem) -> None:
        if self.closed:
            return
        self._items.append(item)
        if item.closes:
            self.closed = True
        self._wake()

    def close(self) -> None:
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def get(self, timeout: float | None = None) -> StreamItem | None:
        """The next item; ``None`` once closed and drained.

        Raises :class:`TimeoutError` if nothing arrives within ``timeout``.
        """
        while not self._items:
            if self.closed:
                return None
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await asyncio.wait_for(self._waiter, timeout)
            finally:
                self._waiter = None
        return self._items.popleft()


class Notifier(Protocol):
    """Receives every published event of the tasks it watches (push notification delivery)."""

    def watch(self, owner: str, task_id: str) -> None:
        """Pass this task's events to :meth:`notify` from now on."""
        ...

    def watching(self, owner: str, task_id: str) -> bool:
        """Whether events of this task should be passed to :meth:`notify`."""
        ...

    def notify(self, owner: str, task: Task, item: StreamItem) -> None: ...


@dataclass(eq=False)
class _Channel:
    """In-memory state of one task while something runs on it or listens to it."""

    task: Task | None = None
    run: Run | None = None
    subscribers: list[Subscription] = field(default_factory=list)


def _closes(state: TaskState) -> bool:
    return state.is_terminal or state.is_interrupted


class Run:
    """One call of the agent's ``handle`` for one incoming message."""

    def __init__(self, runtime: TaskRuntime, owner: str, channel: _Channel, task_id: str) -> None:
        self._runtime = runtime
        self._owner = owner
        self._channel = channel
        self.task_id = task_id
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

    async def emit(self, event: TaskStatusUpdateEvent | TaskArtifactUpdateEvent) -> None:
        task = self._channel.task
        if task is None:
            task = await self._create()
        if isinstance(event, TaskStatusUpdateEvent):
            if event.status.timestamp is None:
                event.status.timestamp = utc_now()
            apply_status(task, event)  # raises TaskStateError into the agent
            closes = _closes(event.status.state)
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
            self._started = asyncio.get_running_loop().create_future()
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

    async def execute(self, agent: Agent) -> None:
        try:
            await self._execute(agent)
        finally:
            self._runtime.release(self._owner, self.task_id, self._channel)
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
        if not _closes(task.status.state):
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


class TaskRuntime:
    """Runs one agent over a task store; owns the live channels of tasks in progress."""

    def __init__(
        self,
        agent: Agent,
        store: TaskStore,
        *,
        notifier: Notifier | None = None,
        cancel_grace: float = 5.0,
    ) -> None:
        self.agent = agent
        self.store = store
        self.notifier = notifier
        self.cancel_grace = cancel_grace
        self._channels: dict[tuple[str, str], _Channel] = {}

    # -- channels -------------------------------------------------------------

    def wants(self, owner: str, channel: _Channel, task_id: str) -> bool:
        """Whether anyone reads this task's events (a stream, or a webhook)."""
        if channel.subscribers:
            return True
        return self.notifier is not None and self.notifier.watching(owner, task_id)

    def publish(self, owner: str, channel: _Channel, item: StreamItem) -> None:
        for sub in channel.subscribers:
            sub.push(item)
        if item.closes:
            channel.subscribers.clear()
        task = channel.task
        if self.notifier is not None and task is not None and item.response.message is None:
            self.notifier.notify(owner, task, item)

    def release(self, owner: str, task_id: str, channel: _Channel) -> None:
        """The run on ``channel`` ended; drop the channel when nobody uses it."""
        channel.run = None
        if not channel.subscribers:
            self._channels.pop((owner, task_id), None)

    async def _load(self, owner: str, task_id: str) -> tuple[_Channel | None, Task]:
        channel = self._channels.get((owner, task_id))
        if channel is not None and channel.task is not None:
            return channel, channel.task
        task = await self.store.get_task(owner, task_id)
        if task is None:
            raise TaskNotFoundError(metadata={"taskId": task_id})
        return self._channels.get((owner, task_id)), task

    # -- operations ---------------------------------------------------------

    async def start(
        self,
        owner: str,
        message: Message,
        *,
        caller: str = "",
        identity: VerifiedIdentity | None = None,
        extensions: tuple[str, ...] = (),
        metadata: dict[str, object] | None = None,
        accepted_output_modes: tuple[str, ...] = (),
        subscribe: bool = False,
        on_create: Callable[[Task], Awaitable[None]] | None = None,
    ) -> tuple[Run, Subscription | None]:
        """Start handling ``message``; optionally subscribe to the task's events first."""
        existing: Task | None = None
        if message.task_id:
            _, existing = await self._load(owner, message.task_id)
            check_message_target(message, existing)
        task_id = existing.id if existing is not None else new_id()
        key = (owner, task_id)
        channel = self._channels.get(key)
        if channel is None:
            channel = self._channels[key] = _Channel(task=existing)
        elif channel.run is not None:
            raise UnsupportedOperationError(
                "The task is still working on an earlier message",
                metadata={"taskId": task_id},
            )
        context_id = existing.context_id if existing is not None else message.context_id or new_id()
        run = Run(self, owner, channel, task_id)
        run.context = TaskContext(
            run,
            message=message,
            task_id=task_id,
            context_id=context_id,
            caller=caller,
            identity=identity,
            extensions=extensions,
            metadata=dict(metadata) if metadata else None,
            accepted_output_modes=accepted_output_modes,
        )
        run.on_create = on_create
        channel.run = run
        sub: Subscription | None = None
        if subscribe:
            sub = Subscription()
            channel.subscribers.append(sub)
        if existing is not None:
            # Keep history chronological: the agent's question precedes the answer.
            question = existing.status.message
            if question is not None:
                existing.history.append(question)
                existing.status = existing.status.model_copy(update={"message": None})
            existing.history.append(
                message.model_copy(update={"task_id": task_id, "context_id": context_id})
            )
            await self.store.save_task(owner, existing)
            if self.wants(owner, channel, task_id):
                item = StreamItem(StreamResponse(task=snapshot(existing)), False)
                self.publish(owner, channel, item)
            run._mark_started()
        # Most turns never wait: run the agent now, and make a task only if it must.
        run.handler = start_eagerly(run.execute(self.agent))
        return run, sub

    async def subscribe(self, owner: str, task_id: str) -> Subscription:
        """Follow a task: the first item is its current snapshot (A2A §3.1.6)."""
        channel, task = await self._load(owner, task_id)
        if task.status.state.is_terminal:
            raise UnsupportedOperationError(
                "The task is in a terminal state", metadata={"taskId": task_id}
            )
        if channel is None:
            channel = self._channels.setdefault((owner, task_id), _Channel(task=task))
        sub = Subscription()
        sub.push(StreamItem(StreamResponse(task=snapshot(task)), False))
        channel.subscribers.append(sub)
        return sub

    def unsubscribe(self, owner: str, task_id: str, sub: Subscription) -> None:
        """A reader left; the task goes on."""
        sub.close()
        channel = self._channels.get((owner, task_id))
        if channel is None:
            return
        if sub in channel.subscribers:
            channel.subscribers.remove(sub)
        if not channel.subscribers and channel.run is None:
            self._channels.pop((owner, task_id), None)

    async def get(self, owner: str, task_id: str) -> Task:
        _, task = await self._load(owner, task_id)
        return task

    async def cancel(self, owner: str, task_id: str) -> Task:
        """Cancel a task; canceling a canceled task returns it again (idempotent)."""
        channel, task = await self._load(owner, task_id)
        state = task.status.state
        if state is TaskState.TASK_STATE_CANCELED:
            return snapshot(task)
        if state.is_terminal:
            raise TaskNotCancelableError(metadata={"taskId": task_id, "state": state.value})
        run = channel.run if channel is not None else None
        if run is not None and run.handler is not None and not run.handler.done():
            run.cancel_requested = True
            if run._context is not None:
                run._context.cancelled = True
            run.handler.cancel()
            await asyncio.wait({run.handler}, timeout=self.cancel_grace)
            task = channel.task if channel is not None and channel.task is not None else task
        if not task.status.state.is_terminal:
            await self._cancel_idle(owner, task)
        return snapshot(task)

    async def _cancel_idle(self, owner: str, task: Task) -> None:
        key = (owner, task.id)
        channel = self._channels.get(key) or _Channel(task=task)
        event = TaskStatusUpdateEvent(
            task_id=task.id,
            context_id=task.context_id,
            status=TaskStatus(state=TaskState.TASK_STATE_CANCELED, timestamp=utc_now()),
        )
        apply_status(task, event, check=False)
        await self.store.save_task(owner, task)
        self.publish(owner, channel, StreamItem(StreamResponse(status_update=event), True))
        if channel.run is None and not channel.subscribers:
            self._channels.pop(key, None)

    async def shutdown(self) -> None:
        """Cancel every running handler (server shutdown)."""
        handlers = [
            c.run.handler
            for c in self._channels.values()
            if c.run is not None and c.run.handler is not None
        ]
        for handler in handlers:
            handler.cancel()
        if handlers:
            await asyncio.wait(handlers, timeout=self.cancel_grace)
