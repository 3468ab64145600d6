"""BoundedStore: lifetimes, caps and eviction callbacks."""

from __future__ import annotations

import pytest

from acp.server import BoundedStore
from tests.acp.conftest import Clock


def test_ttl_cap_touch_and_callbacks(clock: Clock) -> None:
    evicted: list[str] = []
    store: BoundedStore[str, int] = BoundedStore(
        max_entries=3, ttl=10, clock=clock, on_evict=lambda k, v: evicted.append(k)
    )
    for i, key in enumerate("abcd"):
        store.put(key, i)
    assert evicted == ["a"]
    assert len(store) == 3
    assert "a" not in store
    clock.now += 5
    store.touch("b")
    store.touch("zz")  # absent: no-op
    clock.now += 6
    assert store.get("c") is None
    assert "c" in evicted
    assert store.get("b") == 1
    assert store.evict() == 1  # "d" expired too
    assert list(store) == ["b"]
    assert store.pop("b") == 1
    assert store.pop("b") is None
    clock.now += 100
    assert store.evict() >= 0
    assert len(store) == 0


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        BoundedStore(max_entries=0, ttl=1)
