"""JSON Web Keys for agent identity: Ed25519 (RFC 8037) and P-256 (RFC 7518 §6.2).

Only these two key types exist here; anything else in a JWKS is skipped, never
guessed at.  Keys are typed objects wrapping ``cryptography`` keys, so a
public key can never be mistaken for an HMAC secret (identity.md §6.1 item 2).

``kid`` defaults to the RFC 7638 SHA-256 thumbprint, the convention Web Bot
Auth uses too; :func:`thumbprint` computes it from the required members only.

Signatures are raw: 64 bytes for Ed25519, and ``r || s`` (32 + 32 bytes,
RFC 7518 §3.4) for ES256, never DER.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.errors import KeyFormatError

__all__ = [
    "ALGORITHMS",
    "PrivateKey",
    "PublicKey",
    "SigningAlg",
    "generate_key",
    "jwks_document",
    "parse_jwks",
    "private_key_from_jwk",
    "public_key_from_jwk",
    "thumbprint",
]

SigningAlg = Literal["EdDSA", "Ed25519", "ES256"]
ALGORITHMS: Final[frozenset[str]] = frozenset({"EdDSA", "Ed25519", "ES256"})
"""Every JWS ``alg`` this library signs or verifies with (``Ed25519`` is RFC 9864's name)."""

MAX_JWKS_KEYS: Final = 20
_P256_ORDER: Final = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

# Ed25519 curve constants (RFC 8032 §5.1), used only to refuse small-order keys.
_P: Final = 2**255 - 19
_D: Final = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1: Final = pow(2, (_P - 1) // 4, _P)


def _ed25519_point(encoded: bytes) -> tuple[int, int] | None:
    """Decode an Ed25519 point (RFC 8032 §5.1.3); ``None`` if invalid or non-canonical."""
    y = int.from_bytes(encoded, "little") & ((1 << 255) - 1)
    sign = encoded[31] >> 7
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = _P - x
    return x, y


def _ed25519_small_order(encoded: bytes) -> bool:
    """Whether the key is invalid or of small order (8·A is the identity)."""
    point = _ed25519_point(encoded)
    if point is None:
        return True
    x, y = point
    for _ in range(3):  # doubling on the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2
        t = _D * x * x * y * y % _P
        x, y = (
            2 * x * y * pow(1 + t, _P - 2, _P) % _P,
            (y * y + x * x) * pow(1 - t, _P - 2, _P) % _P,
        )
    return x == 0 and y == 1


def thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 SHA-256 thumbprint of a public JWK, base64url (43 characters)."""
    kty = jwk.get("kty")
    names = ("crv", "kty", "x") if kty == "OKP" else ("crv", "kty", "x", "y")
    if kty not in ("OKP", "EC") or any(not isinstance(jwk.get(n), str) for n in names):
        raise KeyFormatError("cannot compute the thumbprint of this key")
    # RFC 7638 §3.2: required members only, sorted, no whitespace.
    canonical = json.dumps({n: jwk[n] for n in names}, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


def _member(jwk: Mapping[str, Any], name: str, size: int) -> bytes:
    value = jwk.get(name)
    try:
        raw = b64url_decode(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != size:
        raise KeyFormatError(f"JWK member {name!r} must be {size} bytes of base64url")
    return raw


def _optional_int(jwk: Mapping[str, Any], name: str) -> int | None:
    value = jwk.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise KeyFormatError(f"JWK member {name!r} must be an integer NumericDate")
    return value


@dataclass(frozen=True)
class PublicKey:
    """A verification key: Ed25519 (``kty`` OKP) or P-256 (``kty`` EC).

    ``kid`` is the JWK's own ``kid`` or, when absent, its thumbprint.
    ``not_before``/``expires`` come from the (non-standard but common) ``nbf``
    and ``exp`` JWK members; keys outside that window are refused by the
    trust store.
    """

    kty: Literal["OKP", "EC"]
    crv: Literal["Ed25519", "P-256"]
    x: str
    y: str | None
    kid: str
    crypto: ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey = field(repr=False, compare=False)
    alg: str | None = None
    not_before: int | None = None
    expires: int | None = None

    @cached_property
    def thumbprint(self) -> str:
        """The RFC 7638 thumbprint of this key."""
        return thumbprint(self.to_jwk())

    def allows(self, alg: str) -> bool:
        """Whether this key may verify ``alg`` (OKP ↔ EdDSA/Ed25519, EC ↔ ES256)."""
        if self.alg is not None and self.alg != alg and {self.alg, alg} != {"EdDSA", "Ed25519"}:
            return False
        if self.kty == "OKP":
            return alg in ("EdDSA", "Ed25519")
        return alg == "ES256"

    def to_jwk(self) -> dict[str, Any]:
        """The public JWK, with ``kid``, ``use`` and ``alg``."""
        jwk: dict[str, Any] = {"kty": self.kty, "crv": self.crv, "x": self.x}
        if self.y is not None:
            jwk["y"] = self.y
        jwk["kid"] = self.kid
        jwk["use"] = "sig"
        jwk["alg"] = self.alg or ("EdDSA" if self.kty == "OKP" else "ES256")
        return jwk

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Check a raw signature; ``False`` for any malformed or wrong signature."""
        if len(signature) != 64:
            return False
        try:
            if isinstance(self.crypto, ed25519.Ed25519PublicKey):
                self.crypto.verify(signature, data)  # OpenSSL refuses S >= L
                return True
            r = int.from_bytes(signature[:32], "big")
            s = int.from_bytes(signature[32:], "big")
            if not (0 < r < _P256_ORDER and 0 < s < _P256_ORDER):  # CVE-2022-21449 class
                return False
            self.crypto.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class PrivateKey:
    """A signing key and its public half; ``alg`` is what it signs with."""

    public: PublicKey
    crypto: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey = field(repr=False)

    @property
    def kid(self) -> str:
        return self.public.kid

    @property
    def alg(self) -> str:
        """``EdDSA`` for Ed25519 keys (what every JOSE library knows), ``ES256`` for P-256."""
        return self.public.alg or ("EdDSA" if self.public.kty == "OKP" else "ES256")

    def sign(self, data: bytes) -> bytes:
        """A raw signature: Ed25519 (64 bytes) or ES256 ``r || s`` (64 bytes)."""
        if isinstance(self.crypto, ed25519.Ed25519PrivateKey):
            return self.crypto.sign(data)
        r, s = decode_dss_signature(self.crypto.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def to_jwk(self) -> dict[str, Any]:
        """The private JWK (with ``d``): keep it secret."""
        jwk = self.public.to_jwk()
        if isinstance(self.crypto, ed25519.Ed25519PrivateKey):
            raw = self.crypto.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            jwk["d"] = b64url_encode(raw)
        else:
            jwk["d"] = b64url_encode(
                self.crypto.private_numbers().private_value.to_bytes(32, "big")
            )
        return jwk


def _public_from_crypto(
    crypto: ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey,
    *,
    kid: str | None = None,
    alg: str | None = None,
    not_before: int | None = None,
    expires: int | None = None,
) -> PublicKey:
    if isinstance(crypto, ed25519.Ed25519PublicKey):
        raw = crypto.public_bytes(Encoding.Raw, PublicFormat.Raw)
        base: dict[str, Any] = {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    else:
        numbers = crypto.public_numbers()
        base = {
            "kty": "EC",
            "crv": "P-256",
            "x": b64url_encode(numbers.x.to_bytes(32, "big")),
            "y": b64url_encode(numbers.y.to_bytes(32, "big")),
        }
    return PublicKey(
        kty=base["kty"],
        crv=base["crv"],
        x=base["x"],
        y=base.get("y"),
        kid=kid if kid is not None else thumbprint(base),
        alg=alg,
        not_before=not_before,
        expires=expires,
        crypto=crypto,
    )


def generate_key(alg: str = "EdDSA") -> PrivateKey:
    """A fresh signing key: ``EdDSA`` (Ed25519) or ``ES256`` (P-256); ``kid`` = thumbprint."""
    if alg in ("EdDSA", "Ed25519"):
        ed = ed25519.Ed25519PrivateKey.generate()
        return PrivateKey(public=_public_from_crypto(ed.public_key(), alg=alg), crypto=ed)
    if alg == "ES256":
        p256 = ec.generate_private_key(ec.SECP256R1())
        return PrivateKey(public=_public_from_crypto(p256.public_key(), alg="ES256"), crypto=p256)
    raise KeyFormatError(f"unsupported algorithm {alg!r}; use EdDSA or ES256")


def _check_usage(jwk: Mapping[str, Any]) -> None:
    use = jwk.get("use")
    if use is not None and use != "sig":
        raise KeyFormatError("JWK is not a signature key (use)")
    ops = jwk.get("key_ops")
    if ops is not None and (not isinstance(ops, list) or not ({"verify", "sign"} & set(ops))):
        raise KeyFormatError("JWK key_ops allow neither verify nor sign")
    alg = jwk.get("alg")
    if alg is not None and alg not in ALGORITHMS:
        raise KeyFormatError("JWK alg is not supported")


def _public_crypto(jwk: Mapping[str, Any]) -> ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey:
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "OKP" and crv == "Ed25519":
        x = _member(jwk, "x", 32)
        if _ed25519_small_order(x):
            raise KeyFormatError("Ed25519 key is invalid or of small order")
        return ed25519.Ed25519PublicKey.from_public_bytes(x)
    if kty == "EC" and crv == "P-256":
        px = int.from_bytes(_member(jwk, "x", 32), "big")
        py = int.from_bytes(_member(jwk, "y", 32), "big")
        try:
            return ec.EllipticCurvePublicNumbers(px, py, ec.SECP256R1()).public_key()
        except ValueError:
            raise KeyFormatError("P-256 point is not on the curve") from None
    raise KeyFormatError("unsupported key type (only OKP/Ed25519 and EC/P-256)")


def _kid(jwk: Mapping[str, Any]) -> str | None:
    kid = jwk.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise KeyFormatError("JWK kid must be a string")
    return kid


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """Parse a public JWK; raise :class:`KeyFormatError`.

    Refused: private members (``d``), ``use`` other than ``sig``, ``key_ops``
    without ``verify``, unknown ``alg``, key types other than Ed25519/P-256,
    points off the curve and small-order Ed25519 keys.
    """
    if not isinstance(jwk, Mapping):
        raise KeyFormatError("JWK must be a JSON object")
    if "d" in jwk:
        raise KeyFormatError("a public JWK must not carry the private member d")
    _check_usage(jwk)
    ops = jwk.get("key_ops")
    if isinstance(ops, list) and "verify" not in ops:
        raise KeyFormatError("JWK key_ops do not allow verify")
    crypto = _public_crypto(jwk)
    key = _public_from_crypto(
        crypto,
        kid=_kid(jwk),
        alg=jwk.get("alg"),
        not_before=_optional_int(jwk, "nbf"),
        expires=_optional_int(jwk, "exp"),
    )
    if not key.allows(key.alg or ("EdDSA" if key.kty == "OKP" else "ES256")):
        raise KeyFormatError("JWK alg does not match its key type")
    return key


def private_key_from_jwk(jwk: Mapping[str, Any]) -> PrivateKey:
    """Parse a private JWK (with ``d``); the public members must match ``d``."""
    if not isinstance(jwk, Mapping):
        raise KeyFormatError("JWK must be a JSON object")
    _check_usage(jwk)
    kty = jwk.get("kty")
    crypto: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
    if kty == "OKP" and jwk.get("crv") == "Ed25519":
        crypto = ed25519.Ed25519PrivateKey.from_private_bytes(_member(jwk, "d", 32))
    elif kty == "EC" and jwk.get("crv") == "P-256":
        d = int.from_bytes(_member(jwk, "d", 32), "big")
        if not 0 < d < _P256_ORDER:
            raise KeyFormatError("P-256 private scalar out of range")
        crypto = ec.derive_private_key(d, ec.SECP256R1())
    else:
        raise KeyFormatError("unsupported key type (only OKP/Ed25519 and EC/P-256)")
    alg = jwk.get("alg")
    public = _public_from_crypto(crypto.public_key(), kid=_kid(jwk), alg=alg)
    if public.x != jwk.get("x") or public.y != jwk.get("y"):
        raise KeyFormatError("JWK public members do not match the private key")
    if alg is not None and not public.allows(alg):
        raise KeyFormatError("JWK alg does not match its key type")
    return PrivateKey(public=public, crypto=crypto)


def parse_jwks(document: Mapping[str, Any], *, max_keys: int = MAX_JWKS_KEYS) -> list[PublicKey]:
    """The usable signature keys of a JWKS (RFC 7517 §5).

    Keys this library cannot or must not use (other key types, encryption
    keys, private keys, malformed entries) are skipped, so a JWKS shared with
    other software still works; a document that is not a JWKS, or has more than
    ``max_keys`` entries, raises :class:`KeyFormatError`.
    """
    keys = document.get("keys") if isinstance(document, Mapping) else None
    if not isinstance(keys, list):
        raise KeyFormatError("a JWKS is an object with a keys array")
    if len(keys) > max_keys:
        raise KeyFormatError("JWKS has too many keys")
    out: list[PublicKey] = []
    for entry in keys:
        try:
            out.append(public_key_from_jwk(entry))
        except KeyFormatError:
            continue
    return out


def jwks_document(keys: Iterable[PublicKey | PrivateKey]) -> dict[str, Any]:
    """A JWKS of the public halves of ``keys``, ready to serve as JSON."""
    return {"keys": [(k.public if isinstance(k, PrivateKey) else k).to_jwk() for k in keys]}
