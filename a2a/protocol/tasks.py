"""Task semantics shared by servers, clients and stores (A2A §3.2, §3.4), without I/O.

* :func:`apply_event` folds a status or artifact event into a task: the one
  place where ``append``/``lastChunk`` chunks are reassembled.
* :func:`limit_history` and :func:`without_artifacts` shape what is returned.
* :func:`check_message_target` enforces the ``taskId``/``contextId`` rules.
"""

from __future__ import annotations

from a2a.errors import InvalidParamsError, UnsupportedOperationError
from a2a.protocol.states import check_transition
from a2a.types import (
    Artifact,
    Message,
    Task,
    TaskArtifactUpdateEvent,
    TaskStatusUpdateEvent,
)

__all__ = [
    "apply_artifact",
    "apply_event",
    "apply_status",
    "check_history_length",
    "check_message_target",
    "limit_history",
    "without_artifacts",
]


def apply_status(task: Task, event: TaskStatusUpdateEvent, *, check: bool = True) -> None:
    """Move ``task`` to the event's status, in place.

    The previous status message goes into ``history``, so the current one is
    never listed twice.  With ``check``, an illegal transition raises
    :class:`~a2a.errors.TaskStateError`.
    """
    if check:
        check_transition(task.status.state, event.status.state)
    previous = task.status.message
    if previous is not None:
        task.history.append(previous)
    task.status = event.status


def apply_artifact(task: Task, event: TaskArtifactUpdateEvent) -> Artifact:
    """Add, replace or extend an artifact of ``task`` in place; returns the stored artifact.

    ``append`` adds the event's parts to the artifact with the same id (A2A
    §4.2.2); without it the artifact is new or replaces the earlier one.
    """
    incoming = event.artifact
    for index, existing in enumerate(task.artifacts):
        if existing.artifact_id == incoming.artifact_id:
            if event.append:
                merged = existing.model_copy(update={"parts": [*existing.parts, *incoming.parts]})
                if incoming.metadata:
                    merged.metadata = {**(existing.metadata or {}), **incoming.metadata}
                task.artifacts[index] = merged
                return merged
            task.artifacts[index] = incoming
            return incoming
    task.artifacts.append(incoming)
    return incoming


def apply_event(
    task: Task, event: Task | Message | TaskStatusUpdateEvent | TaskArtifactUpdateEvent
) -> Task:
    """Fold any stream event into ``task`` and return the up-to-date task.

    A ``Task`` event replaces the whole snapshot; a ``Message`` joins the history.
    """
    if isinstance(event, Task):
        return event
    if isinstance(event, TaskStatusUpdateEvent):
        apply_status(task, event, check=False)
    elif isinstance(event, TaskArtifactUpdateEvent):
        apply_artifact(task, event)
    else:
        task.history.append(event)
    return task


def check_history_length(history_length: int | None) -> None:
    if history_length is not None and history_length < 0:
        raise InvalidParamsError(
            field_violations=[("historyLength", "must be zero or a positive number")]
        )


def limit_history(task: Task, history_length: int | None) -> Task:
    """``task`` with at most ``history_length`` most recent messages (A2A §3.2.4).

    ``None`` keeps everything; ``0`` drops ``history``.  Returns a shallow copy
    only when something is cut.
    """
    if history_length is None or len(task.history) <= history_length:
        return task
    kept = task.history[len(task.history) - history_length :] if history_length else []
    return task.model_copy(update={"history": kept})


def without_artifacts(task: Task) -> Task:
    """``task`` with no ``artifacts`` key on the wire (ListTasks default, A2A §3.1.4)."""
    return task.model_copy(update={"artifacts": []}) if task.artifacts else task


def check_message_target(message: Message, task: Task | None) -> None:
    """Apply the continuation rules for a message that names an existing task.

    * a terminal task takes no more messages: ``UnsupportedOperationError``;
    * a ``contextId`` different from the task's is refused (A2A §3.4.3);
    * a message without ``contextId`` inherits the task's (done by the caller).

    An unknown ``taskId`` is the caller's ``TaskNotFoundError`` to raise, since
    only it knows whether the task exists for this caller.
    """
    if task is None:
        return
    if task.status.state.is_terminal:
        raise UnsupportedOperationError(
            "Task is in a terminal state and accepts no more messages",
            metadata={"taskId": task.id, "state": task.status.state.value},
        )
    if message.context_id and task.context_id and message.context_id != task.context_id:
        raise InvalidParamsError(
            "contextId does not match the task's context",
            field_violations=[("message.contextId", "does not match the task's contextId")],
        )
