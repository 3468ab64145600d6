"""Fixtures that several checks share: built once, on first use, by whichever check asks first."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

__all__ = ["SharedFixtures"]

_T = TypeVar("_T")


class SharedFixtures:
    """The base of a suite's context (A2A per binding, ACP per run): its shared fixtures."""

    def __init__(self) -> None:
        self._memo: dict[str, asyncio.Future[Any]] = {}

    async def memo(self, key: str, factory: Callable[[], Awaitable[_T]]) -> _T:
        """Run ``factory`` once per context; every caller gets its result (or its error).

        Shielded: a check that times out while waiting does not cancel the fixture
        for the others.
        """
        future = self._memo.get(key)
        if future is None:
            future = asyncio.ensure_future(factory())
            self._memo[key] = future
        result: _T = await asyncio.shield(future)
        return result

    def cancel_fixtures(self) -> None:
        """Stop fixtures still being built, at the end of a run."""
        for future in self._memo.values():
            if not future.done():
                future.cancel()
            elif not future.cancelled():
                future.exception()  # retrieved: no "never retrieved" warning
