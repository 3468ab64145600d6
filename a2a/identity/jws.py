"""Detached-payload JWS (RFC 7515), hand-written on ``cryptography``.

A signature entry is the ``AgentCardSignature`` shape, ``{protected,
signature, header?}``: the flattened JSON serialization without ``payload``.
The payload travels beside it (it is the JCS form of the signed object), and
the signing input is ``ASCII(protected || "." || BASE64URL(payload))``, the
ordinary ``b64: true`` rule (not RFC 7797).

Verification is split so callers can run cheap checks before any key lookup
(identity.md §6.1 item 14):

1. :func:`parse_entries` checks the entries' shape and count;
2. :func:`decode_protected` decodes a header strictly (canonical base64url,
   UTF-8, no duplicate members, size limit);
3. :func:`check_header` applies the profile: algorithm allowlist, ``crit`` and
   ``b64`` refused, forbidden members, ``kid`` shape, ``typ``;
4. :func:`verify_entry` checks that the key suits ``alg`` and the signature.

Every failure raises :class:`~a2a.identity.errors.SignatureError` with a
detail code; nothing is returned as ``False``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.errors import SignatureError, signature_error
from a2a.identity.jwk import ALGORITHMS, PrivateKey, PublicKey
from a2a.identity.strict_json import StrictJSONError, loads

__all__ = [
    "MAX_HEADER_BYTES",
    "MAX_SIGNATURES",
    "SignatureEntry",
    "check_header",
    "decode_protected",
    "encode_protected",
    "parse_entries",
    "sign_detached",
    "signing_input",
    "verify_entry",
]

MAX_HEADER_BYTES: Final = 4096
MAX_SIGNATURES: Final = 4
# Header members that would make the signer choose its own key or change what
# is signed; refused outright (identity.md §6.1 items 4-6).
_KEY_MEMBERS: Final = frozenset({"jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256"})
_KID = re.compile(r"[A-Za-z0-9._:#%-]{1,128}")


def fail(detail: str) -> SignatureError:
    """Shorthand used by the identity modules: the error for a detail code."""
    return signature_error(detail)


@dataclass(frozen=True)
class SignatureEntry:
    """One ``{protected, signature, header?}`` entry as received."""

    protected: str
    signature: str
    header: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"protected": self.protected, "signature": self.signature}
        if self.header is not None:
            out["header"] = self.header
        return out


def encode_protected(header: Mapping[str, Any]) -> str:
    """base64url of the compact UTF-8 JSON of a header (the ``protected`` value)."""
    text = json.dumps(dict(header), separators=(",", ":"), ensure_ascii=False)
    return b64url_encode(text.encode("utf-8"))


def signing_input(protected: str, payload: bytes) -> bytes:
    """``ASCII(protected || "." || BASE64URL(payload))`` (RFC 7515 §5.1 step 5)."""
    return f"{protected}.{b64url_encode(payload)}".encode("ascii")


def sign_detached(
    payload: bytes, key: PrivateKey, header: Mapping[str, Any] | None = None
) -> SignatureEntry:
    """Sign ``payload`` with ``key``; ``alg`` and ``kid`` default to the key's.

    The header is sent exactly as given (plus those defaults), in insertion order.
    """
    full: dict[str, Any] = {"alg": key.alg, "kid": key.kid}
    full.update(header or {})
    if full["alg"] not in ALGORITHMS or not key.public.allows(full["alg"]):
        raise ValueError(f"key cannot sign with alg {full['alg']!r}")
    protected = encode_protected(full)
    signature = key.sign(signing_input(protected, payload))
    return SignatureEntry(protected=protected, signature=b64url_encode(signature))


def parse_entries(value: Any, *, max_signatures: int = MAX_SIGNATURES) -> list[SignatureEntry]:
    """Check the shape of a signatures array: 1 to ``max_signatures`` entries.

    Each entry is an object with string ``protected`` and ``signature`` and an
    optional object ``header``, and nothing else.
    """
    if not isinstance(value, list) or not value:
        raise fail("malformed_header")
    if len(value) > max_signatures:
        raise fail("too_large")
    entries = []
    for item in value:
        if not isinstance(item, dict) or not {"protected", "signature"} <= item.keys():
            raise fail("malformed_header")
        if set(item) - {"protected", "signature", "header"}:
            raise fail("malformed_header")
        protected, signature, header = item["protected"], item["signature"], item.get("header")
        if not isinstance(protected, str) or not isinstance(signature, str):
            raise fail("malformed_header")
        if header is not None and not isinstance(header, dict):
            raise fail("malformed_header")
        entries.append(SignatureEntry(protected, signature, header))
    return entries


def decode_protected(protected: str, *, max_bytes: int = MAX_HEADER_BYTES) -> dict[str, Any]:
    """Decode a ``protected`` value into its header object, strictly."""
    if len(protected) > max_bytes * 4 // 3 + 4:
        raise fail("too_large")
    try:
        raw = b64url_decode(protected)
    except ValueError:
        raise fail("malformed_header") from None
    if len(raw) > max_bytes:
        raise fail("too_large")
    try:
        header = loads(raw, max_bytes=max_bytes, max_depth=8)
    except StrictJSONError:
        raise fail("malformed_header") from None
    if not isinstance(header, dict):
        raise fail("malformed_header")
    return header


def check_header(
    header: Mapping[str, Any],
    *,
    algs: Collection[str],
    typs: Collection[str | None],
    unprotected: Mapping[str, Any] | None = None,
    allow_jku: bool = False,
    forbidden: Collection[str] = (),
) -> tuple[str, str]:
    """Apply the profile to a decoded protected header; return ``(alg, kid)``.

    ``typs`` lists the accepted ``typ`` values (``None`` = absent allowed).
    ``jku`` is tolerated only with ``allow_jku`` (cards: the spec allows it as
    a hint); ``jwk``, ``x5u``, ``x5c`` and thumbprint members never are.
    """
    alg = header.get("alg")
    if not isinstance(alg, str):
        raise fail("malformed_header")
    # The allowlist is exact and case-sensitive: "none", "None", HS*, RS* all fail here.
    if alg not in algs or alg not in ALGORITHMS:
        raise fail("alg_not_allowed")
    if "crit" in header or "b64" in header:
        # We understand no extension parameter (RFC 7515 §4.1.11 lets us refuse);
        # b64:false (RFC 7797) would change what is signed.
        raise fail("crit_unsupported")
    refused = (_KEY_MEMBERS - ({"jku"} if allow_jku else set())) | set(forbidden)
    if refused & header.keys():
        raise fail("malformed_header")
    if allow_jku and not isinstance(header.get("jku"), (str, type(None))):
        raise fail("malformed_header")
    kid = header.get("kid")
    if not isinstance(kid, str) or _KID.fullmatch(kid) is None:
        raise fail("malformed_header")
    if header.get("typ") not in typs:
        raise fail("typ_mismatch")
    if unprotected is not None:
        # RFC 7515 §7.2.1: protected and unprotected names must be disjoint;
        # the unprotected header is never used for a decision.
        if unprotected.keys() & header.keys() or {"crit", "b64"} & unprotected.keys():
            raise fail("malformed_header")
        if len(json.dumps(unprotected)) > MAX_HEADER_BYTES:
            raise fail("too_large")
    return alg, kid


def verify_entry(entry: SignatureEntry, alg: str, key: PublicKey, payload: bytes) -> None:
    """Check ``entry``'s signature over ``payload`` with ``key``; raise on failure."""
    if not key.allows(alg):
        raise fail("key_alg_mismatch")
    try:
        signature = b64url_decode(entry.signature)
    except ValueError:
        raise fail("bad_signature") from None
    if not key.verify(signature, signing_input(entry.protected, payload)):
        raise fail("bad_signature")
