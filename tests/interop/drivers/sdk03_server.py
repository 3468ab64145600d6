"""An A2A 0.3 agent built with ``a2a-sdk`` 0.3.26 (the last 0.3 release), for interop tests.

Runs inside the peer's own virtual environment (``a2a-sdk-03``)::

    python sdk03_server.py --port 8123

It serves a 0.3 card (``url``, ``preferredTransport``, ``additionalInterfaces``,
``protocolVersion``) at ``/.well-known/agent-card.json``, JSON-RPC at
``/jsonrpc`` and the 0.3 HTTP+JSON binding under ``/rest``.  The agent
behaves like the one in ``sdk1_server.py``:

* ``slow ...``: works until canceled;
* ``ask ...``: asks a question (input-required); the answer completes the task;
* ``auth ...``: stops in auth-required;
* ``direct ...``: answers with a message, no task;
* ``fail ...``: fails the task;
* anything else: a task that streams ``echo: <text>`` as a two-chunk artifact
  and completes.
"""

from __future__ import annotations

import argparse
import asyncio
import uuid

import uvicorn
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.apps import A2ARESTFastAPIApplication, A2AStarletteApplication
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.tasks import (
    InMemoryPushNotificationConfigStore,
    InMemoryTaskStore,
    TaskUpdater,
)
from a2a.utils import new_agent_text_message, new_task

from a2a.types import (
    AgentCapabilities,
    AgentCard,
    AgentInterface,
    AgentSkill,
    Part,
    TextPart,
)


def _text(text: str) -> list[Part]:
    return [Part(root=TextPart(text=text))]


class EchoExecutor(AgentExecutor):
    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        text = context.get_user_input()
        task = context.current_task
        if text.startswith("direct"):
            await event_queue.enqueue_event(
                new_agent_text_message(f"direct: {text}", context_id=context.context_id)
            )
            return
        if task is None:
            assert context.message is not None
            task = new_task(context.message)
            await event_queue.enqueue_event(task)
        updater = TaskUpdater(event_queue, task.id, task.context_id)
        if task.history and len(task.history) > 1:
            # The answer to an earlier question.
            await updater.add_artifact(_text(f"hello, {text}"), name="greeting")
            await updater.complete()
            return
        await updater.start_work(updater.new_agent_message(_text("working")))
        if text.startswith("slow"):
            await asyncio.sleep(3600)
            return
        if text.startswith("ask"):
            await updater.requires_input(updater.new_agent_message(_text("your name?")), final=True)
            return
        if text.startswith("auth"):
            await updater.requires_auth(
                updater.new_agent_message(_text("please sign in")), final=True
            )
            return
        if text.startswith("fail"):
            await updater.failed(updater.new_agent_message(_text("it failed")))
            return
        artifact_id = str(uuid.uuid4())
        await updater.add_artifact(
            _text("echo: "), artifact_id=artifact_id, name="echo", last_chunk=False
        )
        await updater.add_artifact(
            _text(text), artifact_id=artifact_id, append=True, last_chunk=True
        )
        await updater.complete(updater.new_agent_message(_text("done")))

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        task = context.current_task
        assert task is not None
        await TaskUpdater(event_queue, task.id, task.context_id).cancel()


def build_card(port: int) -> AgentCard:
    base = f"http://127.0.0.1:{port}"
    return AgentCard(
        name="sdk03 echo",
        description="a2a-sdk 0.3 interop peer",
        version="1.0.0",
        protocol_version="0.3.0",
        url=f"{base}/jsonrpc",
        preferred_transport="JSONRPC",
        additional_interfaces=[
            AgentInterface(url=f"{base}/jsonrpc", transport="JSONRPC"),
            AgentInterface(url=f"{base}/rest", transport="HTTP+JSON"),
        ],
        capabilities=AgentCapabilities(streaming=True, push_notifications=True),
        supports_authenticated_extended_card=True,
        default_input_modes=["text/plain"],
        default_output_modes=["text/plain"],
        skills=[AgentSkill(id="echo", name="echo", description="echoes", tags=["echo"])],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    card = build_card(args.port)
    extended = card.model_copy(update={"name": "sdk03 echo (extended)"})
    handler = DefaultRequestHandler(
        agent_executor=EchoExecutor(),
        task_store=InMemoryTaskStore(),
        push_config_store=InMemoryPushNotificationConfigStore(),
    )
    app = A2ARESTFastAPIApplication(card, handler).build(rpc_url="/rest")
    A2AStarletteApplication(card, handler, extended_agent_card=extended).add_routes_to_app(
        app, rpc_url="/jsonrpc"
    )
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
