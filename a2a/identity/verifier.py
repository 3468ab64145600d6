"""Verifying signed envelopes under a policy (see :mod:`a2a.identity.envelope`).

:class:`EnvelopeVerifier` is the receiving side of the extension, for servers
(incoming Messages) and clients (outgoing replies: Messages, Tasks, stream
events) alike.  ``verify`` uses keys already in the trust store;
``verify_async`` may refresh the signer origin's JWKS once when a key is
unknown.  Both return a :class:`VerifiedIdentity`, or ``None`` for an object
that policy lets through without one, and raise
:class:`~a2a.identity.errors.SignatureError` otherwise.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from a2a.identity.envelope import (
    SIGNATURES_KEY,
    TYPES,
    ObjectKind,
    VerifiedIdentity,
    _audience,
    _bound,
    _claims,
    payload_bytes,
)
from a2a.identity.errors import SignatureError
from a2a.identity.jwk import PublicKey
from a2a.identity.jws import (
    SignatureEntry,
    check_header,
    decode_protected,
    fail,
    parse_entries,
    verify_entry,
)
from a2a.identity.policy import EnvelopePolicy, PolicySet
from a2a.identity.replay import MemoryReplayCache, ReplayCache
from a2a.identity.strict_json import StrictJSONError, check_value, loads
from a2a.identity.trust import TrustStore

__all__ = ["EnvelopeVerifier"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Candidate:
    entry: SignatureEntry
    alg: str
    kid: str
    identity: VerifiedIdentity


@dataclass
class _Attempt:
    policy: EnvelopePolicy
    peer: str | None
    payload: bytes
    candidates: list[_Candidate]
    now: float
    last_error: SignatureError | None = field(default=None)


class EnvelopeVerifier:
    """Checks incoming envelopes against trust anchors, policy and a replay cache.

    ``local_identities`` are the ``aud`` values meant for us (our card URL,
    DID...).  ``policies`` is a :class:`PolicySet` or a single default policy.
    """

    def __init__(
        self,
        store: TrustStore,
        *,
        local_identities: Collection[str] = (),
        policies: PolicySet | EnvelopePolicy | None = None,
        replay: ReplayCache | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.local_identities = frozenset(local_identities)
        if isinstance(policies, EnvelopePolicy):
            policies = PolicySet(default=policies)
        self.policies = policies or PolicySet()
        self.replay: ReplayCache = replay if replay is not None else MemoryReplayCache()
        self.clock = clock

    # -- the two entry points ------------------------------------------------

    def verify(
        self,
        obj: Mapping[str, Any] | bytes | str,
        kind: ObjectKind,
        *,
        peer: str | None = None,
        transport_identity: str | None = None,
        expected_irt: str | None = None,
        audience_required: bool | None = None,
        audience: Collection[str] | None = None,
    ) -> VerifiedIdentity | None:
        """Verify ``obj`` (raw JSON bytes preferred: duplicate members are caught there).

        ``peer`` selects the per-peer policy and the sticky record;
        ``transport_identity`` is what the transport authenticated (checked
        against ``iss`` when the policy binds them); ``expected_irt`` is set
        when verifying a reply to a request we signed; ``audience`` replaces
        ``local_identities`` for this call (a server answering on several hosts).
        """
        attempt = self._begin(
            obj, kind, peer, transport_identity, expected_irt, audience_required, audience
        )
        if attempt is None:
            return None
        for candidate in attempt.candidates:
            try:
                key = self.store.resolve(candidate.identity.issuer, candidate.kid)
            except SignatureError as exc:
                if exc.detail != "unknown_key":
                    raise  # a known key used for the wrong issuer, revoked or expired: fail closed
                attempt.last_error = exc
                continue
            return self._finish(attempt, candidate, key)
        return self._untrusted(attempt)

    async def verify_async(
        self,
        obj: Mapping[str, Any] | bytes | str,
        kind: ObjectKind,
        *,
        peer: str | None = None,
        transport_identity: str | None = None,
        expected_irt: str | None = None,
        audience_required: bool | None = None,
        audience: Collection[str] | None = None,
    ) -> VerifiedIdentity | None:
        """:meth:`verify`, refreshing the issuer origin's JWKS once for an unknown key."""
        attempt = self._begin(
            obj, kind, peer, transport_identity, expected_irt, audience_required, audience
        )
        if attempt is None:
            return None
        for candidate in attempt.candidates:
            try:
                key = await self.store.resolve_async(candidate.identity.issuer, candidate.kid)
            except SignatureError as exc:
                if exc.detail != "unknown_key":
                    raise  # a known key used for the wrong issuer, revoked or expired: fail closed
                attempt.last_error = exc
                continue
            return self._finish(attempt, candidate, key)
        return self._untrusted(attempt)

    # -- steps -----------------------------------------------------------------

    def _gate(
        self, obj: Mapping[str, Any] | bytes | str, policy: EnvelopePolicy
    ) -> Mapping[str, Any]:
        try:
            if isinstance(obj, (bytes, str)):
                data = loads(obj, max_bytes=policy.max_payload_bytes, max_depth=policy.max_depth)
            else:
                data = obj
                check_value(data, max_depth=policy.max_depth)
        except StrictJSONError as exc:
            raise fail("too_large" if exc.kind == "too_large" else "malformed_payload") from None
        if not isinstance(data, Mapping):
            raise fail("malformed_payload")
        return data

    def _begin(
        self,
        obj: Mapping[str, Any] | bytes | str,
        kind: ObjectKind,
        peer: str | None,
        transport_identity: str | None,
        expected_irt: str | None,
        audience_required: bool | None,
        audience: Collection[str] | None,
    ) -> _Attempt | None:
        policy = self.policies.for_peer(peer)
        if policy.mode == "off":
            return None
        data = self._gate(obj, policy)
        metadata = data.get("metadata")
        if metadata is not None and not isinstance(metadata, Mapping):
            raise fail("malformed_payload")
        raw_entries = metadata.get(SIGNATURES_KEY) if metadata else None
        if raw_entries is None:
            # Whether or not our URI is listed in `extensions` (NEG-46): only
            # the signature's presence decides, so editing that list changes nothing.
            if policy.mode == "require" or self.policies.is_sticky(peer):
                raise fail("signature_required")
            return None
        entries = parse_entries(raw_entries, max_signatures=policy.max_signatures)
        payload = payload_bytes(
            data, max_bytes=policy.max_payload_bytes, max_depth=policy.max_depth, checked=True
        )
        now = self.clock()
        need_aud = policy.require_audience if audience_required is None else audience_required
        ours = self.local_identities if audience is None else frozenset(audience)
        candidates = [
            self._candidate(
                entry, kind, policy, now, need_aud, ours, transport_identity, expected_irt
            )
            for entry in entries
        ]
        return _Attempt(policy, peer, payload, candidates, now)

    def _candidate(
        self,
        entry: SignatureEntry,
        kind: ObjectKind,
        policy: EnvelopePolicy,
        now: float,
        need_aud: bool,
        ours: frozenset[str],
        transport_identity: str | None,
        expected_irt: str | None,
    ) -> _Candidate:
        header = decode_protected(entry.protected)
        alg, kid = check_header(
            header,
            algs=policy.algs,
            typs=(TYPES[kind],),
            unprotected=entry.header,
            forbidden=("zip",),
        )
        iss, iat, exp, jti = _claims(header)
        if exp < iat or exp - iat > policy.max_lifetime:
            raise fail("bad_claims")
        if iat > now + policy.max_clock_skew:
            raise fail("not_yet_valid")
        if exp < now - policy.max_clock_skew:
            raise fail("expired")
        audience = _audience(header)
        if audience is None:
            if need_aud:
                raise fail("wrong_audience")
        elif not ours & set(audience):
            raise fail("wrong_audience")
        irt = header.get("irt")
        if irt is not None and not isinstance(irt, str):
            raise fail("bad_claims")
        if expected_irt is not None and irt != expected_irt:
            raise fail("wrong_audience")  # a reply spliced from another exchange
        if policy.bind_transport_identity and not _bound(iss, transport_identity):
            raise fail("issuer_mismatch")
        if self.replay.seen((iss, jti), now):
            raise fail("replayed")
        identity = VerifiedIdentity(
            issuer=iss,
            kid=kid,
            alg=alg,
            jti=jti,
            issued_at=iat,
            expires_at=exp,
            audience=audience or (),
            irt=irt,
            claims=dict(header),
        )
        return _Candidate(entry, alg, kid, identity)

    def _finish(self, attempt: _Attempt, candidate: _Candidate, key: PublicKey) -> VerifiedIdentity:
        if key.thumbprint != candidate.kid:
            # Our profile names keys by RFC 7638 thumbprint only (spec/signed-envelope.md).
            raise fail("unknown_key")
        verify_entry(candidate.entry, candidate.alg, key, attempt.payload)
        identity = candidate.identity
        expires = identity.expires_at + attempt.policy.max_clock_skew
        # Recorded only now: unverified junk cannot fill the cache (identity.md §6.1 item 14).
        if not self.replay.add((identity.issuer, identity.jti), expires, attempt.now):
            raise fail("replayed")
        self.policies.mark_signed(attempt.peer)
        return identity

    def _untrusted(self, attempt: _Attempt) -> VerifiedIdentity | None:
        assert attempt.last_error is not None
        if attempt.policy.mode == "require" or self.policies.is_sticky(attempt.peer):
            raise attempt.last_error
        log.warning(
            "signed envelope from an untrusted key accepted without identity (%s)",
            attempt.last_error.detail,
        )
        return None
