"""Verification policy for signed envelopes: what to sign, what to demand, what to tolerate.

Modes (identity.md §7.6):

``off``
    never verify, never sign.
``verify_if_present`` (default)
    unsigned objects pass with no identity; a present signature that is
    invalid in any way is rejected (fail closed); a signature whose key is not
    trusted yields no identity and a warning, not a rejection.
``require``
    unsigned, invalid or untrusted objects are all rejected.

A *sticky* peer, one that has signed before, must keep signing: stripping
the envelope from its later messages fails with ``signature_required``.
Policies can be overridden per peer (by the peer's card URL, origin or other
identity string the transport establishes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from a2a.identity.jwk import ALGORITHMS
from a2a.identity.strict_json import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH
from a2a.identity.trust import origin_of

__all__ = ["EnvelopePolicy", "Mode", "PolicySet", "SignOutgoing"]

Mode = Literal["off", "verify_if_present", "require"]
SignOutgoing = Literal["never", "when_activated", "always"]


@dataclass(frozen=True)
class EnvelopePolicy:
    """Limits and rules for one peer (or the default).

    ``sign_outgoing="when_activated"`` signs only when the peer declared or
    requested the extension (identity.md §7.7).  ``bind_transport_identity``
    demands that ``iss`` equal (or share the origin of) the identity the
    transport authenticated, e.g. the URL of the card the client fetched.
    """

    mode: Mode = "verify_if_present"
    sign_outgoing: SignOutgoing = "when_activated"
    algs: frozenset[str] = ALGORITHMS
    require_audience: bool = True
    max_clock_skew: int = 60
    max_lifetime: int = 300
    max_payload_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_signatures: int = 4
    sticky_peers: bool = True
    bind_transport_identity: bool = False

    def __post_init__(self) -> None:
        if not self.algs or not self.algs <= ALGORITHMS:
            raise ValueError("algs must be a non-empty subset of EdDSA, Ed25519, ES256")
        if self.max_clock_skew < 0 or self.max_lifetime <= 0 or self.max_signatures < 1:
            raise ValueError("limits must be positive")


@dataclass
class PolicySet:
    """The default policy, per-peer overrides, and the memory of which peers have signed."""

    default: EnvelopePolicy = field(default_factory=EnvelopePolicy)
    per_peer: Mapping[str, EnvelopePolicy] = field(default_factory=dict)
    _signed: set[str] = field(default_factory=set, repr=False)

    def for_peer(self, peer: str | None) -> EnvelopePolicy:
        """The policy for ``peer``: an exact match, then its origin, then the default."""
        if peer is None:
            return self.default
        if peer in self.per_peer:
            return self.per_peer[peer]
        origin = origin_of(peer, require_https=False)
        if origin is not None and origin in self.per_peer:
            return self.per_peer[origin]
        return self.default

    def is_sticky(self, peer: str | None) -> bool:
        """Whether ``peer`` has signed before and its policy keeps it to that."""
        return peer is not None and peer in self._signed and self.for_peer(peer).sticky_peers

    def mark_signed(self, peer: str | None) -> None:
        """Remember that ``peer`` sent a verified signature."""
        if peer is not None:
            self._signed.add(peer)
