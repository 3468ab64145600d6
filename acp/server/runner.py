"""Running one agent for one run: the I/O side of :class:`acp.protocol.RunLog`.

A :class:`RunHandle` owns a run's log, the asyncio task that drives the
agent, and the future an awaiting run waits on.  Readers (sync responses,
streams) wait for "something changed" on an event that exists only while
someone waits, so a run nobody watches pays nothing for notification.

Lifetimes are bounded: the task ends with the agent, an await ends with a
resume, a cancel or ``await_timeout``; a done-callback guarantees that a run
whose task ended (even one cancelled before it started) is terminal.  No
watcher outlives its run (the leak that makes acp-sdk slow down, ``spec/acp.md``).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from pydantic import BaseModel

from acp.errors import ACPError, RunConflictError, RunStateError
from acp.protocol import RunLog
from acp.server.agent import Agent, RunContext
from acp.types import (
    Error,
    ErrorCode,
    Message,
    MessageAwaitRequest,
    MessageAwaitResume,
    MessagePart,
    RunStatus,
)

__all__ = ["RunHandle"]

logger = logging.getLogger("acp.server")

_AGENT_FAILED = Error(code=ErrorCode.SERVER_ERROR.value, message="The agent failed")
_AWAIT_TIMEOUT = Error(
    code=ErrorCode.SERVER_ERROR.value,
    message="The run timed out waiting for the client to resume it",
    data={"reason": "await_timeout"},
)
_TOO_MANY_EVENTS = Error(
    code=ErrorCode.SERVER_ERROR.value,
    message="The run produced more events than the server allows",
    data={"reason": "max_events"},
)


class _Fail(Exception):
    """Internal: end the run as failed with ``error``."""

    def __init__(self, error: Error) -> None:
        self.error = error


class RunHandle:
    """A live run: its log, its task, and the means to wait for it."""

    __slots__ = (
        "_changed",
        "_history",
        "_resume",
        "agent",
        "await_timeout",
        "log",
        "max_events",
        "on_complete",
        "on_finish",
        "owner",
        "task",
    )

    def __init__(
        self,
        log: RunLog,
        agent: Agent,
        *,
        await_timeout: float,
        max_events: int,
        owner: str | None = None,
        history: Callable[[], Awaitable[list[Message]]] | None = None,
        on_complete: Callable[[RunHandle], None] | None = None,
        on_finish: Callable[[RunHandle], None] | None = None,
    ) -> None:
        self.log = log
        self.agent = agent
        self.await_timeout = await_timeout
        self.max_events = max_events
        self.owner = owner
        self.on_complete = on_complete
        self.on_finish = on_finish
        self.task: asyncio.Task[None] | None = None
        self._history = history
        self._changed: asyncio.Event | None = None
        self._resume: asyncio.Future[MessageAwaitResume] | None = None

    # -- waiting ---------------------------------------------------------

    def notify(self) -> None:
        """Wake every reader waiting for a change."""
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def changed(self) -> None:
        """Wait for the next change of the log."""
        if self._changed is None:
            self._changed = asyncio.Event()
        await self._changed.wait()

    async def wait_paused(self) -> None:
        """Wait until the run is awaiting or terminal."""
        while not self.log.paused:
            await self.changed()

    async def follow(self, start: int) -> AsyncIterator[list[bytes]]:
        """Batches of encoded events from index ``start`` until the run pauses."""
        position = start
        while True:
            events = self.log.events
            if len(events) > position:
                batch = events[position:]
                position += len(batch)
                yield batch
                continue
            if self.log.paused:
                return
            await self.changed()

    # -- driving ---------------------------------------------------------

    def start(self, input: list[Message], context: RunContext) -> None:
        """Schedule the agent; the run stays ``created`` until the task first runs."""
        self.task = asyncio.get_running_loop().create_task(self._drive(input, context))
        self.task.add_done_callback(self._task_done)

    async def history(self) -> list[Message]:
        return [] if self._history is None else await self._history()

    async def _drive(self, input: list[Message], context: RunContext) -> None:
        log = self.log
        source: Any = None
        try:
            log.transition(RunStatus.IN_PROGRESS)
            self.notify()
            source = self.agent.handler(input, context)
            if inspect.isasyncgen(source):
                reply: Any = None
                while True:
                    try:
                        item = await source.asend(reply)
                    except StopAsyncIteration:
                        break
                    reply = await self.emit(item)
            else:
                result = await source
                for item in result if isinstance(result, (list, tuple)) else (result,):
                    await self.emit(item)
            if log.status is RunStatus.CANCELLING:
                # Cancelled after the agent's last await: it never saw the CancelledError.
                raise asyncio.CancelledError
            log.flush()
            if self.on_complete is not None:
                self.on_complete(self)
            log.transition(RunStatus.COMPLETED)
        except asyncio.CancelledError:
            # Our own task, cancelled by a cancel request or by server shutdown.
            self._end(RunStatus.CANCELLED)
        except _Fail as fail:
            self._end(RunStatus.FAILED, fail.error)
        except ACPError as exc:
            self._end(
                RunStatus.FAILED, Error(code=exc.code_text, message=exc.message, data=exc.data)
            )
        except Exception:
            logger.exception("agent %s failed in run %s", self.agent.name, log.run.run_id)
            self._end(RunStatus.FAILED, _AGENT_FAILED)
        finally:
            if inspect.isasyncgen(source):
                await _close(source)
            self.notify()

    def _end(self, status: RunStatus, error: Error | None = None) -> None:
        if self.log.status.is_terminal:
            return
        if self.log.status is RunStatus.CANCELLING:
            status, error = (RunStatus.CANCELLED, None) if error is None else (status, error)
        elif status is RunStatus.CANCELLED:
            # Cancelled without a request (server shutdown): record the request first.
            self.log.transition(RunStatus.CANCELLING)
        self.log.transition(status, error=error)

    def _task_done(self, task: asyncio.Task[None]) -> None:
        # A task cancelled before its first step never ran _drive's handlers.
        if not self.log.status.is_terminal:
            self._end(RunStatus.CANCELLED)
        self.notify()
        on_finish = self.on_finish
        # Keep only bytes from now on; drop closures over input and session.
        self.log.freeze()
        self.task = None
        self._history = self.on_complete = self.on_finish = None
        if on_finish is not None:
            on_finish(self)

    async def emit(self, item: Any) -> Any:
        """Apply one agent output to the log; returns what an await resumes with."""
        log = self.log
        if len(log.events) >= self.max_events:
            raise _Fail(_TOO_MANY_EVENTS)
        if isinstance(item, str):
            log.part(MessagePart(content=item))
        elif isinstance(item, MessagePart):
            log.part(item)
        elif isinstance(item, Message):
            log.message(item)
        elif item is None:
            log.flush()
        elif isinstance(item, MessageAwaitRequest):
            return await self._await(item)
        elif isinstance(item, Error):
            raise _Fail(item)
        elif isinstance(item, BaseException):
            raise item
        elif isinstance(item, BaseModel):
            log.generic(item.model_dump(mode="json"))
        elif isinstance(item, dict):
            log.generic(item)
        else:
            raise TypeError(f"an agent cannot yield {type(item).__name__}")
        self.notify()
        return None

    async def _await(self, request: MessageAwaitRequest) -> MessageAwaitResume:
        if self.log.status is RunStatus.CANCELLING:
            raise asyncio.CancelledError  # cancelled before it could ask: no await
        self.log.await_input(request)
        self._resume = asyncio.get_running_loop().create_future()
        self.notify()
        try:
            return await asyncio.wait_for(self._resume, self.await_timeout)
        except asyncio.TimeoutError:
            raise _Fail(_AWAIT_TIMEOUT) from None
        finally:
            self._resume = None

    # -- client requests ---------------------------------------------------

    def resume(self, answer: MessageAwaitResume) -> None:
        """Answer the pending await; :class:`RunConflictError` unless the run is awaiting."""
        log = self.log
        if log.status is not RunStatus.AWAITING or self._resume is None or self._resume.done():
            raise RunConflictError(
                f"Run {log.run.run_id} is {log.status.value}; only an awaiting run can be resumed"
            )
        log.transition(RunStatus.IN_PROGRESS)
        self._resume.set_result(answer)
        self.notify()

    def cancel(self) -> None:
        """Request cancellation; idempotent while cancelling or cancelled."""
        log = self.log
        if log.status in (RunStatus.CANCELLING, RunStatus.CANCELLED):
            return
        if log.status.is_terminal:
            raise RunConflictError(
                f"Run {log.run.run_id} is {log.status.value} and cannot be cancelled"
            )
        try:
            log.transition(RunStatus.CANCELLING)
        except RunStateError as exc:  # pragma: no cover - guarded by the checks above
            raise RunConflictError(str(exc)) from None
        if self.task is not None:
            self.task.cancel()
        self.notify()


async def _close(source: Any) -> None:
    try:
        await source.aclose()
    except (Exception, asyncio.CancelledError):
        # An agent that misbehaves while being closed must not break the run record.
        logger.debug("agent generator raised while closing", exc_info=True)
