"""Bounded in-memory stores: every entry has an owner, a lifetime and a cap.

acp-sdk keeps finished runs for an hour behind one global wake-up event, and
its resource store (session history) never evicts; a long-lived server slows
down and grows without bound.  Here each store is an insertion-ordered map
with a time-to-live and a maximum size, evicted on every insert, so memory
and per-request work stay flat however many runs a server has served.

The clock is injectable so that tests can age entries without sleeping.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

__all__ = ["BoundedStore", "Clock"]

K = TypeVar("K")
V = TypeVar("V")

Clock = Callable[[], float]


class BoundedStore(Generic[K, V]):
    """A map whose entries expire ``ttl`` seconds after their last ``put``/``touch``.

    When more than ``max_entries`` are held, the least recently stored go
    first.  ``on_evict`` is called with each evicted key and value (not for
    :meth:`pop`).
    """

    __slots__ = ("_clock", "_data", "max_entries", "on_evict", "ttl")

    def __init__(
        self,
        *,
        max_entries: int,
        ttl: float,
        clock: Clock = time.monotonic,
        on_evict: Callable[[K, V], None] | None = None,
    ) -> None:
        if max_entries < 1 or ttl <= 0:
            raise ValueError("max_entries and ttl must be positive")
        self.max_entries = max_entries
        self.ttl = ttl
        self.on_evict = on_evict
        self._clock = clock
        self._data: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[K]:
        return iter(list(self._data))

    def put(self, key: K, value: V) -> None:
        """Store ``value`` (refreshing its lifetime), then evict what is due."""
        self._data[key] = (self._clock() + self.ttl, value)
        self._data.move_to_end(key)
        self.evict()

    def touch(self, key: K) -> None:
        """Restart the lifetime of ``key`` (no-op if absent)."""
        entry = self._data.get(key)
        if entry is not None:
            self.put(key, entry[1])

    def get(self, key: K) -> V | None:
        """The live value of ``key``, or ``None``."""
        entry = self._data.get(key)
        if entry is None:
            return None
        if entry[0] <= self._clock():
            self._drop(key)
            return None
        return entry[1]

    def pop(self, key: K) -> V | None:
        """Remove ``key`` without calling ``on_evict``."""
        entry = self._data.pop(key, None)
        return None if entry is None else entry[1]

    def evict(self) -> int:
        """Drop expired entries and the oldest beyond ``max_entries``; returns the count.

        Entries are kept in expiry order, so this only looks at the front.
        """
        dropped = 0
        now = self._clock()
        while self._data:
            key, (expires, _) = next(iter(self._data.items()))
            if expires > now and len(self._data) <= self.max_entries:
                break
            self._drop(key)
            dropped += 1
        return dropped

    def _drop(self, key: K) -> None:
        entry = self._data.pop(key)
        if self.on_evict is not None:
            self.on_evict(key, entry[1])
