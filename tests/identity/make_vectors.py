"""Generate ``spec/vectors/identity/cases/*.json``: the negative suite and positive controls.

Run ``python -m tests.identity.make_vectors`` to rewrite the files.  Ed25519
cases are byte-stable (fixed seeds, deterministic signatures); the few ES256
cases get fresh signatures on each run, which does not change their verdicts.

Case format (identity.md §6.2): ``id``, ``description``, ``object_type``
(``message``, ``task``, ``card``, ``http``), the wire as JSON (``wire``) or as
exact text (``wire_text``, or ``wire_repeat`` for huge inputs), ``keys``
(``pinned`` JWKS per issuer, ``served`` JWKS per URL for the fetcher,
``revoked`` kids), ``policy``, ``now``, optional ``before`` (wires accepted
first), and ``expect`` (``ok``, ``error`` detail code, ``fetched`` URLs).
"""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.card import sign_card
from a2a.identity.envelope import SIGNATURES_KEY, TYPES, payload_bytes, sign_object
from a2a.identity.errors import EXTENSION_URI
from a2a.identity.httpauth import sign_request
from a2a.identity.httpsig import HttpRequest
from a2a.identity.jwk import PrivateKey, jwks_document
from a2a.identity.jws import encode_protected, signing_input
from a2a.types import AgentCapabilities, AgentCard, AgentInterface, AgentSkill
from tests.identity.fixtures import (
    ALICE,
    ALICE_ISS,
    BOB_ISS,
    CAROL,
    CAROL_ISS,
    MALLORY,
    MALLORY_ISS,
    NOW,
    ed25519_key,
)

OUT = Path(__file__).resolve().parents[2] / "spec" / "vectors" / "identity" / "cases"
JTI = "2b7Fq0tM1o9xJd3kLr8PZw"
ALICE_JWKS_URL = "https://alice.example/.well-known/jwks.json"
DROP = object()
N_P256 = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
L_ED25519 = 2**252 + 27742317777372353535851937790883648493

