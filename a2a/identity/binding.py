"""Where signed objects sit in A2A requests and results (JSON-RPC and HTTP+JSON alike).

Pure helpers for the client and server adapters: find the ``Message`` of a
``SendMessage`` request, and the Messages, Tasks and events inside a result
(``SendMessageResponse``, ``StreamResponse`` or a bare ``Task``), so that both
sides sign and verify the same objects in the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, Final

from a2a.identity.envelope import ObjectKind

__all__ = [
    "RESULT_MEMBERS",
    "SEND_METHODS",
    "SIGNED_RESULT_METHODS",
    "ObjectSigner",
    "SSEResultSigner",
    "request_message",
    "result_objects",
    "sign_result_document",
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


ObjectSigner = Callable[[dict[str, Any], ObjectKind], dict[str, Any]]
"""``sign(obj, kind) -> signed copy``, e.g. ``EnvelopeSigner.sign`` with its options bound."""


def sign_result_document(data: bytes, sign: ObjectSigner, *, jsonrpc: bool) -> bytes:
    """Sign the objects of a serialized result (a JSON-RPC response, or an HTTP+JSON body).

    Returns ``data`` unchanged when it holds nothing to sign (errors, other results).
    """
    try:
        document = json.loads(data)
    except ValueError:
        return data
    result = document.get("result") if jsonrpc and isinstance(document, dict) else document
    changed = False
    for container, member, kind in list(result_objects(result)):
        target = container[member] if member is not None else container
        signed = sign(target, kind)
        if member is None:
            container.clear()
            container.update(signed)
        else:
            container[member] = signed
        changed = True
    if not changed:
        return data
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


class SSEResultSigner:
    """Signs the results carried by an SSE stream, fed chunk by chunk.

    Events may be split across chunks; comments (keep-alives) and ``id``/
    ``event`` fields pass through untouched.
    """

    def __init__(self, sign: ObjectSigner, *, jsonrpc: bool) -> None:
        self.sign = sign
        self.jsonrpc = jsonrpc
        self.pending = b""

    def feed(self, chunk: bytes) -> bytes:
        """The complete events of ``pending + chunk``, signed; the rest is kept."""
        self.pending += chunk
        *events, self.pending = self.pending.split(b"\n\n")
        out = []
        for event in events:
            lines = event.split(b"\n")
            data = b"\n".join(line[5:].lstrip(b" ") for line in lines if line.startswith(b"data:"))
            if not data:
                out.append(event + b"\n\n")
                continue
            others = [line for line in lines if not line.startswith(b"data:")]
            signed = sign_result_document(data, self.sign, jsonrpc=self.jsonrpc)
            out.append(b"\n".join([*others, b"data: " + signed]) + b"\n\n")
        return b"".join(out)
