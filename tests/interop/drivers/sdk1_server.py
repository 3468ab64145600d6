"""An A2A 1.0 agent built with the official ``a2a-sdk`` 1.x, for interop tests.

Runs inside the peer's own virtual environment (``a2a-sdk-1``)::

    python sdk1_server.py --port 8123 [--api-key SECRET]

It serves the card at ``/.well-known/agent-card.json``, JSON-RPC at
``/jsonrpc`` and HTTP+JSON under ``/rest``, with streaming, push
notification configs and an extended card.  What the agent does depends on
the text it receives:

* ``slow ...``: works until canceled;
* ``ask ...``: asks a question (INPUT_REQUIRED); the answer completes the task;
* ``auth ...``: stops in AUTH_REQUIRED;
* ``direct ...``: answers with a message, no task;
* ``tenant``: answers with a message naming the tenant the request carried;
* ``fail ...``: fails the task;
* anything else: a task that streams ``echo: <text>`` as a two-chunk artifact
  and completes.

With ``--api-key``, every A2A route (not the card) requires the ``X-API-Key``
header, and the card declares that scheme.  With ``--tenant``, both interfaces
carry that tenant and HTTP+JSON is served at the root (``/{tenant}/...``).
"""

from __future__ import annotations

import argparse
import asyncio
import uuid

import uvicorn
from a2a.helpers import new_task_from_user_message, new_text_message, new_text_part
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.routes import (
    create_agent_card_routes,
    create_jsonrpc_routes,
    create_rest_routes,
)
from a2a.server.tasks import (
    InMemoryPushNotificationConfigStore,
    InMemoryTaskStore,
    TaskUpdater,
)
from starlette.applications import Starlette
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse

from a2a.types import (
    AgentCapabilities,
    AgentCard,
    AgentInterface,
    AgentSkill,
    APIKeySecurityScheme,
    SecurityRequirement,
    SecurityScheme,
    StringList,
)


class EchoExecutor(AgentExecutor):
    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        text = context.get_user_input()
        task = context.current_task
        if text.startswith("direct"):
            await event_queue.enqueue_event(
                new_text_message(f"direct: {text}", context_id=context.context_id)
            )
            return
        if text.startswith("tenant"):
            await event_queue.enqueue_event(
                new_text_message(f"tenant={context.tenant}", context_id=context.context_id)
            )
            return
        if task is None:
            task = new_task_from_user_message(context.message)
            await event_queue.enqueue_event(task)
        updater = TaskUpdater(event_queue, task.id, task.context_id)
        if task.history and len(task.history) > 1:
            # The answer to an earlier question.
            await updater.add_artifact([new_text_part(f"hello, {text}")], name="greeting")
            await updater.complete()
            return
        await updater.start_work(updater.new_agent_message([new_text_part("working")]))
        if text.startswith("slow"):
            await asyncio.sleep(3600)
            return
        if text.startswith("ask"):
            await updater.requires_input(updater.new_agent_message([new_text_part("your name?")]))
            return
        if text.startswith("auth"):
            await updater.requires_auth(
                updater.new_agent_message([new_text_part("please sign in")])
            )
            return
        if text.startswith("fail"):
            await updater.failed(updater.new_agent_message([new_text_part("it failed")]))
            return
        artifact_id = str(uuid.uuid4())
        await updater.add_artifact(
            [new_text_part("echo: ")], artifact_id=artifact_id, name="echo", last_chunk=False
        )
        await updater.add_artifact(
            [new_text_part(text)], artifact_id=artifact_id, append=True, last_chunk=True
        )
        await updater.complete(updater.new_agent_message([new_text_part("done")]))

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        task = context.current_task
        assert task is not None
        await TaskUpdater(event_queue, task.id, task.context_id).cancel()


class RequireKey(BaseHTTPMiddleware):
    def __init__(self, app: object, key: str) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.key = key

    async def dispatch(self, request, call_next):  # type: ignore[no-untyped-def]
        if request.url.path.startswith("/.well-known/"):
            return await call_next(request)
        if request.headers.get("X-API-Key") != self.key:
            return JSONResponse(
                {"error": {"code": 401, "status": "UNAUTHENTICATED", "message": "bad key"}},
                status_code=401,
                headers={"WWW-Authenticate": 'ApiKey realm="a2a"'},
            )
        return await call_next(request)


def build_card(port: int, api_key: bool, tenant: str, rest_prefix: str) -> AgentCard:
    base = f"http://127.0.0.1:{port}"
    card = AgentCard(
        name="sdk1 echo",
        description="a2a-sdk 1.x interop peer",
        version="1.0.0",
        supported_interfaces=[
            AgentInterface(
                url=f"{base}/jsonrpc", protocol_binding="JSONRPC", protocol_version="1.0",
                tenant=tenant,
            ),
            AgentInterface(
                url=f"{base}{rest_prefix}", protocol_binding="HTTP+JSON", protocol_version="1.0",
                tenant=tenant,
            ),
        ],
        capabilities=AgentCapabilities(
            streaming=True, push_notifications=True, extended_agent_card=True
        ),
        default_input_modes=["text/plain"],
        default_output_modes=["text/plain"],
        skills=[AgentSkill(id="echo", name="echo", description="echoes", tags=["echo"])],
    )  # fmt: skip
    if api_key:
        card.security_schemes["key"].CopyFrom(
            SecurityScheme(
                api_key_security_scheme=APIKeySecurityScheme(location="header", name="X-API-Key")
            )
        )
        requirement = SecurityRequirement()
        requirement.schemes["key"].CopyFrom(StringList())
        card.security_requirements.append(requirement)
    return card


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", default="")
    parser.add_argument("--tenant", default="")
    args = parser.parse_args()

    # The SDK mounts its ``/{tenant}`` REST variants at the root, in front of any
    # path prefix, so a tenant-aware HTTP+JSON interface lives at the root.
    rest_prefix = "" if args.tenant else "/rest"
    card = build_card(args.port, bool(args.api_key), args.tenant, rest_prefix)
    extended = AgentCard()
    extended.CopyFrom(card)
    extended.name = "sdk1 echo (extended)"
    handler = DefaultRequestHandler(
        agent_executor=EchoExecutor(),
        task_store=InMemoryTaskStore(),
        agent_card=card,
        push_config_store=InMemoryPushNotificationConfigStore(),
        extended_agent_card=extended,
    )
    routes = [
        *create_agent_card_routes(card, cache_control="public, max-age=60"),
        *create_jsonrpc_routes(handler, "/jsonrpc"),
        *create_rest_routes(handler, path_prefix=rest_prefix),
    ]
    app = Starlette(routes=routes)
    if args.api_key:
        app.add_middleware(RequireKey, key=args.api_key)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