MESSAGE: dict[str, Any] = {
    "messageId": "9f2c1e7a-0b1d-4c8e-9a55-3f6e2d1b7c40",
    "contextId": "c295ea44-7543-4f78-b524-7a38915ad6e4",
    "role": "ROLE_USER",
    "parts": [{"text": "Book a table for four at 19:30"}, {"data": {"guests": 4}}],
    "extensions": [EXTENSION_URI],
    "metadata": {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736"},
}
PINNED_ALICE = {"https://alice.example": jwks_document([ALICE, CAROL])}

cases: list[dict[str, Any]] = []


def header(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "alg": "EdDSA",
        "typ": TYPES["message"],
        "kid": ALICE.kid,
        "iss": ALICE_ISS,
        "aud": BOB_ISS,
        "iat": NOW,
        "exp": NOW + 300,
        "jti": JTI,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not DROP}


def entry(
    obj: dict[str, Any],
    hdr: dict[str, Any] | None = None,
    *,
    key: PrivateKey = ALICE,
    protected: str | None = None,
    signature: bytes | str | None = None,
    unprotected: dict[str, Any] | None = None,
) -> dict[str, Any]:
    prot = protected if protected is not None else encode_protected(hdr or header())
    sig = key.sign(signing_input(prot, payload_bytes(obj))) if signature is None else signature
    out: dict[str, Any] = {
        "protected": prot,
        "signature": sig if isinstance(sig, str) else b64url_encode(sig),
    }
    if unprotected is not None:
        out["header"] = unprotected
    return out


def attach(obj: dict[str, Any], *entries: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    out.setdefault("metadata", {})[SIGNATURES_KEY] = list(entries)
    return out


def signed(obj: dict[str, Any] = MESSAGE, **hdr: Any) -> dict[str, Any]:
    return attach(obj, entry(obj, header(**hdr)))


def add(
    case_id: str,
    description: str,
    *,
    expect: str | None,
    wire: Any = None,
    wire_text: str | None = None,
    object_type: str = "message",
    keys: dict[str, Any] | None = None,
    policy: dict[str, Any] | None = None,
    before: list[Any] | None = None,
    fetched: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    case: dict[str, Any] = {
        "id": case_id,
        "description": description,
        "object_type": object_type,
        "now": NOW,
        "keys": keys if keys is not None else {"pinned": PINNED_ALICE},
        "policy": policy or {},
    }
    if wire_text is not None:
        case["wire_text"] = wire_text
    else:
        case["wire"] = wire
    if before:
        case["before"] = before
    result: dict[str, Any] = {"ok": expect is None}
    if expect is not None:
        result["error"] = expect
    if fetched is not None:
        result["fetched"] = fetched
    case["expect"] = result
    case.update(extra or {})
    cases.append(case)


def raw_protected(text: str) -> str:
    return b64url_encode(text.encode())


def hmac_sig(prot: str, secret: bytes) -> str:
    import hashlib
    import hmac

    data = signing_input(prot, payload_bytes(MESSAGE))
    return b64url_encode(hmac.new(secret, data, hashlib.sha256).digest())


def envelope_cases() -> None:
    m = MESSAGE
    add("P-00", "baseline: a correctly signed message", expect=None, wire=signed())
    none = header(alg="none")
    add(
        "NEG-01",
        "alg none, empty signature",
        expect="alg_not_allowed",
        wire=attach(m, entry(m, none, signature="")),
    )
    for suffix, alg in (("a", "None"), ("b", "NONE")):
        add(
            f"NEG-02{suffix}",
            f"alg {alg}",
            expect="alg_not_allowed",
            wire=attach(m, entry(m, header(alg=alg), signature="")),
        )
    add("NEG-03", "alg missing", expect="malformed_header", wire=signed(alg=DROP))
    pub = ALICE.public
    pem_like = b"-----BEGIN PUBLIC KEY-----" + b64url_decode(pub.x)
    for suffix, secret in (
        ("a", pem_like),
        ("b", b64url_decode(pub.x)),
        ("c", json.dumps(pub.to_jwk()).encode()),
    ):
        prot = encode_protected(header(alg="HS256"))
        add(
            f"NEG-04{suffix}",
            "HS256 MAC keyed with the signer's public key",
            expect="alg_not_allowed",
            wire=attach(m, entry(m, protected=prot, signature=hmac_sig(prot, secret))),
        )
    for suffix, alg in (("a", "RS256"), ("b", "PS256")):
        add(
            f"NEG-05{suffix}",
            f"alg {alg} is outside the profile",
            expect="alg_not_allowed",
            wire=signed(alg=alg),
        )
    add(
        "NEG-06a",
        "ES256 header naming an Ed25519 (OKP) key",
        expect="key_alg_mismatch",
        wire=signed(alg="ES256"),
    )
    add(
        "NEG-06b",
        "EdDSA header naming a P-256 (EC) key",
        expect="key_alg_mismatch",
        wire=attach(m, entry(m, header(kid=CAROL.kid), key=CAROL)),
    )
    ed448 = {"kty": "OKP", "crv": "Ed448", "kid": "ed448", "x": b64url_encode(bytes(57))}
    add(
        "NEG-07",
        "EdDSA with an Ed448 key: the key is never admitted, so it is unknown",
        expect="unknown_key",
        wire=signed(kid="ed448"),
        keys={"pinned": {"https://alice.example": {"keys": [ed448]}}},
    )
    dup_alg = raw_protected('{"alg":"none",' + json.dumps(header(), separators=(",", ":"))[1:])
    add(
        "NEG-08",
        "duplicate alg (none first, real last)",
        expect="malformed_header",
        wire=attach(m, entry(m, protected=dup_alg)),
    )
    for suffix, member in (("a", "kid"), ("b", "iss")):
        value = ALICE.kid if member == "kid" else ALICE_ISS
        text = json.dumps(header(), separators=(",", ":"))[:-1] + f',"{member}":"{value}x"}}'
        add(
            f"NEG-09{suffix}",
            f"duplicate {member}",
            expect="malformed_header",
            wire=attach(m, entry(m, protected=raw_protected(text))),
        )
    for suffix, prot in (
        ("a", raw_protected("null")),
        ("b", raw_protected("[]")),
        ("c", raw_protected('"str"')),
        ("d", b64url_encode(b'{"alg":"\xff"}')),
        ("e", "!!not-base64url!!"),
    ):
        add(
            f"NEG-10{suffix}",
            "protected header is not a JSON object in base64url",
            expect="malformed_header",
            wire=attach(m, entry(m, protected=prot)),
        )
    good = encode_protected(header())
    padded = good + "=" * (-len(good) % 4 or 4)
    std = good.replace("-", "+").replace("_", "/")
    if std == good:
        std = good[:-1] + "+"
    spaced = json.dumps(header(), separators=(",", ":"))
    while len(spaced) % 3 != 1:  # leaves 4 unused bits in the last character
        spaced += " "
    trailing = raw_protected(spaced)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    trailing = trailing[:-1] + alphabet[alphabet.index(trailing[-1]) + 1]
    for suffix, prot in (("a", padded), ("b", std), ("c", trailing)):
        add(
            f"NEG-11{suffix}",
            "non-canonical base64url (padding, +/, trailing bits)",
            expect="malformed_header",
            wire=attach(m, entry(m, protected=prot)),
        )
    for suffix, crit in (
        ("a", ["x-unknown"]),
        ("b", []),
        ("c", "b64"),
        ("d", ["alg"]),
        ("e", ["absent"]),
    ):
        add(f"NEG-12{suffix}", f"crit {crit!r}", expect="crit_unsupported", wire=signed(crit=crit))
    add(
        "NEG-13a",
        "b64 false with crit",
        expect="crit_unsupported",
        wire=signed(b64=False, crit=["b64"]),
    )
    add("NEG-13b", "b64 false without crit", expect="crit_unsupported", wire=signed(b64=False))
    add("NEG-14a", "card typ JOSE on a message", expect="typ_mismatch", wire=signed(typ="JOSE"))
    add("NEG-14b", "typ missing", expect="typ_mismatch", wire=signed(typ=DROP))
    add(
        "NEG-14c",
        "a task signature presented on a message",
        expect="typ_mismatch",
        wire=signed(typ=TYPES["task"]),
    )
    add("NEG-15a", "protected header over 4 KiB", expect="too_large", wire=signed(pad="x" * 5000))
    one = entry(m)
    add("NEG-15b", "five signatures", expect="too_large", wire=attach(m, *[one] * 5))
    served = {"served": {ALICE_JWKS_URL: jwks_document([ALICE])}}
    unknown = ed25519_key("unknown")
    add(
        "NEG-16",
        "kid unknown for iss: one fetch of the issuer's own JWKS, then unknown_key",
        expect="unknown_key",
        wire=attach(m, entry(m, header(kid=unknown.kid), key=unknown)),
        keys=served,
        fetched=[ALICE_JWKS_URL],
    )
    for suffix, kid in (
        ("a", "../../dev/null"),
        ("b", "' OR 1=1 --"),
        ("c", "http://169.254.169.254/"),
        ("d", "k" * 200),
    ):
        add(
            f"NEG-17{suffix}",
            "hostile kid: refused before any lookup, nothing fetched",
            expect="malformed_header",
            wire=signed(kid=kid),
            keys=served,
            fetched=[],
        )
    add(
        "NEG-17e",
        "a 10 KB kid: the header is over its size limit, nothing fetched",
        expect="too_large",
        wire=signed(kid="k" * 10_000),
        keys=served,
        fetched=[],
    )
    for suffix, jku in (
        ("a", "https://mallory.example/jwks.json"),
        ("b", "http://alice.example/jwks.json"),
        ("c", "https://127.0.0.1/jwks.json"),
    ):
        add(
            f"NEG-18{suffix}",
            "jku in a message header: refused, never fetched",
            expect="malformed_header",
            wire=signed(jku=jku),
            keys=served,
            fetched=[],
        )
    attacker = MALLORY.public.to_jwk()
    for suffix, member, value in (
        ("a", "jwk", attacker),
        ("b", "x5c", ["MIIB"]),
        ("c", "x5u", "https://mallory.example/cert.pem"),
    ):
        add(
            f"NEG-19{suffix}",
            f"embedded {member} with an attacker key",
            expect="malformed_header",
            wire=attach(m, entry(m, header(kid=MALLORY.kid, **{member: value}), key=MALLORY)),
        )
    both = {
        "pinned": {
            "https://alice.example": jwks_document([ALICE]),
            "https://mallory.example": jwks_document([MALLORY]),
        }
    }
    add(
        "NEG-20",
        "kid of Mallory's key, iss Alice",
        expect="issuer_key_mismatch",
        wire=attach(m, entry(m, header(kid=MALLORY.kid), key=MALLORY)),
        keys=both,
    )
    for suffix, change in (
        ("a", {"use": "enc"}),
        ("b", {"key_ops": ["sign"]}),
        ("c", {"d": ALICE.to_jwk()["d"]}),
    ):
        jwk = {**ALICE.public.to_jwk(), **change}
        add(
            f"NEG-21{suffix}",
            f"pinned JWK unusable for verification ({sorted(change)[0]})",
            expect="unknown_key",
            wire=signed(),
            keys={"pinned": {"https://alice.example": {"keys": [jwk]}}},
        )
    add(
        "NEG-22a",
        "signing key no longer in the issuer's JWKS",
        expect="unknown_key",
        wire=signed(),
        keys={"served": {ALICE_JWKS_URL: jwks_document([CAROL])}},
        fetched=[ALICE_JWKS_URL],
    )
    add(
        "NEG-22b",
        "signing key explicitly revoked",
        expect="key_revoked",
        wire=signed(),
        keys={"pinned": PINNED_ALICE, "revoked": [ALICE.kid]},
    )
    for suffix, iss in (
        ("a", "did:web:alice.example"),
        ("b", "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"),
    ):
        add(
            f"NEG-23{suffix}",
            "DID issuer with no pinned key: nothing resolved, nothing fetched",
            expect="unknown_key",
            wire=signed(iss=iss),
            keys=served,
            fetched=[],
        )
    sig = ALICE.sign(signing_input(encode_protected(header()), payload_bytes(m)))
    for suffix, bad in (("a", sig[:63]), ("b", sig + b"\x00")):
        add(
            f"NEG-24{suffix}",
            f"signature of {len(bad)} bytes",
            expect="bad_signature",
            wire=attach(m, entry(m, signature=bad)),
        )
    s_plus_l = (int.from_bytes(sig[32:], "little") + L_ED25519).to_bytes(32, "little")
    add(
        "NEG-25",
        "Ed25519 S + L (malleated)",
        expect="bad_signature",
        wire=attach(m, entry(m, signature=sig[:32] + s_plus_l)),
    )
    add(
        "NEG-26a",
        "all-zero Ed25519 signature",
        expect="bad_signature",
        wire=attach(m, entry(m, signature=bytes(64))),
    )
    small = {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": b64url_encode(
            bytes.fromhex("0100000000000000000000000000000000000000000000000000000000000000")
        ),
    }
    add(
        "NEG-26b",
        "small-order public key (the identity point) is never admitted",
        expect="unknown_key",
        wire=attach(m, entry(m, signature=bytes(64))),
        keys={"pinned": {"https://alice.example": {"keys": [small]}}},
    )
    es = header(alg="ES256", kid=CAROL.kid)
    es_prot = encode_protected(es)
    es_sig = CAROL.sign(signing_input(es_prot, payload_bytes(m)))
    r, s = int.from_bytes(es_sig[:32], "big"), int.from_bytes(es_sig[32:], "big")
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    add(
        "NEG-27",
        "ES256 signature in DER form",
        expect="bad_signature",
        wire=attach(m, entry(m, protected=es_prot, signature=encode_dss_signature(r, s))),
    )
    for suffix, (rr, ss) in (("a", (0, s)), ("b", (r, 0)), ("c", (N_P256, s))):
        raw = rr.to_bytes(32, "big")
        add(
            f"NEG-28{suffix}",
            "ES256 r = 0, s = 0 or r >= n",
            expect="bad_signature",
            wire=attach(m, entry(m, protected=es_prot, signature=raw + ss.to_bytes(32, "big"))),
        )
    base = signed()

    def tampered(change: Any) -> dict[str, Any]:
        out = copy.deepcopy(base)
        change(out)
        return out

    add(
        "NEG-29",
        "one character changed in parts[0].text",
        expect="bad_signature",
        wire=tampered(lambda o: o["parts"][0].update(text="Book a table for five at 19:30")),
    )
    mutations = {
        "a": lambda o: o["parts"].reverse(),
        "b": lambda o: o.update(role="ROLE_AGENT"),
        "c": lambda o: o["metadata"].update(extra="x"),
        "d": lambda o: o["metadata"].pop("traceId"),
        "e": lambda o: o["metadata"].update(traceId="0" * 32),
    }
    for suffix, change in mutations.items():
        add(
            f"NEG-30{suffix}",
            "parts reordered / role changed / metadata edited",
            expect="bad_signature",
            wire=tampered(change),
        )
    add(
        "NEG-31",
        "unknown top-level member added after signing",
        expect="bad_signature",
        wire=tampered(lambda o: o.update(injected="x")),
    )
    other = {**m, "messageId": "00000000-0000-4000-8000-000000000000"}
    add(
        "NEG-32",
        "envelope moved onto another message of the same issuer",
        expect="bad_signature",
        wire={**other, "metadata": base["metadata"]},
    )
    text = json.dumps(base, separators=(",", ":"))
    add(
        "NEG-33",
        "duplicate member inside the message (benign first, malicious last)",
        expect="malformed_payload",
        wire_text=text.replace('"parts":[{"text":', '"parts":[{"text":"benign","text":', 1),
    )
    for suffix, literal in (("a", "NaN"), ("b", "Infinity"), ("c", "9007199254740993")):
        add(
            f"NEG-34{suffix}",
            f"{literal} in the payload",
            expect="malformed_payload",
            wire_text=text.replace('"guests":4', f'"guests":{literal}', 1),
        )
    cafe = {**m, "parts": [{"text": unicodedata.normalize("NFC", "caf\u00e9")}]}
    nfd = signed(cafe)
    nfd["parts"][0]["text"] = unicodedata.normalize("NFD", "caf\u00e9")
    add("NEG-35", "NFD variant of a signed NFC string", expect="bad_signature", wire=nfd)
    add(
        "NEG-36",
        "lone surrogate in a string",
        expect="malformed_payload",
        wire_text=text.replace('"Book a table', '"\\ud800Book a table', 1),
    )
    add(
        "NEG-37a",
        "10,000 nested arrays",
        expect="too_large",
        wire_text='{"metadata":' + "[" * 10_000 + "]" * 10_000 + "}",
    )
    deep = {"metadata": {SIGNATURES_KEY: [entry(m)]}, "x": json.loads("[" * 64 + "]" * 64)}
    add("NEG-37b", "65 levels with a limit of 64", expect="too_large", wire=deep)
    cases.append(
        {
            "id": "NEG-37c",
            "description": "a 5 MiB payload",
            "object_type": "message",
            "now": NOW,
            "keys": {"pinned": PINNED_ALICE},
            "policy": {},
            "wire_repeat": {
                "prefix": '{"parts":[{"text":"',
                "unit": "a",
                "count": 5 * 2**20,
                "suffix": '"}]}',
            },
            "expect": {"ok": False, "error": "too_large"},
        }
    )
    add(
        "NEG-38a",
        "exp in the past beyond skew",
        expect="expired",
        wire=signed(iat=NOW - 1000, exp=NOW - 700),
    )
    add(
        "NEG-38b",
        "iat in the future beyond skew",
        expect="not_yet_valid",
        wire=signed(iat=NOW + 600, exp=NOW + 800),
    )
    for suffix, change in (
        ("a", {"exp": NOW + 301}),
        ("b", {"iat": DROP}),
        ("c", {"exp": DROP}),
        ("d", {"iat": str(NOW)}),
        ("e", {"iat": NOW + 0.5}),
        ("f", {"iat": True}),
        ("g", {"jti": "short"}),
        ("h", {"iss": DROP}),
    ):
        add(f"NEG-39{suffix}", f"bad claims {change!r}", expect="bad_claims", wire=signed(**change))
    for suffix, aud in (("a", CAROL_ISS), ("b", DROP), ("c", [CAROL_ISS, MALLORY_ISS])):
        add(f"NEG-40{suffix}", f"audience {aud!r}", expect="wrong_audience", wire=signed(aud=aud))
    add("NEG-41", "exact replay within the window", expect="replayed", wire=base, before=[base])
    add(
        "NEG-42",
        "same jti on a different message",
        expect="replayed",
        wire=signed(other),
        before=[base],
    )
    es_wire = attach(m, entry(m, protected=es_prot, signature=es_sig))
    twin = r.to_bytes(32, "big") + (N_P256 - s).to_bytes(32, "big")
    add(
        "NEG-43",
        "ES256 high-S twin of an accepted envelope",
        expect="replayed",
        wire=attach(m, entry(m, protected=es_prot, signature=twin)),
        before=[es_wire],
    )
    add(
        "NEG-44",
        "iss differs from the transport identity when binding is on",
        expect="issuer_mismatch",
        wire=signed(),
        policy={
            "envelope": {"bind_transport_identity": True},
            "transport_identity": "https://carol.example",
        },
    )
    add(
        "NEG-45a",
        "unsigned message under a require policy",
        expect="signature_required",
        wire=MESSAGE,
        policy={"envelope": {"mode": "require"}},
    )
    add(
        "NEG-45b",
        "envelope stripped from a sticky peer's message",
        expect="signature_required",
        wire=other,
        before=[base],
        policy={"peer": "https://alice.example", "envelope": {"mode": "verify_if_present"}},
    )
    unlisted = {k: v for k, v in m.items() if k != "extensions"}
    add(
        "NEG-46a",
        "signed without listing the extension: still verified",
        expect=None,
        wire=signed(unlisted),
    )
    add(
        "NEG-46b",
        "extension removed from the list after signing: verified, and fails",
        expect="bad_signature",
        wire=tampered(lambda o: o.pop("extensions")),
    )
    for suffix, member in (("a", "alg"), ("b", "kid"), ("c", "iss"), ("d", "exp")):
        add(
            f"NEG-47{suffix}",
            f"unprotected header repeats {member}",
            expect="malformed_header",
            wire=attach(m, entry(m, unprotected={member: header()[member]})),
        )
    add(
        "NEG-48",
        "reply whose irt does not match our request",
        expect="wrong_audience",
        wire=signed(irt="A" * 43),
        policy={"expected_irt": "B" * 43},
    )
    add(
        "P-01",
        "1, 1.0, 1e0 and 10E-1 are one canonical number",
        expect=None,
        wire_text=text.replace('"guests":4', '"guests":40E-1', 1),
    )
    add(
        "P-02",
        "\\u0041 for A and \\/ for / are the same string",
        expect=None,
        wire_text=text.replace('"Book a', '"\\u0042ook a', 1).replace("19:30", "19\\u003a30"),
    )
    shuffled = json.dumps(dict(reversed(list(base.items()))), indent=3)
    add("P-03", "members reordered and whitespace added", expect=None, wire_text=shuffled)
    stranger = ed25519_key("stranger")
    add(
        "P-04",
        "two signatures, one from an unknown key",
        expect=None,
        wire=attach(m, entry(m, header(kid=stranger.kid), key=stranger), entry(m)),
    )
    add("P-05a", "alg EdDSA", expect=None, wire=signed(alg="EdDSA"))
    add("P-05b", "alg Ed25519 (RFC 9864 name)", expect=None, wire=signed(alg="Ed25519"))
    add("P-05c", "alg ES256 with a P-256 key", expect=None, wire=es_wire)
    task = {"id": "t-1", "contextId": "c-1", "status": {"state": "TASK_STATE_COMPLETED"}}
    task_signed = sign_object(
        task, "task", ALICE, issuer=ALICE_ISS, audience=BOB_ISS, now=NOW, jti=JTI
    )
    add("P-06", "a signed Task", expect=None, wire=task_signed, object_type="task")
    add(
        "NEG-14d",
        "a message signature presented on a task",
        expect="typ_mismatch",
        wire=attach(task, entry(task)),
        object_type="task",
    )


CARD = AgentCard(
    name="Alice",
    description="Books tables",
    version="1.0.0",
    supported_interfaces=[
        AgentInterface(
            url="https://alice.example/a2a", protocol_binding="JSONRPC", protocol_version="1.0"
        )
    ],
    capabilities=AgentCapabilities(streaming=True),
    default_input_modes=["text/plain"],
    default_output_modes=["text/plain"],
    skills=[AgentSkill(id="book", name="Book", description="Books a table", tags=["food"])],
)


def card_cases() -> None:
    url = ALICE_ISS
    pol = {"card_url": url}
    good = sign_card(CARD, ALICE, jku=ALICE_JWKS_URL).to_dict()
    add("C-00", "a signed card", expect=None, wire=good, object_type="card", policy=pol)
    add(
        "NEG-49",
        "card copied onto another origin (key pinned to the original)",
        expect="issuer_key_mismatch",
        wire=good,
        object_type="card",
        policy={"card_url": MALLORY_ISS},
        keys={
            "pinned": {
                "https://alice.example": jwks_document([ALICE]),
                "https://mallory.example": jwks_document([MALLORY]),
            }
        },
    )
    prot = encode_protected({"alg": "EdDSA", "jku": None, "kid": ALICE.kid, "typ": "JOSE"})
    from a2a.identity.card import canonical_card

    sdk_shape = {
        **CARD.to_dict(),
        "signatures": [
            {
                "protected": prot,
                "signature": b64url_encode(ALICE.sign(signing_input(prot, canonical_card(CARD)))),
            }
        ],
    }
    add(
        "NEG-50a",
        "a2a-sdk header shape with jku null verifies",
        expect=None,
        wire=sdk_shape,
        object_type="card",
        policy=pol,
    )
    empty = CARD.model_copy(update={"description": ""})
    sdk_signed = sign_card(empty, ALICE, mode="a2a-sdk").to_dict()
    add(
        "NEG-50b",
        "REQUIRED-empty card signed the a2a-sdk way: not the spec payload",
        expect="bad_signature",
        wire=sdk_signed,
        object_type="card",
        policy=pol,
    )
    add(
        "NEG-50c",
        "the same card verifies in compat mode",
        expect=None,
        wire=sdk_signed,
        object_type="card",
        policy={**pol, "compat": "a2a-sdk"},
    )
    tampered = copy.deepcopy(good)
    tampered["skills"][0]["description"] = "Steals tables"
    add(
        "C-01",
        "card content changed after signing",
        expect="bad_signature",
        wire=tampered,
        object_type="card",
        policy=pol,
    )
    served = {"served": {ALICE_JWKS_URL: jwks_document([ALICE])}}
    foreign = sign_card(CARD, ALICE, jku="https://mallory.example/jwks.json").to_dict()
    add(
        "NEG-18d",
        "card jku on a foreign origin: ignored, only the card's origin is fetched",
        expect=None,
        wire=foreign,
        object_type="card",
        policy=pol,
        keys=served,
        fetched=[ALICE_JWKS_URL],
    )
    rogue = sign_card(CARD, MALLORY, jku="https://mallory.example/jwks.json").to_dict()
    add(
        "NEG-18e",
        "card signed by an attacker key advertised through a foreign jku",
        expect="unknown_key",
        wire=rogue,
        object_type="card",
        policy=pol,
        keys=served,
        fetched=[ALICE_JWKS_URL],
    )
    unsigned = CARD.to_dict()
    add(
        "C-02",
        "unsigned card",
        expect="no_signature",
        wire=unsigned,
        object_type="card",
        policy=pol,
    )
    add(
        "C-03",
        "card signature with an embedded jwk",
        expect="malformed_header",
        wire=sign_card(CARD, ALICE, header={"jwk": ALICE.public.to_jwk()}).to_dict(),
        object_type="card",
        policy=pol,
    )
    typ = sign_card(CARD, ALICE, header={"typ": TYPES["message"]}).to_dict()
    add(
        "C-04",
        "card signature with a message typ",
        expect="typ_mismatch",
        wire=typ,
        object_type="card",
        policy=pol,
    )
    rotated = sign_card(sign_card(CARD, ed25519_key("old")), ALICE).to_dict()
    add(
        "C-05",
        "two signatures during rotation: old key unknown, new key valid",
        expect=None,
        wire=rotated,
        object_type="card",
        policy=pol,
    )


def http_cases() -> None:
    url = "https://bob.example/a2a"
    body = b'{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"t-1"}}'
    request = HttpRequest("POST", url, [("Content-Type", "application/json")], body)
    added = sign_request(request, ALICE, signature_agent=ALICE_ISS, now=NOW, nonce=JTI)

    def wire(
        headers: list[tuple[str, str]], data: bytes = body, target: str = url
    ) -> dict[str, Any]:
        return {
            "method": "POST",
            "url": target,
            "headers": [list(h) for h in headers],
            "body": data.decode(),
        }

    good = wire([*request.headers, *added])
    add("H-00", "a signed request", expect=None, wire=good, object_type="http")
    add(
        "H-01",
        "no signature at all",
        expect="signature_required",
        wire=wire(list(request.headers)),
        object_type="http",
    )
    add(
        "H-02",
        "body changed after signing",
        expect="digest_mismatch",
        wire=wire([*request.headers, *added], body.replace(b"t-1", b"t-2")),
        object_type="http",
    )
    add(
        "H-03",
        "sent to another host",
        expect="bad_signature",
        wire=wire([*request.headers, *added], target="https://carol.example/a2a"),
        object_type="http",
    )
    late = sign_request(request, ALICE, signature_agent=ALICE_ISS, now=NOW - 3600, nonce=JTI)
    add(
        "H-04",
        "expired signature",
        expect="expired",
        wire=wire([*request.headers, *late]),
        object_type="http",
    )
    add("H-05", "replayed nonce", expect="replayed", wire=good, before=[good], object_type="http")
    stranger = ed25519_key("stranger")
    odd = sign_request(request, stranger, signature_agent=ALICE_ISS, now=NOW, nonce=JTI)
    add(
        "H-06",
        "key not trusted for the agent",
        expect="unknown_key",
        wire=wire([*request.headers, *odd]),
        object_type="http",
    )
    other_tag = sign_request(
        request, ALICE, signature_agent=ALICE_ISS, now=NOW, nonce=JTI, tag="something-else"
    )
    add(
        "H-07",
        "signature with an unexpected tag",
        expect="signature_required",
        wire=wire([*request.headers, *other_tag]),
        object_type="http",
    )
    wba = sign_request(
        request, ALICE, signature_agent=ALICE_ISS, now=NOW, nonce=JTI, tag="web-bot-auth"
    )
    add(
        "H-08",
        "Web Bot Auth tag",
        expect=None,
        wire=wire([*request.headers, *wba]),
        object_type="http",
    )
    swapped = [
        (k, v if k != "Signature-Agent" else 'sig1="https://mallory.example/"')
        for k, v in [*request.headers, *added]
    ]
    add(
        "H-09",
        "Signature-Agent swapped after signing",
        expect="bad_signature",
        wire=wire(swapped),
        object_type="http",
        keys={"pinned": {**PINNED_ALICE, "https://mallory.example": jwks_document([ALICE])}},
    )


def main() -> None:
    envelope_cases()
    card_cases()
    http_cases()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    for case in cases:
        path = OUT / f"{case['id']}.json"
        path.write_text(json.dumps(case, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases written to {OUT}")


if __name__ == "__main__":
    main()
