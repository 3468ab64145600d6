"""Signed envelopes: our A2A extension for signed Messages, Artifacts, Tasks and events.

Specified in ``spec/signed-envelope.md``.  In short, an object carries
``metadata["<EXT>/signatures"]``: a list of ``{protected, signature}`` entries
(the ``AgentCardSignature`` shape).  Each is a detached JWS over the RFC 8785
form of the object *as received*, with that metadata key removed (and
``metadata`` itself removed if that left it empty).  The protected header binds
the signer (``iss``, ``kid`` = RFC 7638 thumbprint), the recipient (``aud``),
freshness (``iat``, ``exp``, ``jti``), the object type (``typ``) and, on
responses, the request (``irt``).

Verification order (cheap checks before key lookups, identity.md §7.3):
strict JSON gate → entry shape → payload → header profile → claims and
audience → replay pre-check → key from the trust store → signature →
replay record.  The first valid signature from a trusted key wins; entries
from untrusted keys are skipped; anything else present-but-invalid rejects.
"""

from __future__ import annotations

import copy
import hashlib
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeVar

from a2a.identity.b64 import b64url_decode, b64url_encode, is_b64url
from a2a.identity.errors import EXTENSION_URI
from a2a.identity.jcs import canonicalize
from a2a.identity.jwk import PrivateKey
from a2a.identity.jws import fail, sign_detached
from a2a.identity.strict_json import StrictJSONError
from a2a.identity.trust import origin_of
from a2a.types import (
    A2AModel,
    AgentExtension,
    Artifact,
    Message,
    Task,
    TaskArtifactUpdateEvent,
    TaskStatusUpdateEvent,
)

__all__ = [
    "EXTENSION_URI",
    "SIGNATURES_KEY",
    "TYPES",
    "EnvelopeSigner",
    "ObjectKind",
    "VerifiedIdentity",
    "extension_declaration",
    "irt_of",
    "kind_of",
    "payload_bytes",
    "sign_object",
]

SIGNATURES_KEY: Final = EXTENSION_URI + "/signatures"
ObjectKind = Literal["message", "artifact", "task", "status-update", "artifact-update"]
TYPES: Final[dict[str, str]] = {
    "message": "a2a-message+jws",
    "artifact": "a2a-artifact+jws",
    "task": "a2a-task+jws",
    "status-update": "a2a-status-update+jws",
    "artifact-update": "a2a-artifact-update+jws",
}
_KINDS: Final[dict[type[A2AModel], ObjectKind]] = {
    Message: "message",
    Artifact: "artifact",
    Task: "task",
    TaskStatusUpdateEvent: "status-update",
    TaskArtifactUpdateEvent: "artifact-update",
}
_MAX_ISS: Final = 2048
_M = TypeVar("_M", bound=A2AModel)


def kind_of(model: A2AModel) -> ObjectKind:
    """The envelope kind of a model instance (``message``, ``task``...)."""
    try:
        return _KINDS[type(model)]
    except KeyError:
        raise TypeError(f"{type(model).__name__} cannot carry a signed envelope") from None


def extension_declaration(jwks_uri: str, *, require_signed: bool = False) -> AgentExtension:
    """The ``AgentExtension`` an agent lists in its card to announce the extension."""
    return AgentExtension(
        uri=EXTENSION_URI,
        description="Detached JWS over RFC 8785 JCS of Messages, Artifacts, Tasks and events",
        required=False,
        params={
            "jwksUri": jwks_uri,
            "algs": ["EdDSA", "Ed25519", "ES256"],
            "signs": list(TYPES),
            "requireSigned": require_signed,
        },
    )


def _payload_view(obj: Mapping[str, Any]) -> dict[str, Any]:
    """The object minus its signatures (and minus ``metadata`` if that empties it)."""
    view = dict(obj)
    metadata = view.get("metadata")
    if isinstance(metadata, Mapping) and SIGNATURES_KEY in metadata:
        rest = {k: v for k, v in metadata.items() if k != SIGNATURES_KEY}
        if rest:
            view["metadata"] = rest
        else:
            del view["metadata"]
    return view


def payload_bytes(
    obj: Mapping[str, Any],
    *,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    checked: bool = False,
) -> bytes:
    """The bytes an envelope signature covers: JCS of :func:`_payload_view`.

    ``checked`` says ``obj`` already passed the strict JSON checks.
    """
    kwargs: dict[str, int] = {}
    if max_bytes is not None:
        kwargs["max_bytes"] = max_bytes
    if max_depth is not None:
        kwargs["max_depth"] = max_depth
    try:
        return canonicalize(_payload_view(obj), checked=checked, **kwargs)
    except StrictJSONError as exc:
        raise fail("too_large" if exc.kind == "too_large" else "malformed_payload") from None


