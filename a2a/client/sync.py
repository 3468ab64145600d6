"""A blocking wrapper around :class:`~a2a.client.Client` for scripts and notebooks.

The async client runs on an event loop in a private daemon thread, so the
wrapper also works where a loop is already running (Jupyter)::

    with SyncClient("http://localhost:8000") as agent:
        print(agent.send_text("hello").text)
        for event in agent.stream("count to three"):
            print(event)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from types import TracebackType
from typing import Any, TypeVar

from a2a.client.client import Client
from a2a.client.results import EventStream, SendResult
from a2a.types import (
    AgentCard,
    AgentInterface,
    ListTaskPushNotificationConfigsResponse,
    ListTasksResponse,
    Message,
    StreamEvent,
    Task,
    TaskPushNotificationConfig,
)

__all__ = ["SyncClient", "SyncEventStream"]

_T = TypeVar("_T")


class _LoopThread:
    """An event loop running forever in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="a2a-sync-client", daemon=True
        )
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, _T]) -> _T:
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


class SyncEventStream:
    """A blocking iterator over an :class:`~a2a.client.EventStream`."""

    def __init__(self, runner: _LoopThread, stream: EventStream) -> None:
        self._runner = runner
        self._stream = stream

    def __iter__(self) -> Iterator[StreamEvent]:
        return self

    def __next__(self) -> StreamEvent:
        try:
            return self._runner.run(self._stream.__anext__())
        except StopAsyncIteration:
            raise StopIteration from None

    @property
    def task(self) -> Task | None:
        return self._stream.task

    @property
    def message(self) -> Message | None:
        return self._stream.message

    @property
    def result(self) -> SendResult:
        return self._stream.result

    @property
    def text(self) -> str:
        return self._stream.text

    def collect(self) -> SendResult:
        return self._runner.run(self._stream.collect())

    def close(self) -> None:
        self._runner.run(self._stream.aclose())

    def __enter__(self) -> SyncEventStream:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class SyncClient:
    """The same methods as :class:`~a2a.client.Client`, blocking; same constructor arguments."""

    def __init__(self, url: str | None = None, **options: Any) -> None:
        self._runner = _LoopThread()

        async def make() -> Client:
            return Client(url, **options)

        try:
            self._client = self._runner.run(make())
        except BaseException:
            self._runner.stop()
            raise

    @property
    def client(self) -> Client:
        """The underlying async client."""
        return self._client

    @property
    def card(self) -> AgentCard | None:
        return self._client.card

    @property
    def interface(self) -> AgentInterface:
        return self._client.interface

    def open(self) -> SyncClient:
        self._runner.run(self._client.open())
        return self

    def close(self) -> None:
        try:
            self._runner.run(self._client.aclose())
        finally:
            self._runner.stop()

    def __enter__(self) -> SyncClient:
        try:
            return self.open()
        except BaseException:
            self.close()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: Any, **options: Any) -> SendResult:
        return self._runner.run(self._client.send(message, **options))

    def send_text(self, text: str, **options: Any) -> SendResult:
        return self._runner.run(self._client.send_text(text, **options))

    def stream(self, message: Any, **options: Any) -> SyncEventStream:
        return SyncEventStream(self._runner, self._client.stream(message, **options))

    def subscribe(self, task_id: str) -> SyncEventStream:
        return SyncEventStream(self._runner, self._client.subscribe(task_id))

    def get_task(self, task_id: str, **options: Any) -> Task:
        return self._runner.run(self._client.get_task(task_id, **options))

    def list_tasks(self, **options: Any) -> ListTasksResponse:
        return self._runner.run(self._client.list_tasks(**options))

    def iter_tasks(self, **filters: Any) -> Iterator[Task]:
        token = ""
        while True:
            page = self.list_tasks(page_token=token, **filters)
            yield from page.tasks
            token = page.next_page_token
            if not token:
                return

    def cancel_task(self, task_id: str, **options: Any) -> Task:
        return self._runner.run(self._client.cancel_task(task_id, **options))

    def create_push_config(
        self, task_id: str, url: str, **options: Any
    ) -> TaskPushNotificationConfig:
        return self._runner.run(self._client.create_push_config(task_id, url, **options))

    def get_push_config(self, task_id: str, config_id: str) -> TaskPushNotificationConfig:
        return self._runner.run(self._client.get_push_config(task_id, config_id))

    def list_push_configs(
        self, task_id: str, **options: Any
    ) -> ListTaskPushNotificationConfigsResponse:
        return self._runner.run(self._client.list_push_configs(task_id, **options))

    def delete_push_config(self, task_id: str, config_id: str) -> None:
        self._runner.run(self._client.delete_push_config(task_id, config_id))

    def get_extended_card(self) -> AgentCard:
        return self._runner.run(self._client.get_extended_card())
