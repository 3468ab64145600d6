"""Serve a remote A2A agent as an ACP agent (``a2a bridge A2A_URL``).

Each ACP run sends the run's input to the A2A agent as one streaming message
(``SendStreamingMessage``) and turns the task's events into ACP output as
they arrive, with :mod:`acp.mapping`:

* artifact updates -> named ``message.part`` events (chunks as they stream);
* WORKING status messages -> ``generic`` events ``{"a2a_status", "message"}``;
* a COMPLETED status message, or a direct reply -> an output message;
* INPUT_REQUIRED / AUTH_REQUIRED -> ``awaiting`` with the agent's question;
  the ACP resume is sent as the follow-up message of the same task;
* FAILED / REJECTED -> ``failed`` (the status text is ``Run.error``); CANCELED
  -> ``cancelled``; an ACP cancel cancels the A2A task.

The ACP session id is the A2A context id, so a session is one A2A context.
"""

from __future__ import annotations

import asyncio
import contextlib

from a2a.errors import A2AError
from a2a.types import Message as A2AMessage
from a2a.types import StreamEvent, Task, TaskArtifactUpdateEvent, TaskState
from acp.bridge.a2a_remote import RemoteA2A
from acp.mapping import (
    error_from_a2a_message,
    manifest_from_card,
    message_from_a2a,
    message_to_a2a,
    part_from_a2a,
)
from acp.server.agent import Agent, RunContext
from acp.types import Message

__all__ = ["remote_agent"]

T = TaskState


class _Turn:
    """The state of one ACP run while it follows the A2A task."""

    def __init__(self, ctx: RunContext, agent_name: str) -> None:
        self.ctx = ctx
        self.agent_name = agent_name
        self.task_id = ""
        self.state = T.TASK_STATE_SUBMITTED
        self.status_message: A2AMessage | None = None
        self.replied = False

    async def apply(self, event: StreamEvent) -> None:
        ctx = self.ctx
        if isinstance(event, A2AMessage):  # a direct reply: no task
            await ctx.emit(message_from_a2a(event, agent_name=self.agent_name))
            self.replied = True
        elif isinstance(event, Task):
            self.task_id = event.id
            self.state = event.status.state
            self.status_message = event.status.message
        elif isinstance(event, TaskArtifactUpdateEvent):
            self.task_id = event.task_id
            name = event.artifact.name or event.artifact.artifact_id
            for part in event.artifact.parts:
                await ctx.emit(part_from_a2a(part, name=name))
        else:
            self.task_id = event.task_id
            self.state = event.status.state
            self.status_message = message = event.status.message
            if message is not None and self.state is T.TASK_STATE_WORKING:
                acp_message = message_from_a2a(message, agent_name=self.agent_name)
                await ctx.emit({"a2a_status": self.state.value, "message": acp_message.to_dict()})
            elif message is not None and self.state is T.TASK_STATE_COMPLETED:
                await ctx.emit(message_from_a2a(message, agent_name=self.agent_name))


def remote_agent(remote: RemoteA2A, *, name: str | None = None) -> Agent:
    """An ACP agent that forwards every run to ``remote``."""
    manifest = manifest_from_card(remote.card, name)

    async def handler(input: list[Message], ctx: RunContext) -> None:
        turn = _Turn(ctx, manifest.name)
        context_id = str(ctx.session_id)
        message = message_to_a2a(input, context_id=context_id)
        try:
            while True:
                async for event in remote.stream(message):
                    await turn.apply(event)
                if turn.replied or turn.state is T.TASK_STATE_COMPLETED:
                    return
                if turn.state is T.TASK_STATE_CANCELED:
                    raise asyncio.CancelledError
                if turn.state in (T.TASK_STATE_FAILED, T.TASK_STATE_REJECTED):
                    await ctx.emit(error_from_a2a_message(turn.state, turn.status_message))
                    return
                if turn.state not in (T.TASK_STATE_INPUT_REQUIRED, T.TASK_STATE_AUTH_REQUIRED):
                    await ctx.emit(
                        error_from_a2a_message(
                            T.TASK_STATE_FAILED, A2AMessage.agent("The A2A stream ended early")
                        )
                    )
                    return
                question = turn.status_message or A2AMessage.agent("Input required")
                answer = await ctx.ask(message_from_a2a(question, agent_name=manifest.name))
                message = message_to_a2a(answer, task_id=turn.task_id, context_id=context_id)
        except asyncio.CancelledError:
            if turn.task_id and turn.state not in (T.TASK_STATE_CANCELED,):
                with contextlib.suppress(A2AError):
                    await asyncio.shield(remote.cancel(turn.task_id))
            raise

    return Agent(manifest=manifest, handler=handler)
