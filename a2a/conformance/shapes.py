"""Lenient readers of raw A2A JSON, and error matching.

Every check is strict about its own rule and lenient about all others, so
these readers accept what a sloppy agent might send: snake_case names, 0.3
state spellings, bare results instead of wrappers.  The strict rules live in
the checks that own them (:mod:`a2a.conformance.checks.datamodel`).
"""

from __future__ import annotations

import re
from typing import Any

from a2a.errors import (
    A2AError,
    ContentTypeNotSupportedError,
    ExtendedAgentCardNotConfiguredError,
    ExtensionSupportRequiredError,
    InvalidParamsError,
    ProtocolError,
    PushNotificationNotSupportedError,
    TaskNotCancelableError,
    TaskNotFoundError,
    UnsupportedOperationError,
    VersionNotSupportedError,
)
from a2a.types import TaskState

__all__ = [
    "ERROR_INFO",
    "INTERRUPTED",
    "STREAM_MEMBERS",
    "TERMINAL",
    "artifacts_of",
    "error_info",
    "event_kind",
    "event_state",
    "event_task_id",
    "has_error_info",
    "history_of",
    "matches",
    "member",
    "parse_state",
    "rest_forms",
    "result_kind",
    "state_of",
    "text_of",
]

S = TaskState
TERMINAL = frozenset(
    {S.TASK_STATE_COMPLETED, S.TASK_STATE_FAILED, S.TASK_STATE_CANCELED, S.TASK_STATE_REJECTED}
)
INTERRUPTED = frozenset({S.TASK_STATE_INPUT_REQUIRED, S.TASK_STATE_AUTH_REQUIRED})
STREAM_MEMBERS = ("task", "message", "statusUpdate", "artifactUpdate")
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"

