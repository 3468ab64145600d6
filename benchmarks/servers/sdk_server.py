"""The official ``a2a-sdk`` 1.x server with executors equivalent to ``benchmarks/agents.py``.

Runs inside the SDK's own environment (its ``a2a`` package is the SDK's)::

    python -m uvicorn sdk_server:app --app-dir benchmarks/servers

It uses the SDK's recommended parts: ``DefaultRequestHandler`` over an
``InMemoryTaskStore``, the Starlette route factories, JSON-RPC at ``/`` and
HTTP+JSON under ``/rest`` (the same URLs as our server).  The first word of
the message text picks the behaviour, event for event like our bench agent:

* ``echo``: one Message;
* ``task``: the Task, one artifact, ``COMPLETED`` (three events);
* ``stream N``: the Task, N artifact chunks, ``COMPLETED``;
* ``wait``: the Task and ``WORKING``, then an hour of silence.
"""

from __future__ import annotations

import asyncio
import os

from a2a.helpers import new_text_message, new_text_part
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.routes import (
    create_agent_card_routes,
    create_jsonrpc_routes,
    create_rest_routes,
)
from a2a.server.tasks import InMemoryTaskStore, TaskUpdater
from starlette.applications import Starlette

from a2a.types import (
    AgentCapabilities,
    AgentCard,
    AgentInterface,
    AgentSkill,
    Task,
    TaskState,
    TaskStatus,
)

__all__ = ["app"]

WAIT_SECONDS = 3600.0


class BenchExecutor(AgentExecutor):
    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        text = context.get_user_input()
        word, _, arg = text.partition(" ")
        if word not in ("task", "stream", "wait"):
            await event_queue.enqueue_event(
                new_text_message("echo: " + text, context_id=context.context_id)
            )
            return
        # The request handler has assigned both ids before calling the executor.
        task_id, context_id = context.task_id or "", context.context_id or ""
        await event_queue.enqueue_event(
            Task(
                id=task_id,
                context_id=context_id,
                status=TaskStatus(state=TaskState.TASK_STATE_SUBMITTED),
                history=[context.message] if context.message is not None else [],
            )
        )
        updater = TaskUpdater(event_queue, task_id, context_id)
        if word == "task":
            await updater.add_artifact([new_text_part("echo: " + text)], name="echo")
            await updater.complete()
        elif word == "stream":
            count = int(arg)
            artifact_id = "chunks-" + task_id
            for index in range(count):
                await updater.add_artifact(
                    [new_text_part(f"chunk {index};")],
                    artifact_id=artifact_id,
                    name="chunks",
                    append=index > 0,
                    last_chunk=index == count - 1,
                )
            await updater.complete()
        else:
            await updater.start_work()
            await asyncio.sleep(WAIT_SECONDS)

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        await TaskUpdater(event_queue, context.task_id or "", context.context_id or "").cancel()


def _card(base: str) -> AgentCard:
    return AgentCard(
        name="Bench",
        description="Echo agent for the benchmark harness.",
        version="1.0.0",
        supported_interfaces=[
            AgentInterface(url=base + "/", protocol_binding="JSONRPC", protocol_version="1.0"),
            AgentInterface(
                url=base + "/rest", protocol_binding="HTTP+JSON", protocol_version="1.0"
            ),
        ],
        capabilities=AgentCapabilities(streaming=True),
        default_input_modes=["text/plain"],
        default_output_modes=["text/plain"],
        skills=[AgentSkill(id="echo", name="Echo", description="Echoes text.", tags=["echo"])],
    )


card = _card(os.environ.get("BENCH_BASE_URL", "http://127.0.0.1:8000"))
handler = DefaultRequestHandler(
    agent_executor=BenchExecutor(), task_store=InMemoryTaskStore(), agent_card=card
)
app = Starlette(
    routes=[
        *create_agent_card_routes(card),
        *create_jsonrpc_routes(handler, "/"),
        *create_rest_routes(handler, path_prefix="/rest"),
    ]
)
