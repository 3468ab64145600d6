"""Our RFC 9421 profile for agent requests, compatible with Web Bot Auth.

A signed request carries (identity.md §7.4)::

    Content-Digest: sha-256=:...:                      (when there is a body)
    Signature-Agent: sig1="https://agent.example/.well-known/agent-card.json"
    Signature-Input: sig1=("@method" "@authority" "@target-uri" "content-digest"
        "content-type" "signature-agent";key="sig1");created=...;expires=...;
        nonce="...";keyid="<RFC 7638 thumbprint>";alg="ed25519";tag="a2a-request"
    Signature: sig1=:<base64 signature>:

``a2a-version`` and ``a2a-extensions`` are covered when present.  With
``tag="web-bot-auth"`` the same request is a Web Bot Auth request: Ed25519,
``@authority`` covered, ``created``/``expires``, thumbprint ``keyid`` and the
``Signature-Agent`` dictionary member covered.

Verification (:class:`RequestVerifier`) is an authentication scheme: every
failure is an :class:`~a2a.identity.errors.HTTPSignatureError` (HTTP 401,
``WWW-Authenticate: Signature``).  Keys come from the trust store: the
``Signature-Agent`` origin's JWKS (or its key directory), or keys pinned for
any issuer when no agent is named.  ``(keyid, nonce)`` pairs are remembered
until ``expires`` plus skew.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import http_sf

from a2a.identity.b64 import b64url_encode
from a2a.identity.errors import HTTPSignatureError, SignatureError
from a2a.identity.httpsig import (
    ALGORITHMS,
    Component,
    HttpRequest,
    HttpSignatureFormatError,
    SignatureSpec,
    content_digest,
    digest_matches,
    parse_signatures,
    sign_message,
    verify_signature,
)
from a2a.identity.jwk import PrivateKey, PublicKey
from a2a.identity.replay import MemoryReplayCache, ReplayCache
from a2a.identity.trust import JWKS_PATH, TrustStore

__all__ = [
    "A2A_REQUEST_TAG",
    "DIRECTORY_MEDIA_TYPE",
    "DIRECTORY_PATH",
    "WEB_BOT_AUTH_TAG",
    "RequestPolicy",
    "RequestVerifier",
    "VerifiedRequest",
    "http_alg",
    "sign_request",
]

A2A_REQUEST_TAG: Final = "a2a-request"
WEB_BOT_AUTH_TAG: Final = "web-bot-auth"
DIRECTORY_PATH: Final = "/.well-known/http-message-signatures-directory"
DIRECTORY_MEDIA_TYPE: Final = "application/http-message-signatures-directory+json"
_OPTIONAL_FIELDS: Final = ("content-type", "a2a-version", "a2a-extensions")


def http_alg(key: PrivateKey | PublicKey) -> str:
    """The RFC 9421 algorithm name for a key: ``ed25519`` or ``ecdsa-p256-sha256``."""
    public = key.public if isinstance(key, PrivateKey) else key
    return "ed25519" if public.kty == "OKP" else "ecdsa-p256-sha256"


def sign_request(
    request: HttpRequest,
    key: PrivateKey,
    *,
    signature_agent: str | None = None,
    label: str = "sig1",
    tag: str = A2A_REQUEST_TAG,
    now: int | None = None,
    ttl: int = 60,
    nonce: str | None = None,
) -> list[tuple[str, str]]:
    """The header fields to add to ``request`` so that it is signed under this profile."""
    added: list[tuple[str, str]] = []
    headers = list(request.headers)
    if request.body and not request.field_lines("content-digest"):
        added.append(("Content-Digest", content_digest(request.body)))
    if signature_agent is not None:
        added.append(("Signature-Agent", http_sf.ser({label: (signature_agent, {})})))
    view = HttpRequest(request.method, request.url, [*headers, *added], request.body)
    components: list[Component] = [("@method", {}), ("@authority", {}), ("@target-uri", {})]
    if view.field_lines("content-digest"):
        components.append(("content-digest", {}))
    components.extend((name, {}) for name in _OPTIONAL_FIELDS if view.field_lines(name))
    if signature_agent is not None:
        components.append(("signature-agent", {"key": label}))
    created = int(time.time()) if now is None else now
    params: dict[str, Any] = {
        "created": created,
        "expires": created + ttl,
        "nonce": nonce or b64url_encode(secrets.token_bytes(16)),
        "keyid": key.public.thumbprint,
        "alg": http_alg(key),
        "tag": tag,
    }
    signature_input, signature = sign_message(view, key, components, params, label=label)
    return [*added, ("Signature-Input", signature_input), ("Signature", signature)]


@dataclass(frozen=True)
class RequestPolicy:
    """What a request signature must satisfy to authenticate a request."""

    tags: frozenset[str] = frozenset({A2A_REQUEST_TAG, WEB_BOT_AUTH_TAG})
    required_components: frozenset[str] = frozenset({"@method", "@authority"})
    require_nonce: bool = True
    max_lifetime: int = 300
    max_clock_skew: int = 60


@dataclass(frozen=True)
class VerifiedRequest:
    """Who signed a request: the key, the issuer it is trusted for, and the signature's label."""

    keyid: str
    issuer: str
    label: str
    tag: str | None
    agent: str | None
    created: int
    expires: int
    nonce: str | None


