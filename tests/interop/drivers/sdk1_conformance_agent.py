"""The conformance suite's behaviour convention, as an ``a2a-sdk`` 1.x AgentExecutor.

Runs inside the peer's own virtual environment (``a2a-sdk-1``)::

    python sdk1_conformance_agent.py --port 8123

It serves what the SDK offers, configured as its documentation suggests: the
card at ``/.well-known/agent-card.json``, JSON-RPC at ``/jsonrpc``, HTTP+JSON
under ``/rest``, streaming, push notification configs and delivery, an
extended card, and API keys (``alice-key``, ``bob-key``) turned into Starlette
users, which the SDK's task store uses to keep each caller's tasks apart.

The executor reacts to the first text part of a message (``spec/conformance.md``):
``conformance:message``, ``artifacts N``, ``chunks N``, ``input-required``,
``fail``, ``slow S``; the answer to a question completes the task.
"""

from __future__ import annotations

import argparse
import asyncio

import httpx
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
    BasePushNotificationSender,
    InMemoryPushNotificationConfigStore,
    InMemoryTaskStore,
    TaskUpdater,
)
from starlette.applications import Starlette
from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    SimpleUser,
)
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
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
    TaskState,
)

KEYS = {"alice-key": "alice", "bob-key": "bob"}
SKILL_ID = "a2a-conformance"
PREFIX = "conformance:"


def command(text: str) -> tuple[str, float] | None:
    """``("artifacts", 3.0)`` for ``conformance:artifacts 3``; ``None`` if not a command."""
    text = text.strip()
    if not text.startswith(PREFIX):
        return None
    name, _, argument = text[len(PREFIX) :].partition(" ")
    try:
        return name, float(argument) if argument.strip() else 0.0
    except ValueError:
        return None


class ConformanceExecutor(AgentExecutor):
    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        message = context.message
        first = next((p.text for p in message.parts if p.HasField("text")), "") if message else ""
        task = context.current_task
        if task is not None and task.status.state == TaskState.TASK_STATE_INPUT_REQUIRED:
            updater = TaskUpdater(event_queue, task.id, task.context_id)
            await updater.start_work()
            await updater.add_artifact([new_text_part(f"answer: {first}")], name="answer")
            await updater.complete()
            return
        parsed = command(first)
        if parsed is None or parsed[0] == "message":
            reply = "conformance: a direct reply" if parsed else "send a conformance command"
            await event_queue.enqueue_event(new_text_message(reply, context_id=context.context_id))
            return
        name, number = parsed
        if task is None:
            task = new_task_from_user_message(context.message)
            await event_queue.enqueue_event(task)
        updater = TaskUpdater(event_queue, task.id, task.context_id)
        if name == "input-required":
            await updater.requires_input(
                updater.new_agent_message([new_text_part("conformance: what is your answer?")])
            )
            return
        await updater.start_work()
        if name == "artifacts":
            for index in range(int(number)):
                await updater.add_artifact([new_text_part(f"artifact {index}")], name=f"a{index}")
        elif name == "chunks":
            count = int(number)
            for index in range(count):
                await updater.add_artifact(
                    [new_text_part(f"chunk {index};")],
                    artifact_id=f"{task.id}-chunked",
                    name="chunked",
                    append=index > 0,
                    last_chunk=index == count - 1,
                )
        elif name == "fail":
            await updater.failed(updater.new_agent_message([new_text_part("failing as asked")]))
            return
        elif name == "slow":
            await asyncio.sleep(number)
            await updater.add_artifact([new_text_part("conformance: done")], name="result")
        await updater.complete()

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        task = context.current_task
        assert task is not None
        await TaskUpdater(event_queue, task.id, task.context_id).cancel()


class ApiKeys(AuthenticationBackend):
    """``X-API-Key`` → a Starlette user; the card stays public."""

    async def authenticate(self, conn):  # type: ignore[no-untyped-def]
        if conn.url.path.startswith("/.well-known/"):
            return None
        key = conn.headers.get("X-API-Key")
        if key not in KEYS:
            raise AuthenticationError("missing or invalid API key")
        return AuthCredentials(["authenticated"]), SimpleUser(KEYS[key])


def refuse(conn, exc):  # type: ignore[no-untyped-def]
    return JSONResponse(
        {"error": {"code": 401, "status": "UNAUTHENTICATED", "message": str(exc)}},
        status_code=401,
        headers={"WWW-Authenticate": 'ApiKey realm="a2a", header="X-API-Key"'},
    )


def build_card(port: int) -> AgentCard:
    base = f"http://127.0.0.1:{port}"
    interfaces = [
        AgentInterface(url=f"{base}{path}", protocol_binding=binding, protocol_version="1.0")
        for path, binding in (("/jsonrpc", "JSONRPC"), ("/rest", "HTTP+JSON"))
    ]
    card = AgentCard(
        name="sdk1 conformance agent",
        description="a2a-sdk 1.x following the conformance convention",
        version="1.0.0",
        supported_interfaces=interfaces,
        capabilities=AgentCapabilities(
            streaming=True, push_notifications=True, extended_agent_card=True
        ),
        default_input_modes=["text/plain"],
        default_output_modes=["text/plain"],
        skills=[
            AgentSkill(
                id=SKILL_ID, name="conformance", description="conformance:* commands",
                tags=["conformance"],
            )
        ],
    )  # fmt: skip
    card.security_schemes["apiKey"].CopyFrom(
        SecurityScheme(
            api_key_security_scheme=APIKeySecurityScheme(location="header", name="X-API-Key")
        )
    )
    requirement = SecurityRequirement()
    requirement.schemes["apiKey"].CopyFrom(StringList())
    card.security_requirements.append(requirement)
    return card


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    card = build_card(args.port)
    extended = AgentCard()
    extended.CopyFrom(card)
    extended.name = "sdk1 conformance agent (extended)"
    configs = InMemoryPushNotificationConfigStore()
    handler = DefaultRequestHandler(
        agent_executor=ConformanceExecutor(),
        task_store=InMemoryTaskStore(),
        agent_card=card,
        push_config_store=configs,
        push_sender=BasePushNotificationSender(httpx.AsyncClient(timeout=10), configs),
        extended_agent_card=extended,
    )
    routes = [
        *create_agent_card_routes(card, cache_control="public, max-age=60"),
        *create_jsonrpc_routes(handler, "/jsonrpc"),
        *create_rest_routes(handler, path_prefix="/rest"),
    ]
    middleware = [Middleware(AuthenticationMiddleware, backend=ApiKeys(), on_error=refuse)]
    app = Starlette(routes=routes, middleware=middleware)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
