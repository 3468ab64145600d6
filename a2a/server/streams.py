"""What a task's readers receive: published events, in order, serialized once.

A :class:`Subscription` is one reader (a stream); a :class:`StreamItem` is one
event, shared by every reader and turned into JSON at most once.
"""

from __future__ import annotations

import asyncio
from collections import deque

from a2a.types import StreamEvent, StreamResponse, Task

__all__ = ["StreamItem", "Subscription", "snapshot"]


def snapshot(task: Task) -> Task:
    """A copy of ``task`` that later events cannot change.

    Events replace statuses and list items and append to lists, but never
    mutate an item in place, so copying the two lists is enough.
    """
    return task.model_copy(
        update={"artifacts": list(task.artifacts), "history": list(task.history)}
    )


class StreamItem:
    """One published event, serialized at most once for all its readers."""

    __slots__ = ("_json", "closes", "response")

    def __init__(self, response: StreamResponse, closes: bool) -> None:
        self.response = response
        #: Whether the stream that carries this item ends after it.
        self.closes = closes
        self._json: bytes | None = None

    @property
    def event(self) -> StreamEvent:
        """The event inside the ``StreamResponse``."""
        return self.response.payload

    @property
    def json(self) -> bytes:
        """ProtoJSON of the ``StreamResponse``."""
        if self._json is None:
            self._json = self.response.to_json()
        return self._json


class Subscription:
    """A reader of a task's events: an unbounded, ordered, closable queue."""

    __slots__ = ("_items", "_waiter", "closed")

    def __init__(self) -> None:
        self._items: deque[StreamItem] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self.closed = False

    def push(self, item: StreamItem) -> None:
        if self.closed:
            return
        self._items.append(item)
        if item.closes:
            self.closed = True
        self._wake()

    def close(self) -> None:
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def get(self, timeout: float | None = None) -> StreamItem | None:
        """The next item; ``None`` once closed and drained.

        Raises :class:`TimeoutError` if nothing arrives within ``timeout``.
        """
        while not self._items:
            if self.closed:
                return None
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await asyncio.wait_for(self._waiter, timeout)
            finally:
                self._waiter = None
        return self._items.popleft()
