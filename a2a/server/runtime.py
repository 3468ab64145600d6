"""The task runtime: runs agents, keeps live tasks, and fans events out in order.

How it works:

* Each message starts a :class:`~a2a.server.run.Run`: the agent's ``handle`` runs in its own
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
from collections.abc import Awaitable, Callable
from typing import Protocol

from a2a.agent import Agent, TaskContext
from a2a.errors import (
    TaskNotCancelableError,
    TaskNotFoundError,
    UnsupportedOperationError,
)
from a2a.identity.envelope import VerifiedIdentity
from a2a.protocol.tasks import apply_status, check_message_target
from a2a.server.eager import start_task
from a2a.server.run import Channel, Run
from a2a.server.store import TaskStore
from a2a.server.streams import StreamItem, Subscription, snapshot
from a2a.types import (
    Message,
    StreamResponse,
    Task,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
    new_id,
    utc_now,
)

__all__ = ["Notifier", "Run", "StreamItem", "Subscription", "TaskRuntime", "snapshot"]


class Notifier(Protocol):
    """Receives every published event of the tasks it watches (push notification delivery)."""

    def watch(self, owner: str, task_id: str) -> None:
        """Pass this task's events to :meth:`notify` from now on."""
        ...

    def watching(self, owner: str, task_id: str) -> bool:
        """Whether events of this task should be passed to :meth:`notify`."""
        ...

    def notify(self, owner: str, task: Task, item: StreamItem) -> None: ...


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
        self._channels: dict[tuple[str, str], Channel] = {}

    # -- channels -------------------------------------------------------------

    def wants(self, owner: str, channel: Channel, task_id: str) -> bool:
        """Whether anyone reads this task's events (a stream, or a webhook)."""
        if channel.subscribers:
            return True
        return self.notifier is not None and self.notifier.watching(owner, task_id)

    def publish(self, owner: str, channel: Channel, item: StreamItem) -> None:
        for sub in channel.subscribers:
            sub.push(item)
        if item.closes:
            channel.subscribers.clear()
        task = channel.task
        if self.notifier is not None and task is not None and item.response.message is None:
            self.notifier.notify(owner, task, item)

    def adopt(self, owner: str, task_id: str, channel: Channel) -> None:
        """List ``channel`` under ``task_id``, where lookups by task find it."""
        self._channels[(owner, task_id)] = channel

    def release(self, owner: str, task_id: str, channel: Channel) -> None:
        """The run on ``channel`` ended; drop the channel when nobody uses it.

        ``task_id`` is ``""`` when the run never made one (its channel was never listed).
        """
        channel.run = None
        if task_id and not channel.subscribers:
            self._channels.pop((owner, task_id), None)

    async def _load(self, owner: str, task_id: str) -> tuple[Channel | None, Task]:
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
        inline: bool = False,
        on_create: Callable[[Task], Awaitable[None]] | None = None,
    ) -> tuple[Run, Subscription | None]:
        """Start handling ``message``; optionally subscribe to the task's events first."""
        existing: Task | None = None
        if message.task_id:
            _, existing = await self._load(owner, message.task_id)
            check_message_target(message, existing)
        channel: Channel | None = None
        if existing is not None:
            task_id = existing.id
            channel = self._channels.get((owner, task_id))
            if channel is not None and channel.run is not None:
                raise UnsupportedOperationError(
                    "The task is still working on an earlier message",
                    metadata={"taskId": task_id},
                )
        elif inline and not subscribe:
            # A new task that only this caller waits on: nobody can look it up before
            # it exists, so its id and channel listing wait for the run's first use
            # (Run.task_id); a turn that only replies never makes either.
            task_id = ""
        else:
            task_id = new_id()
        if channel is None:
            channel = Channel(task=existing)
            if task_id:
                self.adopt(owner, task_id, channel)
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
        # The turn is its own task: no connection owns the work (eager on 3.12+).
        if not inline:  # else the caller runs the turn itself (Run.execute_inline)
            run.handler = start_task(run.execute(self.agent))
        return run, sub

    async def subscribe(self, owner: str, task_id: str) -> Subscription:
        """Follow a task: the first item is its current snapshot (A2A §3.1.6)."""
        channel, task = await self._load(owner, task_id)
        if task.status.state.is_terminal:
            raise UnsupportedOperationError(
                "The task is in a terminal state", metadata={"taskId": task_id}
            )
        if channel is None:
            channel = self._channels.setdefault((owner, task_id), Channel(task=task))
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
        channel = self._channels.get(key) or Channel(task=task)
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
