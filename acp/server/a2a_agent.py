"""Serve an agent written with the A2A authoring API over ACP, unchanged.

The agent's ``handle(message, task)`` runs inside an ACP run: the run id is
the task id, the ACP session id the context id.  Its task events become ACP
output as they happen, through :mod:`acp.mapping`:

* artifacts (and their streamed chunks) -> named ``message.part`` events;
* ``working`` messages -> ``generic`` events ``{"a2a_status": ..., "message": ...}``;
* the completion message, or a direct reply -> an output message;
* ``ask`` (INPUT_REQUIRED, AUTH_REQUIRED) -> ``awaiting``; the client's resume
  calls ``handle`` again on the same task, as an A2A follow-up would;
* ``fail``/``reject`` -> ``failed`` with the message as ``Run.error``; an ACP
  cancel arrives in ``handle`` as :class:`asyncio.CancelledError`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from a2a.agent import Agent as A2AAgent
from a2a.agent import TaskContext
from a2a.protocol.tasks import apply_artifact, apply_status
from a2a.types import Message as A2AMessage
from a2a.types import (
    Part,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
    utc_now,
)
from acp.mapping import (
    error_from_a2a_message,
    manifest_from_info,
    message_from_a2a,
    message_to_a2a,
    part_from_a2a,
)
from acp.server.agent import Agent, RunContext
from acp.types import Message

__all__ = ["from_a2a"]

T = TaskState
_INTERRUPTED = (T.TASK_STATE_INPUT_REQUIRED, T.TASK_STATE_AUTH_REQUIRED)


class _TaskSink:
    """The A2A ``EventSink`` of one run: folds task events and mirrors them as ACP output."""

    def __init__(self, ctx: RunContext, agent_name: str) -> None:
        self.ctx = ctx
        self.agent_name = agent_name
        self.first: A2AMessage | None = None
        self._task: Task | None = None

    @property
    def task(self) -> Task | None:
        return self._task

    @property
    def task_id(self) -> str:
        return str(self.ctx.run_id)

    def _create(self) -> Task:
        assert self.first is not None
        self._task = Task(
            id=self.task_id,
            context_id=str(self.ctx.session_id),
            status=TaskStatus(state=T.TASK_STATE_SUBMITTED, timestamp=utc_now()),
            history=[self.first],
        )
        return self._task

    async def emit(self, event: TaskStatusUpdateEvent | TaskArtifactUpdateEvent) -> None:
        task = self._task or self._create()
        if isinstance(event, TaskArtifactUpdateEvent):
            stored = apply_artifact(task, event)
            name = stored.name or stored.artifact_id
            for part in event.artifact.parts:
                await self.ctx.emit(part_from_a2a(part, name=name))
            return
        apply_status(task, event)
        message = event.status.message
        state = event.status.state
        if message is None:
            return
        if state is T.TASK_STATE_COMPLETED:
            await self.ctx.emit(message_from_a2a(message, agent_name=self.agent_name))
        elif state is T.TASK_STATE_WORKING:
            acp_message = message_from_a2a(message, agent_name=self.agent_name)
            await self.ctx.emit({"a2a_status": state.value, "message": acp_message.to_dict()})

    async def finish(self, reply: A2AMessage | None) -> None:
        """Complete a task whose ``handle`` returned while it was still working."""
        task = self._task
        assert task is not None
        if reply is not None:
            reply = reply.model_copy(update={"task_id": task.id, "context_id": task.context_id})
        await self.emit(
            TaskStatusUpdateEvent(
                task_id=task.id,
                context_id=task.context_id,
                status=TaskStatus(state=T.TASK_STATE_COMPLETED, message=reply, timestamp=utc_now()),
            )
        )


def _reply(result: object) -> A2AMessage | None:
    if result is None:
        return None
    if isinstance(result, A2AMessage):
        return result
    if isinstance(result, str):
        return A2AMessage.agent(result)
    if isinstance(result, Sequence) and all(isinstance(p, Part) for p in result):
        return A2AMessage.agent(*result)
    raise TypeError(f"an A2A agent cannot return {type(result).__name__}")


def from_a2a(agent: A2AAgent, *, name: str | None = None) -> Agent:
    """An ACP agent serving ``agent``; its ACP name defaults to a slug of its A2A name."""
    manifest = manifest_from_info(agent.info, name)

    async def handler(input: list[Message], ctx: RunContext) -> None:
        sink = _TaskSink(ctx, manifest.name)
        task_id, context_id = str(ctx.run_id), str(ctx.session_id)
        message = message_to_a2a(input, context_id=context_id)
        sink.first = message.model_copy(update={"task_id": task_id})
        while True:
            context = TaskContext(
                sink, message=message, task_id=task_id, context_id=context_id,
                caller=ctx.principal or "",
            )  # fmt: skip
            try:
                result = await agent.handle(message, context)
            except asyncio.CancelledError:
                context.cancelled = True
                raise
            reply = _reply(result)
            task = sink.task
            if task is None:  # a direct reply: no task was ever created
                if reply is not None:
                    await ctx.emit(message_from_a2a(reply, agent_name=manifest.name))
                return
            state = task.status.state
            if state in (T.TASK_STATE_SUBMITTED, T.TASK_STATE_WORKING):
                await sink.finish(reply)
                return
            if state is T.TASK_STATE_COMPLETED:
                return
            if state is T.TASK_STATE_CANCELED:
                raise asyncio.CancelledError
            if state in (T.TASK_STATE_FAILED, T.TASK_STATE_REJECTED):
                await ctx.emit(error_from_a2a_message(state, task.status.message))
                return
            # INPUT_REQUIRED / AUTH_REQUIRED: ACP's await; the answer is the next turn.
            question = task.status.message or A2AMessage.agent("Input required")
            answer = await ctx.ask(message_from_a2a(question, agent_name=manifest.name))
            message = message_to_a2a(answer, task_id=task_id, context_id=context_id)
            task.history.append(message)

    return Agent(manifest=manifest, handler=handler)
