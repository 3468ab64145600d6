"""Our reference server, set up for the conformance suite, on a live loopback socket.

The agent is ``examples/conformance_agent.py``.  ``reference_app`` adds what
the suite needs to run every check: two callers (API keys for Alice and Bob),
an extended card, webhooks on loopback allowed, fast push retries.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from a2a.agent import Agent
from a2a.identity.card import sign_card
from a2a.identity.jwk import PrivateKey, generate_key, jwks_document
from a2a.protocol.ssrf import UrlPolicy
from a2a.server import create_app
from a2a.server.auth import APIKeyAuth
from a2a.server.push import RetryPolicy
from a2a.types import AgentCard
from examples.conformance_agent import conformance_agent

ALICE = {"X-API-Key": "alice-key"}
BOB = {"X-API-Key": "bob-key"}
CARD_PATH = "/.well-known/agent-card.json"
JWKS_PATH = "/.well-known/jwks.json"
ETAG = b'"signed-card"'


def reference_app(base: str, agent: Agent = conformance_agent, *, auth: bool = True) -> Any:
    """``create_app`` for the conformance agent at ``base``, with everything switched on."""
    options: dict[str, Any] = {}
    if auth:
        holder: dict[str, Any] = {}

        def extended(_: object) -> AgentCard:
            card: AgentCard = holder["app"].state.a2a.card_for(base)
            return card.model_copy(update={"name": f"{card.name} (extended)"})

        options = {
            "authenticators": [APIKeyAuth({"alice-key": "alice", "bob-key": "bob"})],
            "extended_card": extended,
        }
    app = create_app(
        agent,
        base_url=base,
        webhook_policy=UrlPolicy(allow_private=True),
        push_retry=RetryPolicy(attempts=3, first_delay=0.05, timeout=5),
        **options,
    )
    if auth:
        holder["app"] = app
    return app


class SignedCard:
    """Serves the inner app's card signed with ``key`` (A2A §8.4) and the JWKS beside it.

    ``tamper`` changes the card after signing, so its signature no longer verifies.
    """

    def __init__(self, app: ASGIApp, key: PrivateKey | None = None, *, tamper: bool = False):
        self.app = app
        self.key = key or generate_key("ES256")
        self.tamper = tamper

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if scope["path"] == JWKS_PATH:
            await _send_json(send, jwks_document([self.key]))
            return
        if scope["path"] != CARD_PATH:
            await self.app(scope, receive, send)
            return
        if dict(scope["headers"]).get(b"if-none-match") == ETAG:
            await send({"type": "http.response.start", "status": 304, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        chunks: list[bytes] = []

        async def keep(message: Any) -> None:
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, keep)
        card = AgentCard.from_json(b"".join(chunks))
        host = dict(scope["headers"]).get(b"host", b"localhost").decode()
        signed = sign_card(card, self.key, jku=f"http://{host}{JWKS_PATH}").to_dict()
        if self.tamper:
            signed["description"] = signed["description"] + " (tampered)"
        await _send_json(send, signed)


async def _send_json(send: Send, data: Any) -> None:
    body = json.dumps(data).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"public, max-age=60"),
        (b"etag", ETAG),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