@dataclass(frozen=True)
class _Checked:
    spec: SignatureSpec
    keyid: str
    agent: str | None
    nonce: str | None
    created: int
    expires: int


def _agent(request: HttpRequest, label: str) -> str | None:
    lines = request.field_lines("signature-agent")
    if not lines:
        return None
    text = ", ".join(lines).encode("ascii", "replace")
    member: Any
    try:
        parsed: Any = http_sf.parse(text, tltype="dictionary")
        member = parsed.get(label) if isinstance(parsed, dict) else None
    except http_sf.StructuredFieldError:
        member = None
    if member is None:  # the older sf-string form: Signature-Agent: "https://..."
        try:
            member = http_sf.parse(text, tltype="item")
        except http_sf.StructuredFieldError:
            raise HTTPSignatureError("malformed_header") from None
    value = member[0] if isinstance(member, tuple) else member
    if not isinstance(value, str):
        raise HTTPSignatureError("malformed_header")
    return value


class RequestVerifier:
    """Authenticates requests signed under :func:`sign_request`'s profile."""

    def __init__(
        self,
        store: TrustStore,
        *,
        policy: RequestPolicy | None = None,
        replay: ReplayCache | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.policy = policy or RequestPolicy()
        self.replay: ReplayCache = replay if replay is not None else MemoryReplayCache()
        self.clock = clock

    def _check(self, request: HttpRequest) -> _Checked:
        if not request.field_lines("signature-input") or not request.field_lines("signature"):
            raise HTTPSignatureError("signature_required")
        try:
            specs = parse_signatures(request)
        except HttpSignatureFormatError:
            raise HTTPSignatureError("malformed_header") from None
        policy = self.policy
        wanted = [s for s in specs if not policy.tags or s.params.get("tag") in policy.tags]
        if not wanted:
            raise HTTPSignatureError("signature_required")
        spec = wanted[0]
        params = spec.params
        keyid, created, expires = params.get("keyid"), params.get("created"), params.get("expires")
        nonce, alg = params.get("nonce"), params.get("alg")
        if not isinstance(keyid, str) or not 0 < len(keyid) <= 128:
            raise HTTPSignatureError("malformed_header")
        if alg is not None and alg not in ALGORITHMS:
            raise HTTPSignatureError("alg_not_allowed")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (created, expires)):
            raise HTTPSignatureError("bad_claims")
        assert isinstance(created, int)
        assert isinstance(expires, int)
        if expires < created or expires - created > policy.max_lifetime:
            raise HTTPSignatureError("bad_claims")
        if policy.require_nonce and not (isinstance(nonce, str) and 0 < len(nonce) <= 128):
            raise HTTPSignatureError("bad_claims")
        now = self.clock()
        if created > now + policy.max_clock_skew:
            raise HTTPSignatureError("not_yet_valid")
        if expires < now - policy.max_clock_skew:
            raise HTTPSignatureError("expired")
        covered = {name for name, _ in spec.components}
        if not policy.required_components <= covered:
            raise HTTPSignatureError("bad_claims")
        agent = _agent(request, spec.label)
        if agent is not None and "signature-agent" not in covered:
            raise HTTPSignatureError("bad_claims")  # the key directory must be signed too
        if request.body:
            digest = request.field_lines("content-digest")
            if "content-digest" not in covered or not digest:
                raise HTTPSignatureError("digest_mismatch")
            if not digest_matches(", ".join(digest), request.body):
                raise HTTPSignatureError("digest_mismatch")
        if isinstance(nonce, str) and self.replay.seen((keyid, nonce), now):
            raise HTTPSignatureError("replayed")
        return _Checked(
            spec, keyid, agent, nonce if isinstance(nonce, str) else None, created, expires
        )

    def _issuer(self, checked: _Checked) -> tuple[str, str | None]:
        """The issuer to resolve the key for, and the JWKS hint (a directory URL)."""
        if checked.agent is None:
            return "", None
        hint = checked.agent if checked.agent.endswith((DIRECTORY_PATH, JWKS_PATH)) else None
        return checked.agent, hint

    def _finish(
        self, request: HttpRequest, checked: _Checked, issuer: str, key: PublicKey
    ) -> VerifiedRequest:
        alg = checked.spec.params.get("alg")
        if (alg is not None and alg != http_alg(key)) or key.thumbprint != checked.keyid:
            raise HTTPSignatureError("key_alg_mismatch")
        try:
            valid = verify_signature(request, checked.spec, key)
        except HttpSignatureFormatError:
            raise HTTPSignatureError("malformed_header") from None
        if not valid:
            raise HTTPSignatureError("bad_signature")
        if checked.nonce is not None:
            expiry = checked.expires + self.policy.max_clock_skew
            if not self.replay.add((checked.keyid, checked.nonce), expiry, self.clock()):
                raise HTTPSignatureError("replayed")
        tag = checked.spec.params.get("tag")
        return VerifiedRequest(
            keyid=checked.keyid,
            issuer=issuer,
            label=checked.spec.label,
            tag=tag if isinstance(tag, str) else None,
            agent=checked.agent,
            created=checked.created,
            expires=checked.expires,
            nonce=checked.nonce,
        )

    def verify(self, request: HttpRequest) -> VerifiedRequest:
        """Authenticate ``request`` with keys already trusted; raise :class:`HTTPSignatureError`."""
        checked = self._check(request)
        issuer, _ = self._issuer(checked)
        try:
            if issuer:
                key = self.store.resolve(issuer, checked.keyid)
            else:
                issuer, key = self.store.find_pinned(checked.keyid)
        except SignatureError as exc:
            raise HTTPSignatureError(exc.detail) from None
        return self._finish(request, checked, issuer, key)

    async def verify_async(self, request: HttpRequest) -> VerifiedRequest:
        """:meth:`verify`, fetching the ``Signature-Agent`` origin's keys once when unknown."""
        checked = self._check(request)
        issuer, hint = self._issuer(checked)
        try:
            if issuer:
                key = await self.store.resolve_async(issuer, checked.keyid, jku=hint)
            else:
                issuer, key = self.store.find_pinned(checked.keyid)
        except SignatureError as exc:
            raise HTTPSignatureError(exc.detail) from None
        return self._finish(request, checked, issuer, key)
