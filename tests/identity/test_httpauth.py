"""The RFC 9421 request profile: signing, verifying, Web Bot Auth, and an independent verifier."""

from __future__ import annotations

import json
from typing import Any

import http_message_signatures as hms
import pytest

from a2a.identity.errors import HTTPSignatureError
from a2a.identity.httpauth import (
    DIRECTORY_PATH,
    WEB_BOT_AUTH_TAG,
    RequestPolicy,
    RequestVerifier,
    http_alg,
    sign_request,
)
from a2a.identity.httpsig import (
    HttpRequest,
    HttpResponse,
    HttpSignatureFormatError,
    component_lines,
    signature_base,
)
from a2a.identity.jwk import PrivateKey, jwks_document
from a2a.identity.trust import FetchedJwks, TrustStore
from tests.identity.fixtures import ALICE, ALICE_ISS, CAROL, NOW

URL = "https://bob.example/a2a?x=1"
BODY = b'{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"t"}}'
HEADERS = [("Content-Type", "application/json"), ("A2A-Version", "1.0")]


def _signed(key: PrivateKey = ALICE, **options: Any) -> HttpRequest:
    request = HttpRequest("POST", URL, HEADERS, BODY)
    added = sign_request(request, key, now=NOW, **options)
    return HttpRequest("POST", URL, [*HEADERS, *added], BODY)


def _verifier(**options: Any) -> RequestVerifier:
    store = TrustStore(clock=lambda: NOW)
    store.pin("https://alice.example", [ALICE, CAROL])
    return RequestVerifier(store, clock=lambda: NOW, **options)


@pytest.mark.parametrize("key", [ALICE, CAROL])
def test_pinned_keys_without_agent(key: PrivateKey) -> None:
    verified = _verifier().verify(_signed(key))
    assert verified.issuer == "https://alice.example"
    assert verified.keyid == key.public.thumbprint
    assert verified.agent is None


async def test_agent_keys_fetched_from_its_directory() -> None:
    directory = "https://alice.example" + DIRECTORY_PATH
    fetched: list[str] = []

    async def fetch(url: str) -> FetchedJwks:
        fetched.append(url)
        return FetchedJwks(jwks_document([ALICE]))

    verifier = RequestVerifier(TrustStore(fetch=fetch, clock=lambda: NOW), clock=lambda: NOW)
    request = _signed(signature_agent=directory, tag=WEB_BOT_AUTH_TAG)
    verified = await verifier.verify_async(request)
    assert verified.agent == directory
    assert verified.tag == WEB_BOT_AUTH_TAG
    assert fetched == [directory]


def test_legacy_string_signature_agent() -> None:
    request = _signed(signature_agent=ALICE_ISS)
    headers = [(k, v if k != "Signature-Agent" else f'"{ALICE_ISS}"') for k, v in request.headers]
    legacy = HttpRequest(request.method, request.url, headers, request.body)
    with pytest.raises(HTTPSignatureError) as info:  # the covered member is gone
        _verifier().verify(legacy)
    assert info.value.detail in ("malformed_header", "bad_signature")


def test_independent_verifier_accepts_our_web_bot_auth_request() -> None:
    # http-message-signatures checks freshness against the real clock.
    request = HttpRequest("POST", URL, HEADERS, BODY)
    added = sign_request(request, ALICE, signature_agent=ALICE_ISS, tag=WEB_BOT_AUTH_TAG)
    request = HttpRequest("POST", URL, [*HEADERS, *added], BODY)

    class Message:
        method = request.method
        url = request.url
        headers = dict(request.headers)
        body = request.body

    class Resolver(hms.HTTPSignatureKeyResolver):
        def resolve_public_key(self, key_id: str) -> Any:
            assert key_id == ALICE.public.thumbprint
            return ALICE.public.crypto

    verifier = hms.HTTPMessageVerifier(signature_algorithm=hms.algorithms.ED25519,
                                       key_resolver=Resolver())  # fmt: skip
    [result] = verifier.verify(Message)
    assert result.parameters["tag"] == WEB_BOT_AUTH_TAG
    assert result.parameters["keyid"] == ALICE.public.thumbprint
    covered = [str(c) for c in result.covered_components]
    assert '"@authority"' in covered
    assert '"signature-agent";key="sig1"' in covered


