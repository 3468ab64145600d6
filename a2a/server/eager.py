"""Start an agent's turn as a task that runs at once where Python allows it.

Most agent turns never wait on anything (an echo, a lookup in memory).  On
Python 3.12 and later the task starts *eagerly*: it runs up to its first real
suspension right away, as the task it is (so ``asyncio.current_task()`` and
libraries that bind state to the current task, such as anyio cancel scopes,
see the right one), and costs no scheduling round trip when it never waits.
Older Pythons have no eager tasks; there the turn is an ordinary task.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from typing import Any

__all__ = ["EAGER", "start_task"]

#: Whether tasks start eagerly on this Python.
EAGER = sys.version_info >= (3, 12)


def start_task(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Run ``coro`` as a task, eagerly where supported (it may be done on return)."""
    loop = asyncio.get_running_loop()
    if EAGER:
        return asyncio.Task(coro, loop=loop, eager_start=True)  # type: ignore[call-arg,unused-ignore]
    return loop.create_task(coro)
