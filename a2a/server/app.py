"""Assemble the reference server: one agent, both bindings, its card, push delivery.

``create_app`` returns a Starlette application; ``uvicorn`` (or any ASGI
server) serves it.  Layout below the base URL:

* ``/.well-known/agent-card.json`` (and the legacy ``/.well-known/agent.json``):
  the public card, with ``ETag`` and ``Cache-Control``;
* ``/``: the JSON-RPC interface (POST);
* ``/rest/...``: the HTTP+JSON interface, with ``/{tenant}`` variants.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.types import Receive, Scope, Send

from a2a.agent import Agent
from a2a.protocol.negotiation import CURRENT_VERSION, LEGACY_VERSION
from a2a.protocol.ssrf import UrlPolicy
from a2a.server.auth import Authenticator
from a2a.server.card import CardDocument, build_card
from a2a.server.core import Limits, ServerCore
from a2a.server.handler import ExtendedCard, RequestHandler
from a2a.server.jsonrpc import JsonRpcEndpoint
from a2a.server.push import PushSender, RetryPolicy
from a2a.server.rest import RestEndpoint
from a2a.server.runtime import TaskRuntime
from a2a.server.store import InMemoryStore, PushConfigStore, TaskStore
from a2a.types import AgentCard, AgentInterface, ProtocolBinding

__all__ = ["CARD_PATH", "LEGACY_CARD_PATH", "A2AApplication", "A2AServer", "create_app"]

CARD_PATH = "/.well-known/agent-card.json"
LEGACY_CARD_PATH = "/.well-known/agent.json"
JSONRPC_PATH = "/"
REST_PREFIX = "/rest"


@dataclass
class A2AServer:
    """The parts of a running server, reachable as ``app.state.a2a`` (for tests and hooks)."""

    agent: Agent
    runtime: TaskRuntime
    store: TaskStore
    push_store: PushConfigStore
    push_sender: PushSender
    core: ServerCore

    def card_for(self, base_url: str) -> AgentCard:
        """The public card as served from ``base_url``."""
        legacy = self.core.legacy_v03
        return self.core.card.card.model_copy(
            update={"supported_interfaces": interfaces(base_url, legacy_v03=legacy)}
        )


def interfaces(base_url: str, *, legacy_v03: bool = False) -> list[AgentInterface]:
    """The interfaces this server serves, JSON-RPC 1.0 first (the preferred one).

    With ``legacy_v03``, the JSON-RPC URL also answers 0.3 method names.
    """
    base = base_url.rstrip("/")
    legacy = [
        AgentInterface(
            url=base + JSONRPC_PATH,
            protocol_binding=ProtocolBinding.JSONRPC,
            protocol_version=LEGACY_VERSION,
        )
    ]
    return [
        AgentInterface(
            url=base + JSONRPC_PATH,
            protocol_binding=ProtocolBinding.JSONRPC,
            protocol_version=CURRENT_VERSION,
        ),
        AgentInterface(
            url=base + REST_PREFIX,
            protocol_binding=ProtocolBinding.HTTP_JSON,
            protocol_version=CURRENT_VERSION,
        ),
        *(legacy if legacy_v03 else []),
    ]


def create_app(
    agent: Agent,
    *,
    base_url: str | None = None,
    store: TaskStore | None = None,
    push_store: PushConfigStore | None = None,
    authenticators: Sequence[Authenticator] = (),
    extended_card: ExtendedCard | None = None,
    webhook_policy: UrlPolicy = UrlPolicy(),
    push_retry: RetryPolicy = RetryPolicy(),
    limits: Limits = Limits(),
    card_max_age: int = 300,
    legacy_v03: bool = False,
    freeze_gc: bool = True,
) -> A2AApplication:
    """An ASGI application serving ``agent`` over JSON-RPC and HTTP+JSON.

    ``base_url`` is the public URL the card advertises; without it, each
    card request advertises the host it was sent to.  With ``authenticators``
    every call must carry one accepted credential, and the extended card
    (if given) becomes available to authenticated callers.  The default
    ``webhook_policy`` refuses webhooks on private and loopback addresses.
    ``legacy_v03`` also answers A2A 0.3 clients: 0.3 JSON-RPC method names
    (with no ``A2A-Version`` header, or ``0.3``) and a card carrying the 0.3
    fields as well.  ``freeze_gc`` moves every object that exists at start-up
    out of the cyclic collector's reach (``gc.freeze()``): a long-running server
    then stops re-scanning its own modules on every full collection.
    """
    memory = InMemoryStore()
    task_store = store or memory
    configs: PushConfigStore
    if push_store is not None:
        configs = push_store
    elif isinstance(task_store, PushConfigStore):
        configs = task_store
    else:
        configs = memory
    sender = PushSender(configs, policy=webhook_policy, retry=push_retry)
    runtime = TaskRuntime(agent, task_store, notifier=sender)
    template = CardDocument(
        build_card(
            agent.info,
            interfaces(base_url or "http://localhost", legacy_v03=legacy_v03),
            authenticators=authenticators,
            extended_card=extended_card is not None and bool(authenticators),
        ),
        legacy_fields=legacy_v03,
    )
    handler = RequestHandler(
        runtime,
        task_store,
        configs,
        lambda: template.card,
        extended_card=extended_card,
        webhook_policy=webhook_policy,
    )
    core = ServerCore(handler, template, authenticators, limits=limits, legacy_v03=legacy_v03)
    server = A2AServer(agent, runtime, task_store, configs, sender, core)
    documents: dict[str, CardDocument] = {}
    if base_url is not None:
        documents[""] = template

    def document(request: Request) -> CardDocument:
        if base_url is not None:
            return template
        # The public base: scheme, host and any mount prefix (root_path) of this request.
        root = request.scope.get("root_path", "")
        host = f"{request.url.scheme}://{request.url.netloc}{root}".rstrip("/")
        doc = documents.get(host)
        if doc is None:
            if len(documents) > 64:  # bound the cache against Host-header spraying
                documents.clear()
            doc = documents[host] = CardDocument(server.card_for(host), legacy_fields=legacy_v03)
        return doc

    cache_control = f"public, max-age={card_max_age}"

    async def card_endpoint(request: Request) -> Response:
        doc = document(request)
        headers = {"ETag": doc.etag, "Cache-Control": cache_control}
        if doc.etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(doc.body, media_type="application/json", headers=headers)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if freeze_gc:
            gc.freeze()
        try:
            yield
        finally:
            await runtime.shutdown()
            await sender.aclose()

    jsonrpc = JsonRpcEndpoint(core)
    rest = RestEndpoint(core, REST_PREFIX)
    app = A2AApplication(
        jsonrpc,
        rest,
        routes=[
            Route(CARD_PATH, card_endpoint, methods=["GET"]),
            Route(LEGACY_CARD_PATH, card_endpoint, methods=["GET"]),
            Route(JSONRPC_PATH, jsonrpc, methods=["POST"]),
            Mount(REST_PREFIX, app=rest),
        ],
        lifespan=lifespan,
    )
    app.state.a2a = server
    return app


class A2AApplication(Starlette):
    """Starlette, with the two protocol endpoints reached without routing or middleware.

    Both endpoints answer every error themselves, so the generic middleware
    would only add cost to each call; every other path (the card, unknown
    URLs, lifespan) goes through Starlette as usual.
    """

    def __init__(self, jsonrpc: JsonRpcEndpoint, rest: RestEndpoint, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._jsonrpc = jsonrpc
        self._rest = rest
        self._rest_prefix = REST_PREFIX + "/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            root: str = scope.get("root_path", "")
            if root and path.startswith(root):
                path = path[len(root) :]
            if path == JSONRPC_PATH and scope["method"] == "POST":
                scope["app"] = self
                await self._jsonrpc(scope, receive, send)
                return
            if path.startswith(self._rest_prefix):
                scope["app"] = self
                await self._rest(scope, receive, send)
                return
        await super().__call__(scope, receive, send)
