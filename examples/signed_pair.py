"""Two agents, each with its own key, exchanging signed messages; a tampered one is refused.

Alice and Bob each run an A2A server on loopback that signs its Agent Card,
publishes its JWKS and speaks the signed-envelope extension.  Neither knows the
other's key in advance: each fetches the other's JWKS from the other's own
origin when a signature names an unknown key.

    python examples/signed_pair.py

prints what happens: Alice checks Bob's card, sends him a signed message and
checks his signed reply; Bob writes back the same way; then a message altered
in transit is rejected with SIGNATURE_INVALID.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn

from a2a.agent import TaskContext, agent
from a2a.client.identity import ClientIdentity, EnvelopeAuth, fetch_verified_card, jwks_fetcher
from a2a.errors import error_from_jsonrpc
from a2a.identity import generate_key, sign_object
from a2a.identity.errors import SignatureError
from a2a.identity.jwk import PrivateKey
from a2a.identity.policy import EnvelopePolicy
from a2a.identity.trust import TrustStore
from a2a.protocol.ssrf import UrlPolicy
from a2a.server import create_app
from a2a.server.identity import ServerIdentity, with_identity
from a2a.types import AgentSkill, Message

CARD_PATH = "/.well-known/agent-card.json"
# Loopback only: real deployments keep the default policy (HTTPS, public addresses).
LOOPBACK = UrlPolicy(allow_private=True, allow_http=True)
V1 = {"A2A-Version": "1.0"}


def reply_agent(name: str) -> Any:
    skill = AgentSkill(id="reply", name="Reply", description="Acknowledges", tags=["demo"])

    @agent(name=name, description=f"{name} answers every message it receives.", skills=[skill])
    async def handle(message: Message, task: TaskContext) -> str:
        return f"{name} got: {message.text}"

    return handle


def trust_store() -> TrustStore:
    """Keys come only from the signer's own origin (http is allowed for loopback only)."""
    return TrustStore(fetch=jwks_fetcher(policy=LOOPBACK), require_https=False)


@contextlib.asynccontextmanager
async def serve(name: str, key: PrivateKey) -> AsyncIterator[str]:
    """Run ``name``'s server on a free loopback port; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    inner = create_app(reply_agent(name), base_url=base)
    app = with_identity(inner, ServerIdentity(key=key, trust=trust_store()), base_url=base)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(1000):  # uvicorn offers a flag, not an event: poll it for up to 10 s
        if server.started:
            break
        await asyncio.sleep(0.01)
    else:
        raise RuntimeError(f"{name}'s server did not start")
    try:
        yield base
    finally:
        server.should_exit = True
        await task
        sock.close()


def _request(text: str) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "SendMessage",
        "params": {"message": Message.user(text).to_dict()},
    }


async def send(me: ClientIdentity, url: str, text: str) -> tuple[str, str]:
    """Send a signed message to ``url``; return the reply text and who signed it."""
    async with httpx.AsyncClient(auth=EnvelopeAuth(me), headers=V1) as http:
        response = await http.post(url + "/", json=_request(text))  # the reply is verified here
    [identity] = response.extensions["a2a.identities"]
    reply = response.json()["result"]["message"]
    return reply["parts"][0]["text"], f"{identity.issuer} ({identity.alg})"


async def send_tampered(me: ClientIdentity, url: str, text: str) -> dict[str, Any]:
    """Sign a message, then change it as an attacker on the path would, and send it."""
    assert me.key is not None
    assert me.issuer is not None
    request = _request(text)
    message = sign_object(
        request["params"]["message"], "message", me.key, issuer=me.issuer, audience=me.peer
    )
    message["parts"][0]["text"] = text.replace("10", "1000")
    request["params"]["message"] = message
    async with httpx.AsyncClient(headers=V1) as http:
        answer: dict[str, Any] = (await http.post(url + "/", json=request)).json()
    return answer


async def main() -> None:
    alice_key, bob_key = generate_key("EdDSA"), generate_key("ES256")
    async with serve("Alice", alice_key) as alice, serve("Bob", bob_key) as bob:
        print(f"Alice at {alice}, Bob at {bob}")

        # 1. Alice checks Bob's signed card against the JWKS of Bob's own origin.
        card = await fetch_verified_card(bob + CARD_PATH, trust_store(), policy=LOOPBACK)
        print(f"Alice verified Bob's card {card.card.name!r} ({card.alg}, key {card.kid[:12]}...)")

        # 2. Alice -> Bob, signed; Bob's reply is signed for Alice and bound to her
        #    request.  "require": an unsigned or unverifiable reply raises SignatureError.
        strict = EnvelopePolicy(mode="require")
        as_alice = ClientIdentity(
            alice_key, alice + CARD_PATH, trust_store(), peer=bob + CARD_PATH, policy=strict
        )
        text, signer = await send(as_alice, bob, "Please book a table for 10")
        print(f"Bob replied {text!r}, signed by {signer}")

        # 3. Bob -> Alice, the other way round.
        as_bob = ClientIdentity(
            bob_key, bob + CARD_PATH, trust_store(), peer=alice + CARD_PATH, policy=strict
        )
        text, signer = await send(as_bob, alice, "Table for 10 booked")
        print(f"Alice replied {text!r}, signed by {signer}")

        # 4. A message altered in transit is refused by Bob.
        answer = await send_tampered(as_alice, bob, "Please book a table for 10")
        error = error_from_jsonrpc(answer["error"])
        assert isinstance(error, SignatureError)
        print(f"Tampered message refused: {error.reason} ({error.detail})")
        print(json.dumps(answer["error"], indent=2))


if __name__ == "__main__":
    asyncio.run(main())
