"""Start a coroutine at once, and make it a task only if it has to wait.

Most agent turns never wait on anything (an echo, a lookup in memory), so
giving each one its own asyncio task costs a task, a scheduling round trip
and a future for nothing.  :func:`start_eagerly` runs the coroutine up to its
first real suspension right away, in a copy of the current context, and only
then hands the rest to a task (Python 3.12 offers the same as
``asyncio.eager_task_factory``; this works on 3.10 and 3.11 too).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine, Generator
from typing import Any

__all__ = ["start_eagerly"]


def start_eagerly(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
    """Run ``coro`` until it first suspends.

    Returns ``None`` when it already finished, otherwise the task that goes on
    running it (cancel it like any task).  An exception raised before the first
    suspension propagates to the caller.
    """
    context = contextvars.copy_context()
    try:
        pending = context.run(coro.send, None)
    except StopIteration:
        return None
    # Created inside ``context``, the task runs the rest in (a copy of) it.
    loop = asyncio.get_running_loop()
    return context.run(loop.create_task, _resume(coro, pending))


async def _resume(coro: Coroutine[Any, Any, None], pending: Any) -> None:
    await _Resumed(coro, pending)


class _Resumed:
    """Awaitable that hands a started coroutine's pending yield to the driving task.

    It forwards what the task sends or throws, exactly as ``yield from`` does;
    the first value it yields is the one the coroutine yielded before it was
    handed over.
    """

    __slots__ = ("_coro", "_pending")

    def __init__(self, coro: Coroutine[Any, Any, None], pending: Any) -> None:
        self._coro = coro
        self._pending = pending

    def __await__(self) -> Generator[Any, Any, None]:
        coro, pending = self._coro, self._pending
        while True:
            try:
                sent = yield pending
            except GeneratorExit:
                coro.close()
                raise
            except BaseException as exc:  # cancellation included: the coroutine decides
                try:
                    pending = coro.throw(exc)
                except StopIteration:
                    return
            else:
                try:
                    pending = coro.send(sent)
                except StopIteration:
                    return
