"""Authentication for ACP: RFC 9421 HTTP message signatures, API keys, and both at once."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from a2a.identity.httpauth import RequestVerifier, sign_request
from a2a.identity.httpsig import HttpRequest
from a2a.identity.jwk import generate_key
from a2a.identity.trust import TrustStore
from acp.server import ACPServer, AnyOf, APIKeyAuth, HTTPSignatureAuth, create_app
from tests.acp.agents import AGENTS
from tests.acp.conftest import run_body

BASE = "http://acp.test"
ALICE = generate_key("EdDSA")
MALLORY = generate_key("EdDSA")
ISSUER = "https://alice.example"


def _verifier() -> RequestVerifier:
    store = TrustStore()
    store.pin(ISSUER, [ALICE])
    return RequestVerifier(store)


def _signed(method: str, path: str, body: bytes = b"", key: Any = ALICE) -> dict[str, str]:
    headers = [("content-type", "application/json")] if body else []
    request = HttpRequest(method, BASE + path, headers, body or None)
    return {**dict(headers), **dict(sign_request(request, key))}


async def test_signed_requests_are_authenticated_and_own_their_runs() -> None:
    server = ACPServer(AGENTS)
    app = create_app(server=server, auth=HTTPSignatureAuth(_verifier()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as http:
        body = json.dumps(run_body("echo", "signed")).encode()
        ok = await http.post("/runs", content=body, headers=_signed("POST", "/runs", body))
        assert ok.status_code == 200
        run = ok.json()
        assert server.run(uuid.UUID(run["run_id"]), ISSUER).owner == ISSUER
        path = f"/runs/{run['run_id']}"
        assert (await http.get(path, headers=_signed("GET", path))).status_code == 200

        unsigned = await http.post("/runs", content=body)
        assert unsigned.status_code == 401
        assert unsigned.headers["www-authenticate"] == 'Signature realm="acp"'
        assert unsigned.json()["code"] == "unauthorized"
        tampered = await http.post(
            "/runs",
            content=body.replace(b"signed", b"forged"),
            headers=_signed("POST", "/runs", body),
        )
        assert tampered.status_code == 401
        replayed = await http.get(path, headers=(headers := _signed("GET", path)))
        assert replayed.status_code == 200
        assert (await http.get(path, headers=headers)).status_code == 401  # nonce seen before
        stranger = await http.get(path, headers=_signed("GET", path, key=MALLORY))
        assert stranger.status_code == 401
        other_path = await http.get("/agents", headers=_signed("GET", path))
        assert other_path.status_code == 401  # signed for another target URI
        assert (await http.get("/ping")).status_code == 200
    await server.shutdown()


async def test_api_keys_or_signatures() -> None:
    auth = AnyOf(APIKeyAuth({"k": "key-user"}), HTTPSignatureAuth(_verifier()))
    server = ACPServer(AGENTS)
    app = create_app(server=server, auth=auth)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as http:
        assert (await http.get("/agents", headers={"X-API-Key": "k"})).status_code == 200
        assert (await http.get("/agents", headers=_signed("GET", "/agents"))).status_code == 200
        refused = await http.get("/agents")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")  # the first scheme's
    await server.shutdown()
    with pytest.raises(ValueError, match="at least one"):
        AnyOf()
    with pytest.raises(ValueError, match="at least one"):
        APIKeyAuth({})


def test_serve_options_build_the_authenticator(tmp_path: Any) -> None:
    from acp.commands.serve import authenticator

    assert authenticator([], []) is None
    assert isinstance(authenticator(["k"], []), APIKeyAuth)
    jwks = tmp_path / "alice.json"
    jwks.write_text(json.dumps({"keys": [ALICE.public.to_jwk()]}))
    assert isinstance(authenticator([], [f"{ISSUER}={jwks}"]), HTTPSignatureAuth)
    one = tmp_path / "one.json"
    one.write_text(json.dumps(ALICE.public.to_jwk()))
    assert isinstance(authenticator(["k"], [f"{ISSUER}={one}"]), AnyOf)
    with pytest.raises(ValueError, match="ISSUER=JWKS_FILE"):
        authenticator([], ["no-equals-sign"])


async def test_our_client_signs_every_call() -> None:
    from a2a.client.identity import HTTPSignatureAuth as SigningAuth
    from acp.client import Client

    server = ACPServer(AGENTS)
    app = create_app(server=server, auth=HTTPSignatureAuth(_verifier()))
    transport = httpx.ASGITransport(app=app)
    async with Client(BASE, auth=SigningAuth(ALICE), transport=transport) as client:
        run = await client.run_sync("approver", "x")
        assert server.run(run.run_id, ISSUER).owner == ISSUER
        events = [e async for e in client.run_resume_stream(run.run_id, "yes")]
        assert events[-1].type == "run.completed"
        assert (await client.run_status(run.run_id)).status.value == "completed"
    async with Client(BASE, transport=transport) as unsigned:
        from a2a.errors import AuthenticationError

        with pytest.raises(AuthenticationError):
            await unsigned.agents()
    await server.shutdown()