def irt_of(obj: Mapping[str, Any]) -> str | None:
    """``irt`` for replies to ``obj``: base64url SHA-256 of its first signature's bytes."""
    metadata = obj.get("metadata")
    entries = metadata.get(SIGNATURES_KEY) if isinstance(metadata, Mapping) else None
    if not isinstance(entries, list) or not entries or not isinstance(entries[0], Mapping):
        return None
    try:
        raw = b64url_decode(entries[0].get("signature", ""))
    except ValueError:
        return None
    return b64url_encode(hashlib.sha256(raw).digest())


def sign_object(
    obj: Mapping[str, Any],
    kind: ObjectKind,
    key: PrivateKey,
    *,
    issuer: str,
    audience: str | None = None,
    now: int | None = None,
    ttl: int = 300,
    jti: str | None = None,
    irt: str | None = None,
    declare_extension: bool = True,
) -> dict[str, Any]:
    """Return a signed copy of a ProtoJSON object (existing signatures are kept).

    For messages and artifacts the extension URI is added to ``extensions``
    before signing (``declare_extension``), so the declaration is covered too.
    """
    signed = copy.deepcopy(dict(obj))
    if declare_extension and kind in ("message", "artifact"):
        extensions = list(signed.get("extensions") or [])
        if EXTENSION_URI not in extensions:
            signed["extensions"] = [*extensions, EXTENSION_URI]
    metadata = signed.get("metadata")
    previous = metadata.get(SIGNATURES_KEY, []) if isinstance(metadata, Mapping) else []
    issued = int(time.time()) if now is None else now
    header: dict[str, Any] = {
        "alg": key.alg,
        "typ": TYPES[kind],
        "kid": key.kid,
        "iss": issuer,
    }
    if audience is not None:
        header["aud"] = audience
    header.update(iat=issued, exp=issued + ttl, jti=jti or b64url_encode(secrets.token_bytes(16)))
    if irt is not None:
        header["irt"] = irt
    entry = sign_detached(payload_bytes(signed), key, header)
    signed["metadata"] = {**(metadata or {}), SIGNATURES_KEY: [*previous, entry.to_dict()]}
    return signed


@dataclass(frozen=True)
class VerifiedIdentity:
    """Who signed an object, for whom, and when (the verified protected header)."""

    issuer: str
    kid: str
    alg: str
    jti: str
    issued_at: int
    expires_at: int
    audience: tuple[str, ...] = ()
    irt: str | None = None
    claims: Mapping[str, Any] = field(default_factory=dict)


class EnvelopeSigner:
    """Signs outgoing objects as ``issuer`` (our card URL or DID) with ``key``."""

    def __init__(
        self,
        key: PrivateKey,
        issuer: str,
        *,
        ttl: int = 300,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.key = key
        self.issuer = issuer
        self.ttl = ttl
        self.clock = clock

    def sign(
        self,
        obj: Mapping[str, Any],
        kind: ObjectKind,
        *,
        audience: str | None = None,
        irt: str | None = None,
    ) -> dict[str, Any]:
        """A signed copy of a ProtoJSON object."""
        return sign_object(
            obj,
            kind,
            self.key,
            issuer=self.issuer,
            audience=audience,
            now=int(self.clock()),
            ttl=self.ttl,
            irt=irt,
        )

    def sign_model(self, model: _M, *, audience: str | None = None, irt: str | None = None) -> _M:
        """A signed copy of a model; serialize it with ``to_json()`` and the signature holds."""
        signed = self.sign(model.to_dict(), kind_of(model), audience=audience, irt=irt)
        return type(model).from_dict(signed)


def _claims(header: Mapping[str, Any]) -> tuple[str, int, int, str]:
    iss, iat, exp, jti = header.get("iss"), header.get("iat"), header.get("exp"), header.get("jti")
    if not isinstance(iss, str) or not 0 < len(iss) <= _MAX_ISS:
        raise fail("bad_claims")
    for value in (iat, exp):
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail("bad_claims")
    if not isinstance(jti, str) or not 16 <= len(jti) <= 64 or not is_b64url(jti):
        raise fail("bad_claims")
    assert isinstance(iat, int)
    assert isinstance(exp, int)
    return iss, iat, exp, jti


def _audience(header: Mapping[str, Any]) -> tuple[str, ...] | None:
    aud = header.get("aud")
    if aud is None:
        return None
    if isinstance(aud, str):
        return (aud,)
    if isinstance(aud, list) and 0 < len(aud) <= 16 and all(isinstance(a, str) for a in aud):
        return tuple(aud)
    raise fail("bad_claims")


def _bound(iss: str, transport_identity: str | None) -> bool:
    if transport_identity is None:
        return False
    if iss == transport_identity:
        return True
    origin = origin_of(iss, require_https=False)
    return origin is not None and origin == origin_of(transport_identity, require_https=False)
