"""The server's identity layer: signed card and JWKS, envelopes in and out, RFC 9421 auth."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from a2a.errors import error_from_jsonrpc, error_from_rest
from a2a.identity.card import verify_card
from a2a.identity.envelope import EXTENSION_URI, SIGNATURES_KEY, irt_of, sign_object
from a2a.identity.errors import (
    SignatureInvalidError,
    SignatureReplayedError,
    SignatureRequiredError,
)
from a2a.identity.httpauth import sign_request
from a2a.identity.httpsig import HttpRequest
from a2a.identity.jwk import parse_jwks
from a2a.identity.policy import EnvelopePolicy
from a2a.identity.trust import TrustStore
from a2a.identity.verifier import EnvelopeVerifier
from a2a.server import create_app
from a2a.server.identity import HTTPSignatureAuth, ServerIdentity, with_identity
from a2a.types import Message
from examples.echo import echo
from tests.identity.fixtures import ALICE, ALICE_ISS, BOB, NOW
from tests.support.live import serve_app

BASE = "https://bob.example"
V1 = {"A2A-Version": "1.0"}
BOB_CARD = BASE + "/.well-known/agent-card.json"


def _trust() -> TrustStore:
    store = TrustStore()
    store.pin("https://alice.example", [ALICE])
    return store


def _app(**options: Any) -> Any:
    authenticators = options.pop("authenticators", ())
    identity = ServerIdentity(key=BOB, trust=_trust(), **options)
    app = create_app(echo, base_url=BASE, authenticators=authenticators)
    return with_identity(app, identity, base_url=BASE)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=V1) as http:
        yield http


def _signed_message(text: str = "hello", **options: Any) -> dict[str, Any]:
    import time

    message = Message.user(text).to_dict()
    now = options.pop("now", int(time.time()))
    return sign_object(message, "message", ALICE, issuer=ALICE_ISS, audience=BOB_CARD, now=now,
                       **options)  # fmt: skip


def _rpc(method: str, params: dict[str, Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": 7, "method": method, "params": params}


def _client_verifier() -> EnvelopeVerifier:
    store = TrustStore()
    store.pin("https://bob.example", [BOB])
    return EnvelopeVerifier(store, local_identities=[ALICE_ISS])


async def test_signed_card_and_jwks(client: httpx.AsyncClient) -> None:
    card = await client.get("/.well-known/agent-card.json")
    assert card.status_code == 200
    jwks = (await client.get("/.well-known/jwks.json")).json()
    directory = await client.get("/.well-known/http-message-signatures-directory")
    assert directory.headers["content-type"] == "application/http-message-signatures-directory+json"
    assert directory.json() == jwks
    store = TrustStore()
    store.add_jwks(BASE, jwks)
    verified = verify_card(card.content, store, card_url=BOB_CARD)
    assert verified.kid == BOB.kid
    assert EXTENSION_URI in [e.uri for e in verified.card.capabilities.extensions]
    assert [k.kid for k in parse_jwks(jwks)] == [BOB.kid]
    again = await client.get(
        "/.well-known/agent-card.json", headers={"If-None-Match": card.headers["etag"]}
    )
    assert again.status_code == 304


async def test_signed_message_gets_a_signed_bound_reply(client: httpx.AsyncClient) -> None:
    message = _signed_message()
    response = await client.post("/", json=_rpc("SendMessage", {"message": message}))
    assert response.headers["a2a-extensions"] == EXTENSION_URI
    task = response.json()["result"]["task"]
    assert SIGNATURES_KEY in task["metadata"]
    identity = await _client_verifier().verify_async(task, "task", expected_irt=irt_of(message))
    assert identity is not None
    assert identity.issuer == BOB_CARD
    assert identity.audience == (ALICE_ISS,)


async def test_tampered_and_replayed_messages_are_typed_errors(client: httpx.AsyncClient) -> None:
    message = _signed_message()
    tampered = json.loads(json.dumps(message))
    tampered["parts"][0]["text"] = "hellO"
    answer = (await client.post("/", json=_rpc("SendMessage", {"message": tampered}))).json()
    error = error_from_jsonrpc(answer["error"])
    assert isinstance(error, SignatureInvalidError)
    assert error.detail == "bad_signature"
    assert answer["id"] == 7
    assert (
        await client.post("/", json=_rpc("SendMessage", {"message": message}))
    ).status_code == 200
    replay = (await client.post("/", json=_rpc("SendMessage", {"message": message}))).json()
    assert isinstance(error_from_jsonrpc(replay["error"]), SignatureReplayedError)


async def test_rest_binding(client: httpx.AsyncClient) -> None:
    good = await client.post("/rest/message:send", json={"message": _signed_message()})
    assert good.status_code == 200
    task = good.json()["task"]
    assert await _client_verifier().verify_async(task, "task") is not None
    stale = _signed_message(now=NOW)  # signed in the past: expired now
    bad = await client.post("/rest/message:send", json={"message": stale})
    assert bad.status_code == 400
    assert (
        error_from_rest(bad.status_code, bad.json()).__class__.__name__ == "SignatureExpiredError"
    )


async def test_stream_events_are_signed(client: httpx.AsyncClient) -> None:
    message = _signed_message("stream me")
    verifier = _client_verifier()
    kinds = []
    payload = _rpc("SendStreamingMessage", {"message": message})
    async with client.stream("POST", "/", json=payload) as response:
        async for line in response.aiter_lines():
            if not line.startswith("data:"):
                continue
            result = json.loads(line[5:])["result"]
            ((member, obj),) = result.items()
            kind = {"task": "task", "statusUpdate": "status-update",
                    "artifactUpdate": "artifact-update", "message": "message"}[member]  # fmt: skip
            assert await verifier.verify_async(obj, kind, expected_irt=irt_of(message))  # type: ignore[arg-type]
            kinds.append(kind)
    assert "task" in kinds
    assert "artifact-update" in kinds


async def test_activation_without_signature_signs_replies() -> None:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=V1) as http:
        response = await http.post(
            "/",
            json=_rpc("SendMessage", {"message": Message.user("hi").to_dict()}),
            headers={"A2A-Extensions": EXTENSION_URI},
        )
        plain = await http.post(
            "/", json=_rpc("SendMessage", {"message": Message.user("hi").to_dict()})
        )
    task = response.json()["result"]["task"]
    assert await _client_verifier().verify_async(task, "task", audience_required=False)
    assert SIGNATURES_KEY not in (plain.json()["result"]["task"].get("metadata") or {})


async def test_require_policy_refuses_unsigned() -> None:
    transport = httpx.ASGITransport(app=_app(envelope=EnvelopePolicy(mode="require")))
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=V1) as http:
        rest = await http.post("/rest/message:send", json={"message": Message.user("x").to_dict()})
        rpc = await http.post(
            "/", json=_rpc("SendMessage", {"message": Message.user("x").to_dict()})
        )
    assert rest.status_code == 401
    assert isinstance(error_from_rest(rest.status_code, rest.json()), SignatureRequiredError)
    assert isinstance(error_from_jsonrpc(rpc.json()["error"]), SignatureRequiredError)


async def test_duplicate_members_around_an_envelope_are_refused(client: httpx.AsyncClient) -> None:
    text = json.dumps(_rpc("SendMessage", {"message": _signed_message()}))
    sneaky = text.replace('"role":', '"role": "ROLE_AGENT", "role":', 1)
    answer = (await client.post("/", content=sneaky.encode())).json()
    error = error_from_jsonrpc(answer["error"])
    assert isinstance(error, SignatureInvalidError)
    assert error.detail == "malformed_payload"


async def test_http_signatures_authenticate_requests() -> None:
    app = _app(authenticators=[HTTPSignatureAuth()])
    body = json.dumps(_rpc("SendMessage", {"message": Message.user("x").to_dict()})).encode()
    request = HttpRequest("POST", BASE + "/", [("content-type", "application/json")], body)
    signed_headers = dict(sign_request(request, ALICE, signature_agent=ALICE_ISS))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=V1) as http:
        ok = await http.post("/", content=body, headers={"content-type": "application/json",
                                                         **signed_headers})  # fmt: skip
        missing = await http.post("/", content=body, headers={"content-type": "application/json"})
        forged = await http.post("/", content=body + b" ", headers={
            "content-type": "application/json", **signed_headers})  # fmt: skip
    assert ok.status_code == 200
    assert "result" in ok.json()
    assert missing.status_code == 401
    assert forged.status_code == 401
    assert forged.headers["www-authenticate"].startswith("Signature")


def test_wrapping_needs_a_server_app() -> None:
    with pytest.raises(TypeError):
        with_identity(lambda *a: None, ServerIdentity(key=BOB))  # type: ignore[arg-type]


async def test_over_a_real_socket() -> None:
    identity = ServerIdentity(key=BOB, trust=_trust())
    app = with_identity(create_app(echo, base_url=BASE), identity, base_url=BASE)
    with serve_app(app) as url:
        async with httpx.AsyncClient(base_url=url, headers=V1) as http:
            card = await http.get("/.well-known/agent-card.json")
            message = _signed_message("over the wire")
            reply = await http.post("/", json=_rpc("SendMessage", {"message": message}))
    store = TrustStore()
    store.pin(BASE, [BOB])
    assert verify_card(card.content, store, card_url=BOB_CARD).kid == BOB.kid
    task = reply.json()["result"]["task"]
    assert await _client_verifier().verify_async(task, "task", expected_irt=irt_of(message))


async def test_http_signatures_cover_every_method() -> None:
    app = _app(require_http_signature=True)
    url = BASE + "/rest/tasks/missing"
    signed = dict(sign_request(HttpRequest("GET", url, [], b""), ALICE, signature_agent=ALICE_ISS))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=V1) as http:
        anonymous = await http.get("/rest/tasks/missing")
        authenticated = await http.get("/rest/tasks/missing", headers=signed)
        card = await http.get("/.well-known/agent-card.json")
    assert anonymous.status_code == 401
    assert authenticated.status_code == 404  # through authentication, to the binding
    assert card.status_code == 200  # discovery stays open


async def test_the_agent_sees_the_verified_sender() -> None:
    from a2a.agent import TaskContext, agent
    from a2a.types import AgentSkill

    seen: list[object] = []

    @agent(
        name="Who",
        description="Says who sent the message.",
        skills=[AgentSkill(id="who", name="Who", description="Names the signer.", tags=["x"])],
    )
    async def who(message: Message, task: TaskContext) -> str:
        seen.append(task.identity)
        return "ok"

    app = with_identity(
        create_app(who, base_url=BASE), ServerIdentity(key=BOB, trust=_trust()), base_url=BASE
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=V1) as http:
        signed = await http.post("/", json=_rpc("SendMessage", {"message": _signed_message()}))
        assert signed.json()["result"]["message"]["parts"] == [{"text": "ok"}]
        plain = await http.post(
            "/", json=_rpc("SendMessage", {"message": Message.user("hi").to_dict()})
        )
        assert "result" in plain.json()
    first, second = seen
    assert getattr(first, "issuer", None) == ALICE_ISS
    assert second is None


async def test_streams_behind_the_identity_layer_last_until_the_task_ends() -> None:
    from tests.support.agents import worker
    from tests.support.wire import Wire, user_message

    app = with_identity(
        create_app(worker, base_url=BASE),
        ServerIdentity(key=BOB, trust=_trust(), card_signing="spec"),
    )
    with serve_app(app) as url:
        async with httpx.AsyncClient(timeout=30) as http:
            for binding in ("JSONRPC", "HTTP+JSON"):
                events = await Wire(http, url, binding).stream(
                    "SendStreamingMessage", {"message": user_message("sleep:0.5")}
                )
                last = events[-1]["statusUpdate"]["status"]["state"]
                assert last == "TASK_STATE_COMPLETED", binding
