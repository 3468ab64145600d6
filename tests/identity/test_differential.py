"""Our signatures verify with independent JOSE libraries, and theirs with ours.

joserfc and jwcrypto check the detached JWS (general JSON shape, payload
beside it); PyJWT checks the equivalent compact token.  Covered: raw JWS,
signed Agent Cards and signed envelopes, for EdDSA and ES256.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import jwt
import pytest
from joserfc import jws as joserfc_jws
from joserfc.jwk import ECKey, OKPKey
from joserfc.jws import JWSRegistry
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws

from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.card import canonical_card, sign_card, verify_card
from a2a.identity.envelope import SIGNATURES_KEY, payload_bytes, sign_object
from a2a.identity.jwk import PrivateKey, generate_key
from a2a.identity.jws import SignatureEntry, sign_detached, verify_entry
from a2a.identity.trust import TrustStore
from tests.identity.fixtures import ALICE_ISS, BOB_ISS, NOW
from tests.identity.make_vectors import CARD, MESSAGE

PAYLOAD = json.dumps({"greeting": "h\u00e9llo", "n": [1, 2.5]}).encode()


@pytest.fixture(params=["EdDSA", "ES256"])
def key(request: pytest.FixtureRequest) -> PrivateKey:
    return generate_key(request.param)


def _joserfc_key(key: PrivateKey, private: bool = False) -> Any:
    jwk = key.to_jwk() if private else key.public.to_jwk()
    return (OKPKey if key.public.kty == "OKP" else ECKey).import_key(jwk)


def _check_with_all(entry: SignatureEntry, payload: bytes, key: PrivateKey) -> None:
    alg = json.loads(b64url_decode(entry.protected))["alg"]
    # joserfc: detached compact form, payload supplied separately.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc notes that "EdDSA" is deprecated by RFC 9864
        joserfc_jws.deserialize_compact(
            f"{entry.protected}..{entry.signature}",
            _joserfc_key(key),
            algorithms=[alg],
            payload=payload,
            # Envelope claims (iss, aud, iat...) are private header names to joserfc.
            registry=JWSRegistry(algorithms=[alg], strict_check_header=False),
        )
    # jwcrypto: general JSON serialization without payload.
    token = jwcrypto_jws.JWS()
    token.deserialize(json.dumps({"protected": entry.protected, "signature": entry.signature}))
    token.verify(jwcrypto_jwk.JWK(**key.public.to_jwk()), alg=alg, detached_payload=payload)
    # PyJWT: the equivalent compact token.
    compact = f"{entry.protected}.{b64url_encode(payload)}.{entry.signature}"
    pyjwt_key = jwt.PyJWK(key.public.to_jwk())
    assert jwt.api_jws.decode(compact, pyjwt_key.key, algorithms=[alg]) == payload


def test_our_detached_jws_verifies_elsewhere(key: PrivateKey) -> None:
    _check_with_all(sign_detached(PAYLOAD, key), PAYLOAD, key)


def test_their_detached_jws_verifies_with_ours(key: PrivateKey) -> None:
    alg = key.alg
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compact = joserfc_jws.serialize_compact(
            {"alg": alg, "kid": key.kid}, PAYLOAD, _joserfc_key(key, private=True), algorithms=[alg]
        )
    protected, _, signature = compact.split(".")
    verify_entry(SignatureEntry(protected, signature), alg, key.public, PAYLOAD)

    signer = jwcrypto_jws.JWS(PAYLOAD)
    signer.add_signature(
        jwcrypto_jwk.JWK(**key.to_jwk()), alg, protected=json.dumps({"alg": alg, "kid": key.kid})
    )
    general = json.loads(signer.serialize())
    verify_entry(
        SignatureEntry(general["protected"], general["signature"]), alg, key.public, PAYLOAD
    )

    token = jwt.api_jws.encode(PAYLOAD, jwt.PyJWK(key.to_jwk()).key, algorithm=alg)
    protected, _, signature = token.split(".")
    verify_entry(SignatureEntry(protected, signature), alg, key.public, PAYLOAD)


def test_signed_card_verifies_elsewhere(key: PrivateKey) -> None:
    signed = sign_card(CARD, key)
    entry = signed.signatures[0]
    _check_with_all(SignatureEntry(entry.protected, entry.signature), canonical_card(CARD), key)
    store = TrustStore()
    store.pin("https://alice.example", [key])
    assert verify_card(signed.to_json(), store, card_url=ALICE_ISS).kid == key.kid


def test_signed_envelope_verifies_elsewhere(key: PrivateKey) -> None:
    signed = sign_object(MESSAGE, "message", key, issuer=ALICE_ISS, audience=BOB_ISS, now=NOW)
    entry = signed["metadata"][SIGNATURES_KEY][0]
    payload = payload_bytes(signed)
    _check_with_all(SignatureEntry(entry["protected"], entry["signature"]), payload, key)
