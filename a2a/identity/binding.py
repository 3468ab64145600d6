"""Where signed objects sit in A2A requests and results (JSON-RPC and HTTP+JSON alike).

Pure helpers for the client and server adapters: find the ``Message`` of a
``SendMessage`` request, and the Messages, Tasks and events inside a result
(``SendMessageResponse``, ``StreamResponse`` or a bare ``Task``), so that both
sides sign and verify the same objects in the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from a2a.identity.envelope import ObjectKind

__all__ = [
    "RESULT_MEMBERS",
    "SEND_METHODS",
    "SIGNED_RESULT_METHODS",
    "request_message",
    "result_objects",
]

SEND_METHODS: Final = frozenset(
    {"SendMessage", "SendStreamingMessage", "message/send", "message/stream"}
)
"""Methods (1.0 names and their 0.3 aliases) whose request carries a ``message``."""

SIGNED_RESULT_METHODS: Final = SEND_METHODS | frozenset(
    {"GetTask", "CancelTask", "SubscribeToTask", "tasks/get", "tasks/cancel", "tasks/resubscribe"}
)
"""Methods whose results hold Messages, Tasks or stream events."""

RESULT_MEMBERS: Final[dict[str, ObjectKind]] = {
    "message": "message",
    "task": "task",
    "statusUpdate": "status-update",
    "artifactUpdate": "artifact-update",
}


def request_message(params: Any, method: str) -> dict[str, Any] | None:
    """The ``message`` of a send request's params (JSON-RPC) or body (HTTP+JSON)."""
    if method not in SEND_METHODS or not isinstance(params, dict):
        return None
    message = params.get("message")
    return message if isinstance(message, dict) else None


def result_objects(result: Any) -> Iterator[tuple[dict[str, Any], str | None, ObjectKind]]:
    """``(container, member, kind)`` for each signable object of a result.

    ``member`` is the key holding the object inside ``container`` (``None``
    when the result itself is a bare ``Task``).
    """
    if not isinstance(result, dict):
        return
    found = False
    for member, kind in RESULT_MEMBERS.items():
        value = result.get(member)
        if isinstance(value, dict):
            found = True
            yield result, member, kind
    if not found and "id" in result and isinstance(result.get("status"), dict):
        yield result, None, "task"
