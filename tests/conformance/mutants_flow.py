"""Broken servers, continued: streams, subscriptions, push configs, authentication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conformance.mutants import _ids
from tests.conformance.mutation import Call, Mutant, Raw, error_of, reason_of, result_of
from tests.conformance.servers import ALICE, BOB

_TERMINAL = {"TASK_STATE_COMPLETED", "TASK_STATE_FAILED", "TASK_STATE_CANCELED",
             "TASK_STATE_REJECTED"}  # fmt: skip


def _payload(call: Call, event: Any) -> dict[str, Any]:
    found = result_of(call, event)
    return found if isinstance(found, dict) else {}


# -- streams ---------------------------------------------------------------------------


class StreamWithoutTaskFirst(Mutant):
    """SendStreamingMessage leaves out the Task that must open the stream."""

    fails = _ids("STREAM-FIRST-001")

    def events(self, call: Call) -> Callable[[Any], list[Any]] | None:
        if call.method != "SendStreamingMessage":
            return None
        seen = []

        def drop_first_task(event: Any) -> list[Any]:
            seen.append(event)
            return [] if len(seen) == 1 and "task" in _payload(call, event) else [event]

        return drop_first_task


class StreamStaysOpen(Mutant):
    """SendStreamingMessage keeps the stream open after the task ended."""

    fails = _ids("STREAM-CLOSE-001")

    def hold(self, call: Call, sent: list[Any]) -> bool:
        if call.method != "SendStreamingMessage":
            return False
        states = [
            _payload(call, e).get("statusUpdate", {}).get("status", {}).get("state") for e in sent
        ]
        return bool(_TERMINAL & set(states))


class TwoMessagesStreamed(Mutant):
    """A direct reply is streamed twice."""

    fails = _ids("STREAM-MESSAGE-001")

    def events(self, call: Call) -> Callable[[Any], list[Any]] | None:
        if call.method != "SendStreamingMessage":
            return None
        return lambda event: [event, event] if "message" in _payload(call, event) else [event]


class ChunksWithoutAppend(Mutant):
    """Artifact chunks lose their ``append`` flag."""

    fails = _ids("STREAM-CHUNKS-001")

    def events(self, call: Call) -> Callable[[Any], list[Any]] | None:
        if call.method != "SendStreamingMessage":
            return None

        def strip(event: Any) -> list[Any]:
            _payload(call, event).get("artifactUpdate", {}).pop("append", None)
            return [event]

        return strip


# -- subscriptions -----------------------------------------------------------------------


class SubscribeWithoutSnapshot(Mutant):
    """SubscribeToTask does not begin with the task snapshot."""

    fails = _ids("SUB-FIRST-001")
    should_fail = _ids("REST-SUBSCRIBE-001")

    def events(self, call: Call) -> Callable[[Any], list[Any]] | None:
        if call.method != "SubscribeToTask":
            return None
        return lambda event: [] if "task" in _payload(call, event) else [event]


class SubscribeTerminalAccepted(Mutant):
    """Subscribing to a finished task opens an (empty) stream instead of an error."""

    fails = _ids("SUB-TERMINAL-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any] | Raw:
        error = error_of(call, status, body) if call.method == "SubscribeToTask" else None
        if reason_of(error) == "UNSUPPORTED_OPERATION":
            return Raw(200, b"text/event-stream", b"")
        return status, body


class SubscribeUnknownUnsupported(Mutant):
    """Subscribing to a missing task is answered UnsupportedOperation, not TaskNotFound."""

    fails = _ids("SUB-UNKNOWN-001", "AUTH-SCOPE-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        error = error_of(call, status, body) if call.method == "SubscribeToTask" else None
        if error is None or reason_of(error) != "TASK_NOT_FOUND":
            return status, body
        info = {"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "UNSUPPORTED_OPERATION", "domain": "a2a-protocol.org"}  # fmt: skip
        if call.binding == "JSONRPC":
            error.update(code=-32004, message="Unsupported", data=[info])
            return status, body
        error.update(code=400, status="FAILED_PRECONDITION", message="Unsupported", details=[info])
        return 400, body


# -- push --------------------------------------------------------------------------------


class PushWithoutAuthorization(Mutant):
    """Notifications are sent without the config's credentials."""

    fails = _ids("PUSH-AUTH-001")

    def request(self, call: Call) -> None:
        if call.method == "CreateTaskPushNotificationConfig" and isinstance(call.params, dict):
            call.params.pop("authentication", None)


class PushDeleteNotIdempotent(Mutant):
    """Deleting a config twice fails the second time."""

    fails = _ids("PUSH-DELETE-002")

    def __init__(self) -> None:
        self.deleted: set[str] = set()

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if call.method != "DeleteTaskPushNotificationConfig" or status >= 400:
            return status, body
        key = call.path + str(call.params)
        if key not in self.deleted:
            self.deleted.add(key)
            return status, body
        info = {"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "TASK_NOT_FOUND", "domain": "a2a-protocol.org"}  # fmt: skip
        if call.binding == "JSONRPC":
            error = {"code": -32001, "message": "Task not found", "data": [info]}
            return 200, {"jsonrpc": "2.0", "id": body.get("id"), "error": error}
        return 404, {"error": {"code": 404, "status": "NOT_FOUND", "message": "gone",
                               "details": [info]}}  # fmt: skip


# -- authentication ------------------------------------------------------------------------

_KEY = "x-api-key"


class AnonymousAccepted(Mutant):
    """Requests without credentials are served (as Alice)."""

    fails = _ids("AUTH-REJECT-001")
    should_fail = _ids("AUTH-CHALLENGE-001")

    def request(self, call: Call) -> None:
        served = call.binding in ("JSONRPC", "HTTP+JSON")
        if served and call.method != "GetExtendedAgentCard" and _KEY not in call.headers:
            call.headers[_KEY] = ALICE["X-API-Key"]


class ExtendedCardAnonymous(Mutant):
    """GetExtendedAgentCard is served without credentials."""

    fails = _ids("AUTH-EXTCARD-001")

    def request(self, call: Call) -> None:
        if call.method == "GetExtendedAgentCard" and _KEY not in call.headers:
            call.headers[_KEY] = ALICE["X-API-Key"]


class _BobSeesAlice(Mutant):
    methods: frozenset[str] = frozenset()

    def request(self, call: Call) -> None:
        if call.method in self.methods and call.headers.get(_KEY) == BOB["X-API-Key"]:
            call.headers[_KEY] = ALICE["X-API-Key"]


class ForeignTaskVisible(_BobSeesAlice):
    """Another caller's task is visible through GetTask."""

    fails = _ids("AUTH-SCOPE-001")
    methods = frozenset({"GetTask"})


class ForeignTasksListed(_BobSeesAlice):
    """ListTasks shows another caller's tasks."""

    fails = _ids("LIST-SCOPE-001")
    methods = frozenset({"ListTasks"})
