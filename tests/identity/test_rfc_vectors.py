"""RFC 8785, RFC 8037 and RFC 9421 test vectors (``spec/vectors/identity/rfc*.json``)."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from a2a.identity.b64 import b64url_encode
from a2a.identity.card import canonical_card
from a2a.identity.httpsig import (
    HttpRequest,
    HttpResponse,
    content_digest,
    digest_matches,
    parse_signatures,
    sign_message,
    signature_base,
    verify_signature,
)
from a2a.identity.jcs import canonicalize
from a2a.identity.jwk import (
    PrivateKey,
    PublicKey,
    _public_from_crypto,
    private_key_from_jwk,
    thumbprint,
)
from a2a.identity.jws import SignatureEntry, sign_detached, verify_entry
from a2a.identity.strict_json import StrictJSONError, loads
from a2a.types import AgentCard

VECTORS = Path(__file__).resolve().parents[2] / "spec" / "vectors" / "identity"
RFC8785 = json.loads((VECTORS / "rfc8785.json").read_text(encoding="utf-8"))
RFC8037 = json.loads((VECTORS / "rfc8037.json").read_text(encoding="utf-8"))
RFC9421 = json.loads((VECTORS / "rfc9421.json").read_text(encoding="utf-8"))


# -- RFC 8785 ---------------------------------------------------------------


@pytest.mark.parametrize("case", RFC8785["numbers"], ids=lambda c: c["ieee754"])
def test_rfc8785_number_serialization(case: dict[str, Any]) -> None:
    value = struct.unpack(">d", bytes.fromhex(case["ieee754"]))[0]
    if case["expected"] is None:  # NaN and Infinity have no JSON form
        with pytest.raises(StrictJSONError):
            canonicalize([value])
        return
    assert canonicalize([value]) == f"[{case['expected']}]".encode()


def test_rfc8785_sorting_by_utf16_code_units() -> None:
    case = RFC8785["sorting"]
    assert canonicalize(loads(case["input"])) == case["expected"].encode("utf-8")


def test_rfc8785_example() -> None:
    case = RFC8785["example"]
    assert canonicalize(loads(case["input"])) == case["expected"].encode("utf-8")


def test_a2a_spec_card_fragment_members() -> None:
    case = RFC8785["a2a_card_fragment"]
    full = json.loads(canonical_card(AgentCard.from_dict(case["input"])))
    fragment = {k: full[k] for k in case["input"]}
    # Every member of the spec's fragment is reproduced exactly (other REQUIRED
    # members of a full card, absent from the fragment, are added on top).
    assert canonicalize(fragment) == case["expected_fragment"].encode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"v": 1.0}, b'{"v":1}'),
        ({"v": -0.0}, b'{"v":0}'),
        ({"v": 1e21}, b'{"v":1e+21}'),
        ({"v": 1e-7}, b'{"v":1e-7}'),
        ({"v": "\x7f\u0085\u2028"}, '{"v":"\x7f\u0085\u2028"}'.encode()),
        ({"v": "\x1f\b\t/"}, b'{"v":"\\u001f\\b\\t/"}'),
        ({"b": [], "a": {}}, b'{"a":{},"b":[]}'),
        ({"\u00e9": 1, "e\u0301": 2}, '{"e\u0301":2,"\u00e9":1}'.encode()),
        ({"\U0001f600": 1, "\ufb33": 2}, '{"\U0001f600":1,"\ufb33":2}'.encode()),
    ],
)
def test_jcs_edge_cases_that_break_naive_canonicalizers(value: Any, expected: bytes) -> None:
    assert canonicalize(value) == expected


@pytest.mark.parametrize(
    "value", [{"v": 2**53}, {"v": float("inf")}, {"v": "\ud800"}, {1: "x"}, {"v": b"x"}]
)
def test_jcs_refuses_what_it_cannot_sign_exactly(value: Any) -> None:
    with pytest.raises(StrictJSONError):
        canonicalize(value)


def test_jcs_depth_guard_is_clean() -> None:
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(StrictJSONError) as info:
        canonicalize(deep)
    assert info.value.kind == "too_large"


# -- RFC 8037 ---------------------------------------------------------------


def test_rfc8037_thumbprint_and_signature() -> None:
    key = private_key_from_jwk(RFC8037["private_jwk"])
    assert thumbprint(RFC8037["private_jwk"]) == RFC8037["thumbprint"] == key.kid
    entry = sign_detached(RFC8037["payload"].encode(), key)
    # Our header differs (it names the kid), so sign the RFC's exact signing input too.
    assert b64url_encode(key.sign(RFC8037["signing_input"].encode())) == RFC8037["signature"]
    rfc_entry = SignatureEntry(RFC8037["protected"], RFC8037["signature"])
    verify_entry(rfc_entry, "EdDSA", key.public, RFC8037["payload"].encode())
    verify_entry(entry, "EdDSA", key.public, RFC8037["payload"].encode())


# -- RFC 9421 ---------------------------------------------------------------


def _request() -> HttpRequest:
    r = RFC9421["test_request"]
    return HttpRequest(r["method"], r["url"], [tuple(h) for h in r["headers"]], r["body"].encode())


def _response() -> HttpResponse:
    r = RFC9421["test_response"]
    return HttpResponse(r["status"], [tuple(h) for h in r["headers"]], r["body"].encode())


def _key(name: str) -> PrivateKey:
    pem = RFC9421["keys"][name]["private_pem"].encode()
    crypto = load_pem_private_key(pem, None)
    assert isinstance(crypto, (ed25519.Ed25519PrivateKey, ec.EllipticCurvePrivateKey))
    return PrivateKey(public=_public_from_crypto(crypto.public_key(), kid=name), crypto=crypto)


def _with(message: HttpRequest | HttpResponse, *fields: tuple[str, str]) -> Any:
    if isinstance(message, HttpRequest):
        return HttpRequest(message.method, message.url, [*message.headers, *fields], message.body)
    return HttpResponse(message.status, [*message.headers, *fields], message.body)


@pytest.mark.parametrize("case", RFC9421["cases"], ids=lambda c: c["id"])
def test_rfc9421_signature_bases(case: dict[str, Any]) -> None:
    base_message = _request() if case["message"] == "request" else _response()
    label = case["signature_input"].split("=", 1)[0]
    message = _with(
        base_message,
        ("Signature-Input", case["signature_input"]),
        ("Signature", case.get("signature", f"{label}=:AAAA:")),
    )
    spec = parse_signatures(message)[0]
    base, _ = signature_base(message, spec.components, spec.params)
    assert base == case["base"].encode()
    if "key" in case:  # the two deterministic-key examples verify with the RFC's keys
        assert verify_signature(message, spec, _key(case["key"]).public)


def test_rfc9421_b26_is_reproduced_byte_for_byte() -> None:
    case = next(c for c in RFC9421["cases"] if c["id"] == "B.2.6")
    components = [(n, {}) for n in ("date", "@method", "@path", "@authority", "content-type")]
    components.append(("content-length", {}))
    params = {"created": 1618884473, "keyid": "test-key-ed25519"}
    signature_input, signature = sign_message(
        _request(), _key("test-key-ed25519"), components, params, label="sig-b26"
    )
    assert signature_input == case["signature_input"]
    assert signature == case["signature"]


def test_rfc9421_tampered_b26_fails() -> None:
    case = next(c for c in RFC9421["cases"] if c["id"] == "B.2.6")
    r = RFC9421["test_request"]
    moved = HttpRequest("POST", "https://example.com/bar", [tuple(h) for h in r["headers"]])
    message = _with(
        moved, ("Signature-Input", case["signature_input"]), ("Signature", case["signature"])
    )
    spec = parse_signatures(message)[0]
    assert not verify_signature(message, spec, _key("test-key-ed25519").public)


def test_rfc9530_content_digests() -> None:
    case = RFC9421["content_digest"]
    body = case["body"].encode()
    assert content_digest(body) == case["sha-256"]
    assert content_digest(body, "sha-512") == case["sha-512"]
    assert digest_matches(case["sha-512"], body)
    assert not digest_matches(case["sha-256"], body + b" ")
    assert not digest_matches("md5=:AAAA:", body)
    assert not digest_matches("not a dictionary (", body)


def test_public_key_kid_is_kept() -> None:
    key = _key("test-key-ed25519")
    assert isinstance(key.public, PublicKey)
    assert key.kid == "test-key-ed25519"
