"""start_eagerly: run now, become a task only when waiting."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from a2a.server.eager import start_eagerly

VAR: contextvars.ContextVar[str] = contextvars.ContextVar("VAR", default="unset")


async def test_a_coroutine_that_never_waits_needs_no_task() -> None:
    seen: list[str] = []

    async def quick() -> None:
        seen.append("ran")

    assert start_eagerly(quick()) is None
    assert seen == ["ran"]


async def test_a_waiting_coroutine_continues_as_a_task() -> None:
    steps: list[str] = []
    gate = asyncio.get_running_loop().create_future()

    async def slow() -> None:
        steps.append("before")
        steps.append(await gate)
        await asyncio.sleep(0)
        steps.append("after")

    task = start_eagerly(slow())
    assert task is not None
    assert steps == ["before"]  # ran up to the first wait, synchronously
    gate.set_result("woken")
    await task
    assert steps == ["before", "woken", "after"]


async def test_cancelling_the_task_reaches_the_coroutine() -> None:
    caught: list[str] = []

    async def stubborn() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            caught.append("cancelled")
            await asyncio.sleep(0)  # cleanup may still wait
            caught.append("cleaned up")
            raise

    task = start_eagerly(stubborn())
    assert task is not None
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert caught == ["cancelled", "cleaned up"]


async def test_errors_before_and_after_the_first_wait() -> None:
    async def early() -> None:
        raise ValueError("early")

    with pytest.raises(ValueError, match="early"):
        start_eagerly(early())

    async def late() -> None:
        await asyncio.sleep(0)
        raise ValueError("late")

    task = start_eagerly(late())
    assert task is not None
    with pytest.raises(ValueError, match="late"):
        await task


async def test_context_is_copied_not_shared() -> None:
    seen: list[str] = []

    async def setter() -> None:
        VAR.set("inside")
        await asyncio.sleep(0)
        seen.append(VAR.get())

    task = start_eagerly(setter())
    assert VAR.get() == "unset"  # nothing leaks into the caller's context
    assert task is not None
    await task
    assert seen == ["inside"]  # the continuation keeps the coroutine's own context
