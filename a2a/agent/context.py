"""The task context an agent's ``handle`` receives: how it reports work back.

Every method emits one A2A event through the runtime, which checks the state
table, stores the task, and broadcasts the event to streams and webhooks in
order.  The task itself is created lazily, by the first event the agent
emits; an agent that only returns a reply never creates one.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Protocol

from a2a.identity.envelope import VerifiedIdentity
from a2a.types import (
    Artifact,
    Message,
    Part,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
    new_id,
)

__all__ = ["ArtifactWriter", "Content", "EventSink", "TaskContext"]

Content = str | Part
"""One piece of content: text, or any :class:`Part`."""


class EventSink(Protocol):
    """The runtime side of a context (implemented by the server's task runtime)."""

    async def emit(self, event: TaskStatusUpdateEvent | TaskArtifactUpdateEvent) -> None: ...

    @property
    def task(self) -> Task | None: ...

    @property
    def task_id(self) -> str:
        """The id of the task; a runtime may make a new task's id only when first asked."""
        ...


def _parts(content: Sequence[Content]) -> list[Part]:
    return [Part(text=item) if isinstance(item, str) else item for item in content]


class TaskContext:
    """The handle an agent uses to drive its task.

    Read-only facts: :attr:`message` (the incoming message), :attr:`task_id`,
    :attr:`context_id`, :attr:`task` (the current snapshot, ``None`` until the
    first event), :attr:`state`, :attr:`history`, :attr:`caller` (the
    authenticated principal's id), :attr:`identity` (the signer of the message,
    when it came in a verified signed envelope, else ``None``),
    :attr:`extensions` (activated for this request), :attr:`metadata` (of the
    request) and :attr:`cancelled`.
    """

    def __init__(
        self,
        sink: EventSink,
        *,
        message: Message,
        task_id: str = "",
        context_id: str,
        caller: str = "",
        identity: VerifiedIdentity | None = None,
        extensions: Sequence[str] = (),
        metadata: dict[str, Any] | None = None,
        accepted_output_modes: Sequence[str] = (),
    ) -> None:
        self._sink = sink
        self.message = message
        self._task_id = task_id
        self.context_id = context_id
        self.caller = caller
        self.identity = identity
        self.extensions = tuple(extensions)
        self.metadata = dict(metadata or {})
        self.accepted_output_modes = tuple(accepted_output_modes)
        self.cancelled = False

    # -- facts ---------------------------------------------------------------

    @property
    def task_id(self) -> str:
        """The task's id; without one given, the sink's (made when first asked for).

        A turn that only replies with a Message never asks, so no id is made for it.
        """
        if not self._task_id:
            self._task_id = self._sink.task_id
        return self._task_id

    @property
    def task(self) -> Task | None:
        """The task as it stands now, or ``None`` before the first event."""
        return self._sink.task

    @property
    def state(self) -> TaskState | None:
        """The task's current state, or ``None`` before the first event."""
        task = self._sink.task
        return None if task is None else task.status.state

    @property
    def history(self) -> list[Message]:
        """Earlier messages of this task, oldest first (empty for a new task)."""
        task = self._sink.task
        return [] if task is None else list(task.history)

    @property
    def is_continuation(self) -> bool:
        """Whether this message continues a task that existed before it."""
        return bool(self.message.task_id)

    # -- status --------------------------------------------------------------

    def _agent_message(
        self, content: Message | Content | Sequence[Content] | None
    ) -> Message | None:
        if content is None:
            return None
        if isinstance(content, Message):
            updates: dict[str, Any] = {}
            if not content.context_id:
                updates["context_id"] = self.context_id
            if not content.task_id:
                updates["task_id"] = self.task_id
            if not content.message_id:
                updates["message_id"] = new_id()
            return content.model_copy(update=updates) if updates else content
        items: Sequence[Content] = [content] if isinstance(content, (str, Part)) else content
        return Message.agent(*items, context_id=self.context_id, task_id=self.task_id)

    async def status(
        self,
        state: TaskState,
        message: Message | Content | Sequence[Content] | None = None,
        *,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        """Move the task to ``state``, optionally with an agent message."""
        await self._sink.emit(
            TaskStatusUpdateEvent(
                task_id=self.task_id,
                context_id=self.context_id,
                status=TaskStatus(state=state, message=self._agent_message(message)),
                metadata=metadata,
            )
        )

    async def working(self, message: Message | Content | Sequence[Content] | None = None) -> None:
        """Report that the agent is working (optionally with a progress message)."""
        await self.status(TaskState.TASK_STATE_WORKING, message)

    async def complete(self, message: Message | Content | Sequence[Content] | None = None) -> None:
        """Finish the task successfully."""
        await self.status(TaskState.TASK_STATE_COMPLETED, message)

    async def fail(self, message: Message | Content | Sequence[Content] | None = None) -> None:
        """Finish the task as failed; the message tells the client why."""
        await self.status(TaskState.TASK_STATE_FAILED, message)

    async def reject(self, message: Message | Content | Sequence[Content] | None = None) -> None:
        """Decline the task."""
        await self.status(TaskState.TASK_STATE_REJECTED, message)

    async def ask(self, message: Message | Content | Sequence[Content]) -> None:
        """Ask the client for more input (``INPUT_REQUIRED``) and end this turn.

        The client's answer arrives as a new call of ``handle`` with the same
        task: :attr:`state` is then ``TASK_STATE_INPUT_REQUIRED`` and
        :attr:`history` holds the conversation so far.
        """
        await self.status(TaskState.TASK_STATE_INPUT_REQUIRED, message)

    async def require_auth(self, message: Message | Content | Sequence[Content]) -> None:
        """Ask the client to authenticate (``AUTH_REQUIRED``); the message says how."""
        await self.status(TaskState.TASK_STATE_AUTH_REQUIRED, message)

    # -- artifacts -----------------------------------------------------------

    async def artifact(
        self,
        *content: Content,
        artifact_id: str | None = None,
        name: str = "",
        description: str = "",
        append: bool = False,
        last_chunk: bool = False,
        metadata: dict[str, Any] | None = None,
    ) -> str:
        """Emit an artifact (or a chunk of one) and return its id.

        Without ``append`` the artifact is new, or replaces the one with the
        same id; with ``append`` its parts extend that artifact.
        """
        artifact_id = artifact_id or new_id()
        await self._sink.emit(
            TaskArtifactUpdateEvent(
                task_id=self.task_id,
                context_id=self.context_id,
                artifact=Artifact(
                    artifact_id=artifact_id,
                    name=name,
                    description=description,
                    parts=_parts(content),
                    metadata=metadata,
                ),
                append=append,
                last_chunk=last_chunk,
            )
        )
        return artifact_id

    def artifact_writer(self, *, name: str = "", description: str = "") -> ArtifactWriter:
        """Stream one artifact in chunks: ``async with task.artifact_writer() as out: ...``."""
        return ArtifactWriter(self, name=name, description=description)


class ArtifactWriter:
    """Writes one artifact chunk by chunk (``append`` after the first, ``lastChunk`` at the end)."""

    def __init__(self, task: TaskContext, *, name: str = "", description: str = "") -> None:
        self._task = task
        self._name = name
        self._description = description
        self.artifact_id = new_id()
        self._started = False
        self._finished = False

    async def write(self, *content: Content, last: bool = False) -> None:
        """Emit one chunk; ``last=True`` marks the end of the artifact."""
        if self._finished:
            raise RuntimeError("this artifact is already finished")
        await self._task.artifact(
            *content,
            artifact_id=self.artifact_id,
            name=self._name,
            description=self._description,
            append=self._started,
            last_chunk=last,
        )
        self._started = True
        self._finished = last

    async def close(self) -> None:
        """Mark the artifact finished if the last write did not (adds an empty text chunk)."""
        if not self._finished:
            await self.write("", last=True)

    async def __aenter__(self) -> ArtifactWriter:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            await self.close()