_NUMBERS = {
    0: "UNSPECIFIED",
    1: "SUBMITTED",
    2: "WORKING",
    3: "COMPLETED",
    4: "FAILED",
    5: "CANCELED",
    6: "INPUT_REQUIRED",
    7: "REJECTED",
    8: "AUTH_REQUIRED",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def member(obj: Any, name: str, default: Any = None) -> Any:
    """``obj[name]`` for a camelCase name, also found under its snake_case spelling."""
    if not isinstance(obj, dict):
        return default
    if name in obj:
        return obj[name]
    return obj.get(_snake(name), default)


def parse_state(value: Any) -> TaskState | None:
    """A task state however spelled: ``TASK_STATE_INPUT_REQUIRED``, ``input-required``, 6."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        name = _NUMBERS.get(value)
    elif isinstance(value, str):
        name = value.upper().replace("-", "_").removeprefix("TASK_STATE_")
        name = "CANCELED" if name == "CANCELLED" else name
    else:
        return None
    try:
        state = TaskState("TASK_STATE_" + name) if name else None
    except ValueError:
        return None
    return None if state is S.TASK_STATE_UNSPECIFIED else state


def state_of(obj: Any) -> TaskState | None:
    """The state of a Task or TaskStatusUpdateEvent (``status.state``)."""
    return parse_state(member(member(obj, "status"), "state"))


def result_kind(result: Any) -> tuple[str | None, Any]:
    """``("task", task)`` / ``("message", msg)`` from a SendMessage result, however wrapped."""
    if not isinstance(result, dict):
        return None, None
    for key in ("task", "message"):
        if isinstance(result.get(key), dict):
            return key, result[key]
    if "status" in result and "id" in result:
        return "task", result  # a bare 0.3-style task
    if "role" in result and "parts" in result:
        return "message", result
    return None, None


def event_kind(payload: Any) -> tuple[str | None, Any]:
    """The member a StreamResponse sets and its content (``(None, None)`` if none)."""
    if not isinstance(payload, dict):
        return None, None
    for key in STREAM_MEMBERS:
        value = member(payload, key)
        if isinstance(value, dict):
            return key, value
    return None, None


def event_state(payload: Any) -> TaskState | None:
    """The task state an event reports (task snapshots and status updates), else None."""
    kind, content = event_kind(payload)
    if kind in ("task", "statusUpdate"):
        return state_of(content)
    return None


def event_task_id(payload: Any) -> str | None:
    """The task an event is about (``id`` of a task, ``taskId`` of the others)."""
    kind, content = event_kind(payload)
    value = member(content, "id" if kind == "task" else "taskId")
    return value if isinstance(value, str) else None


def artifacts_of(task: Any) -> list[dict[str, Any]]:
    value = member(task, "artifacts", [])
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def history_of(task: Any) -> list[dict[str, Any]]:
    value = member(task, "history", [])
    return [m for m in value if isinstance(m, dict)] if isinstance(value, list) else []


def text_of(obj: Any) -> str:
    """The text parts of a Message or Artifact, joined."""
    parts = member(obj, "parts", [])
    if not isinstance(parts, list):
        return ""
    return "".join(str(p["text"]) for p in parts if isinstance(p, dict) and "text" in p)


def error_info(error: A2AError | None) -> dict[str, Any] | None:
    """The ``google.rpc.ErrorInfo`` detail of an error, if it has one."""
    for detail in getattr(error, "details", None) or []:
        if isinstance(detail, dict) and detail.get("@type") == ERROR_INFO:
            return detail
    return None


def has_error_info(error: A2AError | None) -> bool:
    return error_info(error) is not None


# HTTP statuses and google.rpc status names an error may use on HTTP+JSON, 1.0.1 first
# and 1.0.0 after (A2A §5.4: 1.0.0 used 409, 415, 502 and UNIMPLEMENTED).
_REST_FORMS: dict[type[ProtocolError], tuple[frozenset[int], frozenset[str]]] = {
    TaskNotFoundError: (frozenset({404}), frozenset({"NOT_FOUND"})),
    TaskNotCancelableError: (frozenset({400, 409}), frozenset({"FAILED_PRECONDITION"})),
    PushNotificationNotSupportedError: (
        frozenset({400}),
        frozenset({"FAILED_PRECONDITION", "UNIMPLEMENTED"}),
    ),
    UnsupportedOperationError: (
        frozenset({400}),
        frozenset({"FAILED_PRECONDITION", "UNIMPLEMENTED"}),
    ),
    ContentTypeNotSupportedError: (frozenset({400, 415}), frozenset({"INVALID_ARGUMENT"})),
    ExtendedAgentCardNotConfiguredError: (frozenset({400}), frozenset({"FAILED_PRECONDITION"})),
    ExtensionSupportRequiredError: (frozenset({400}), frozenset({"FAILED_PRECONDITION"})),
    VersionNotSupportedError: (
        frozenset({400}),
        frozenset({"FAILED_PRECONDITION", "UNIMPLEMENTED"}),
    ),
    InvalidParamsError: (frozenset({400}), frozenset({"INVALID_ARGUMENT"})),
}


def rest_forms(cls: type[ProtocolError]) -> tuple[frozenset[int], frozenset[str]]:
    """The HTTP statuses and google.rpc status names ``cls`` may use on HTTP+JSON."""
    return _REST_FORMS.get(cls, (frozenset({cls.http_status}), frozenset({cls.grpc_status})))


def matches(error: A2AError | None, cls: type[ProtocolError]) -> bool:
    """Whether ``error`` is ``cls`` as the wire said it, by code or ``ErrorInfo.reason``.

    An HTTP+JSON error without an ``ErrorInfo`` (its absence is judged by
    A2A-REST-ERRINFO-001) is accepted when its status and google.rpc status
    fit ``cls``.
    """
    if isinstance(error, cls):
        return True
    if not isinstance(error, ProtocolError) or has_error_info(error):
        return False
    statuses, names = rest_forms(cls)
    raw = getattr(error, "grpc_status", "")
    return error.http_status in statuses and raw in names
