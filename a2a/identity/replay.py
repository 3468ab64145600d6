"""Replay protection for signed envelopes: remember each ``(iss, jti)`` until it expires.

A signature is accepted once.  The cache is keyed on the signer's claims, never
on signature bytes: ECDSA signatures have a high-S twin and base64 has
spellings that lax decoders accept, so byte-keyed caches can be walked around
(identity.md §4, NEG-43).  Entries live until ``exp + skew``, so memory is
bounded by the accepted request rate times the maximum lifetime.

:class:`ReplayCache` is the interface a shared store (Redis...) implements for
several replicas; :class:`MemoryReplayCache` is the single-process version.
"""

from __future__ import annotations

import heapq
from typing import Final, Protocol

__all__ = ["DEFAULT_MAX_ENTRIES", "MemoryReplayCache", "ReplayCache", "ReplayKey"]

DEFAULT_MAX_ENTRIES: Final = 100_000
ReplayKey = tuple[str, str]
"""``(iss, jti)``."""


class ReplayCache(Protocol):
    """Where accepted ``(iss, jti)`` pairs are remembered."""

    def seen(self, key: ReplayKey, now: float) -> bool:
        """Whether ``key`` was accepted and has not expired yet (a cheap pre-check)."""
        ...

    def add(self, key: ReplayKey, expires_at: float, now: float) -> bool:
        """Record ``key`` until ``expires_at``; ``False`` if it was already there (atomic)."""
        ...


class MemoryReplayCache:
    """An in-process :class:`ReplayCache` with a size bound.

    When full, expired entries go first; if none has expired, the entry closest
    to expiry is dropped (the one whose replay window is nearly over anyway).
    """

    def __init__(self, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._expiry: dict[ReplayKey, float] = {}
        self._heap: list[tuple[float, ReplayKey]] = []

    def __len__(self) -> int:
        return len(self._expiry)

    def _purge(self, now: float) -> None:
        while self._heap and self._heap[0][0] <= now:
            expires_at, key = heapq.heappop(self._heap)
            if self._expiry.get(key) == expires_at:
                del self._expiry[key]

    def seen(self, key: ReplayKey, now: float) -> bool:
        expires_at = self._expiry.get(key)
        return expires_at is not None and expires_at > now

    def add(self, key: ReplayKey, expires_at: float, now: float) -> bool:
        self._purge(now)
        if self.seen(key, now):
            return False
        while len(self._expiry) >= self.max_entries and self._heap:
            old_expiry, old_key = heapq.heappop(self._heap)
            if self._expiry.get(old_key) == old_expiry:
                del self._expiry[old_key]
        self._expiry[key] = expires_at
        heapq.heappush(self._heap, (expires_at, key))
        return True