@pytest.mark.parametrize(
    ("mutate", "detail"),
    [
        (lambda h: [x for x in h if x[0] != "Signature"], "signature_required"),
        (lambda h: [*h, ("Signature-Input", "sig1=(")], "malformed_header"),
        (
            lambda h: [(k, v + ", sig1=:AAAA:") if k == "Signature" else (k, v) for k, v in h],
            "malformed_header",
        ),
        (
            lambda h: [(k, v.replace('alg="ed25519"', 'alg="hmac-sha256"')) for k, v in h],
            "alg_not_allowed",
        ),
        (
            lambda h: [(k, v.replace('alg="ed25519"', 'alg="ecdsa-p256-sha256"')) for k, v in h],
            "key_alg_mismatch",
        ),
        (lambda h: [(k, v.replace("keyid=", "kid=")) for k, v in h], "malformed_header"),
        (lambda h: [(k, v.replace(";nonce=", ";n=")) for k, v in h], "bad_claims"),
        (
            lambda h: [(k, v.replace(f"expires={NOW + 60}", f"expires={NOW + 900}")) for k, v in h],
            "bad_claims",
        ),
        (
            lambda h: [
                (
                    k,
                    v.replace(f"created={NOW}", f"created={NOW + 600}").replace(
                        f"expires={NOW + 60}", f"expires={NOW + 660}"
                    ),
                )
                for k, v in h
            ],
            "not_yet_valid",
        ),
        (lambda h: [(k, v.replace('"@authority" ', "")) for k, v in h], "bad_claims"),
        (
            lambda h: [(k, "sha-256=:AAAA:") if k == "Content-Digest" else (k, v) for k, v in h],
            "digest_mismatch",
        ),
        (lambda h: [(k, v.replace(' "content-digest"', "")) for k, v in h], "digest_mismatch"),
        (
            lambda h: [(k, v.replace('"content-type"', '"content-length"')) for k, v in h],
            "malformed_header",
        ),
    ],
)
def test_request_refusals(mutate: Any, detail: str) -> None:
    request = _signed()
    broken = HttpRequest(request.method, request.url, mutate(list(request.headers)), request.body)
    with pytest.raises(HTTPSignatureError) as info:
        _verifier().verify(broken)
    assert info.value.detail == detail
    assert info.value.challenge == "Signature"


def test_signature_agent_must_be_covered() -> None:
    request = _signed(signature_agent=ALICE_ISS)
    headers = [(k, v.replace(' "signature-agent";key="sig1"', "")) for k, v in request.headers]
    with pytest.raises(HTTPSignatureError) as info:
        _verifier().verify(HttpRequest(request.method, request.url, headers, request.body))
    assert info.value.detail == "bad_claims"


def test_policy_without_nonce_or_tags() -> None:
    verifier = _verifier(policy=RequestPolicy(tags=frozenset(), require_nonce=False))
    assert verifier.verify(_signed(tag="anything")).tag == "anything"


def test_unknown_key_without_agent() -> None:
    from tests.identity.fixtures import ed25519_key

    with pytest.raises(HTTPSignatureError) as info:
        _verifier().verify(_signed(ed25519_key("stranger")))
    assert info.value.detail == "unknown_key"


def test_component_edge_cases() -> None:
    request = HttpRequest(
        "GET",
        "https://Example.COM:8443/p%20a?b=1&a=x%20y&a=2",
        [("X-Multi", " one "), ("x-multi", "two"), ("Dict", "a=1, b=(x y)"), ("X-Num", "1, 2")],
    )
    assert component_lines(request, ("@authority", {})) == ['"@authority": example.com:8443']
    assert component_lines(request, ("@request-target", {})) == [
        '"@request-target": /p%20a?b=1&a=x%20y&a=2'
    ]
    assert component_lines(request, ("@scheme", {})) == ['"@scheme": https']
    assert component_lines(request, ("@query-param", {"name": "a"})) == [
        '"@query-param";name="a": x%20y',
        '"@query-param";name="a": 2',
    ]
    assert component_lines(request, ("x-multi", {})) == ['"x-multi": one, two']
    assert component_lines(request, ("x-multi", {"bs": True})) == ['"x-multi";bs: :b25l:, :dHdv:']
    assert component_lines(request, ("dict", {"key": "b"})) == ['"dict";key="b": (x y)']
    assert component_lines(request, ("dict", {"sf": True})) == ['"dict";sf: a=1, b=(x y)']
    bad = [
        ("@status", {}),
        ("@nope", {}),
        ("@query-param", {}),
        ("@query-param", {"name": "zzz"}),
        ("absent", {}),
        ("X-Multi", {}),
        ("dict", {"key": "zzz"}),
        ("x-num", {"sf": True}),
        ("x-multi", {"tr": True}),
        ("x-multi", {"req": True}),
    ]
    for component in bad:
        with pytest.raises(HttpSignatureFormatError):
            component_lines(request, component)
    with pytest.raises(HttpSignatureFormatError):
        signature_base(request, [("@method", {}), ("@method", {})], {})
    with pytest.raises(HttpSignatureFormatError):
        signature_base(request, [("@method", {})] * 40, {})


def test_response_components_with_req() -> None:
    request = HttpRequest("POST", "https://bob.example/a2a", [("A2A-Version", "1.0")])
    response = HttpResponse(200, [("Content-Type", "application/json")], b"{}", request)
    assert component_lines(response, ("@status", {})) == ['"@status": 200']
    assert component_lines(response, ("@method", {"req": True})) == ['"@method";req: POST']
    assert component_lines(response, ("a2a-version", {"req": True})) == ['"a2a-version";req: 1.0']
    with pytest.raises(HttpSignatureFormatError):
        component_lines(response, ("@method", {}))
    assert http_alg(CAROL) == "ecdsa-p256-sha256"
    assert json.dumps(http_alg(ALICE.public)) == '"ed25519"'
