"""start_task: an agent's turn runs as its own task (eagerly where Python allows)."""

from __future__ import annotations

import asyncio
import sys

import pytest

from a2a.server.eager import EAGER, start_task


def test_eager_where_python_has_it() -> None:
    assert sys.version_info >= (3, 12) or not EAGER


async def test_the_turn_runs_in_its_own_task() -> None:
    outer = asyncio.current_task()
    seen: list[object] = []

    async def turn() -> None:
        seen.append(asyncio.current_task())
        await asyncio.sleep(0)
        seen.append(asyncio.current_task())

    task = start_task(turn())
    await task
    assert seen == [task, task]
    assert task is not outer


async def test_cancelling_reaches_the_turn() -> None:
    caught: list[str] = []

    async def stubborn() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            caught.append("cancelled")
            raise

    task = start_task(stubborn())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert caught == ["cancelled"]


async def test_task_bound_libraries_see_one_task() -> None:
    # anyio binds cancel scopes to the current task; entering and leaving one
    # across a suspension must happen in the same task (httpx does this).
    import anyio

    async def turn() -> None:
        with anyio.CancelScope():
            await asyncio.sleep(0)

    await start_task(turn())
