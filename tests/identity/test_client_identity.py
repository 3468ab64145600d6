"""Client side: guarded JWKS and card fetches, envelope signing and reply checks, RFC 9421."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import httpx
import pytest

from a2a.client.identity import (
    ClientIdentity,
    EnvelopeAuth,
    HTTPSignatureAuth,
    fetch_verified_card,
    jwks_fetcher,
)
from a2a.identity.card import sign_card
from a2a.identity.envelope import SIGNATURES_KEY, irt_of, sign_object
from a2a.identity.errors import SignatureError
from a2a.identity.jwk import jwks_document
from a2a.identity.policy import EnvelopePolicy
from a2a.identity.trust import TrustStore
from a2a.protocol.ssrf import UnsafeURLError, UrlPolicy
from a2a.server import create_app
from a2a.server.identity import HTTPSignatureAuth as ServerSignatureAuth
from a2a.server.identity import ServerIdentity, with_identity
from a2a.types import Message
from examples.echo import echo
from tests.identity.fixtures import ALICE, ALICE_ISS, BOB, MALLORY
from tests.identity.make_vectors import CARD

OPEN = UrlPolicy(allow_private=True, allow_http=True)
BOB_BASE = "https://bob.example"
BOB_CARD = BOB_BASE + "/.well-known/agent-card.json"


def _mock(routes: dict[str, httpx.Response], seen: list[str]) -> httpx.AsyncClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


async def test_jwks_fetch_reads_keys_and_max_age() -> None:
    seen: list[str] = []
    url = "https://alice.example/.well-known/jwks.json"
    routes = {url: httpx.Response(200, json=jwks_document([ALICE]),
                                  headers={"Cache-Control": "public, max-age=120"})}  # fmt: skip
    async with _mock(routes, seen) as client:
        fetched = await jwks_fetcher(client, policy=OPEN)(url)
    assert fetched.max_age == 120
    assert json.loads(fetched.body)["keys"][0]["kid"] == ALICE.kid  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "http://alice.example/jwks.json",
        "https://127.0.0.1/jwks.json",
        "https://10.1.2.3/jwks.json",
        "https://[::1]/jwks.json",
        "https://localhost/jwks.json",
        "https://169.254.169.254/latest",
    ],
)
async def test_default_policy_never_contacts_private_or_plain_http(url: str) -> None:
    seen: list[str] = []
    async with _mock({}, seen) as client:
        with pytest.raises(UnsafeURLError):
            await jwks_fetcher(client)(url)
    assert seen == []


async def test_redirects_stay_on_origin_and_bodies_are_bounded() -> None:
    seen: list[str] = []
    routes = {
        "https://a.example/jwks": httpx.Response(302, headers={"Location": "/keys"}),
        "https://a.example/keys": httpx.Response(200, json=jwks_document([ALICE])),
        "https://a.example/away": httpx.Response(302, headers={"Location": "https://b.example/k"}),
        "https://a.example/big": httpx.Response(200, content=b"x" * 70_000),
    }
    async with _mock(routes, seen) as client:
        fetch = jwks_fetcher(client, policy=OPEN)
        assert (await fetch("https://a.example/jwks")).body
        with pytest.raises(UnsafeURLError, match="origin"):
            await fetch("https://a.example/away")
        with pytest.raises(UnsafeURLError, match="large"):
            await fetch("https://a.example/big")
    assert "https://b.example/k" not in seen


async def test_fetch_verified_card_uses_only_the_card_origin() -> None:
    seen: list[str] = []
    signed = sign_card(CARD, ALICE, jku="https://mallory.example/jwks.json").to_json()
    routes = {
        ALICE_ISS: httpx.Response(200, content=signed),
        "https://alice.example/.well-known/jwks.json": httpx.Response(
            200, json=jwks_document([ALICE])
        ),
        "https://mallory.example/jwks.json": httpx.Response(200, json=jwks_document([MALLORY])),
    }
    async with _mock(routes, seen) as client:
        store = TrustStore(fetch=jwks_fetcher(client, policy=OPEN))
        verified = await fetch_verified_card(ALICE_ISS, store, client=client, policy=OPEN)
    assert verified.kid == ALICE.kid
    assert seen == [ALICE_ISS, "https://alice.example/.well-known/jwks.json"]


def _server() -> Any:
    store = TrustStore()
    store.pin("https://alice.example", [ALICE])
    app = create_app(echo, base_url=BOB_BASE, authenticators=[ServerSignatureAuth()])
    return with_identity(app, ServerIdentity(key=BOB, trust=store), base_url=BOB_BASE)


def _alice(**options: Any) -> ClientIdentity:
    store = TrustStore()
    store.pin(BOB_BASE, [BOB])
    return ClientIdentity(ALICE, ALICE_ISS, store, peer=BOB_CARD, **options)


def _rpc(text: str) -> dict[str, Any]:
    message = Message.user(text).to_dict()
    return {"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": message}}


async def test_envelope_and_http_signatures_end_to_end() -> None:
    identity = _alice(policy=EnvelopePolicy(mode="require"))
    auth = httpx.Auth()
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=_server()),
        base_url=BOB_BASE,
        headers={"A2A-Version": "1.0"},
        auth=_Both(EnvelopeAuth(identity), HTTPSignatureAuth(ALICE, signature_agent=ALICE_ISS)),
    )
    async with client:
        response = await client.post("/", json=_rpc("hi"))
        rest = await client.post(
            "/rest/message:send", json={"message": Message.user("x").to_dict()}
        )
    assert isinstance(auth, httpx.Auth)
    [verified] = response.extensions["a2a.identities"]
    assert verified is not None
    assert verified.issuer == BOB_CARD
    assert rest.status_code == 200
    assert rest.extensions["a2a.identities"][0].audience == (ALICE_ISS,)


class _Both(httpx.Auth):
    """Envelope signing first, then the RFC 9421 signature over the final body."""

    requires_request_body = True

    def __init__(self, envelope: EnvelopeAuth, http: HTTPSignatureAuth) -> None:
        self.envelope = envelope
        self.http = http

    async def async_auth_flow(self, request: httpx.Request) -> Any:
        flow = self.envelope.async_auth_flow(request)
        signed = await flow.__anext__()
        signed = next(self.http.auth_flow(signed))
        response = yield signed
        with contextlib.suppress(StopAsyncIteration):
            await flow.asend(response)


async def test_tampered_reply_is_detected() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)["params"]["message"]
        reply = sign_object(Message.agent("ok").to_dict(), "message", BOB, issuer=BOB_CARD,
                            audience=ALICE_ISS, irt=irt_of(sent))  # fmt: skip
        reply["parts"][0]["text"] = "not ok"
        assert SIGNATURES_KEY in sent["metadata"]
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": 1, "result": {"message": reply}})

    transport = httpx.MockTransport(handler)
    async with httpx.AsyncClient(transport=transport, auth=EnvelopeAuth(_alice())) as client:
        with pytest.raises(SignatureError) as info:
            await client.post("https://bob.example/", json=_rpc("hi"))
    assert info.value.detail == "bad_signature"


async def test_unsigned_identity_sends_plain_messages() -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.content.startswith(b"{"):
            seen.append(json.loads(request.content))
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": 1, "result": {}})

    anonymous = ClientIdentity(None, None, TrustStore(), peer=BOB_CARD)
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(handler), auth=EnvelopeAuth(anonymous)
    ) as client:
        await client.post("https://bob.example/", json=_rpc("hi"))
        await client.post("https://bob.example/", content=b"not json")
    assert "metadata" not in seen[0]["params"]["message"]
    with pytest.raises(RuntimeError):
        next(EnvelopeAuth(anonymous).sync_auth_flow(httpx.Request("GET", "https://x")))
