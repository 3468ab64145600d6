"""Broken servers: each mutant violates one rule, and names the requirement ids it breaks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conformance.mutation import Call, Mutant, error_of, reason_of, result_of, walk

A2A = "A2A-"


def _ids(*names: str) -> frozenset[str]:
    return frozenset(A2A + name for name in names)


def _each_result(call: Call, body: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    walk(result_of(call, body), visit)


# -- data model ---------------------------------------------------------------------------

_KINDS = {"task": "task", "message": "message", "statusUpdate": "status-update",
          "artifactUpdate": "artifact-update"}  # fmt: skip


def _add_kind(result: Any) -> None:
    if not isinstance(result, dict):
        return
    for member, kind in _KINDS.items():
        if isinstance(result.get(member), dict):
            result[member]["kind"] = kind
    if "id" in result and "status" in result:
        result["kind"] = "task"
    for task in result.get("tasks") or []:
        task["kind"] = "task"


class KindDiscriminator(Mutant):
    """Objects carry the 0.3 ``kind`` discriminator."""

    fails = _ids("DM-KIND-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        _add_kind(result_of(call, body))
        return status, body

    def events(self, call: Call) -> Callable[[Any], list[Any]]:
        def add(event: Any) -> list[Any]:
            _add_kind(result_of(call, event))
            return [event]

        return add


def _lower_state(obj: dict[str, Any]) -> None:
    state = obj.get("state")
    if isinstance(state, str) and state.startswith("TASK_STATE_"):
        obj["state"] = state.removeprefix("TASK_STATE_").lower().replace("_", "-")


class LowercaseStates(Mutant):
    """Task states in the 0.3 spelling (``completed``, ``input-required``)."""

    fails = _ids("DM-ENUM-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        walk(body, _lower_state)
        return status, body

    def events(self, call: Call) -> Callable[[Any], list[Any]]:
        return lambda event: [walk(event, _lower_state), event][1:]


def _offset(obj: dict[str, Any]) -> None:
    value = obj.get("timestamp")
    if isinstance(value, str) and value.endswith("Z"):
        obj["timestamp"] = value[:-1] + "+00:00"


class TimestampOffsets(Mutant):
    """Timestamps end in ``+00:00`` instead of ``Z``."""

    fails = _ids("DM-TIMESTAMP-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        walk(body, _offset)
        return status, body

    def events(self, call: Call) -> Callable[[Any], list[Any]]:
        return lambda event: [walk(event, _offset), event][1:]


def _snake(obj: dict[str, Any]) -> None:
    if "contextId" in obj:
        obj["context_id"] = obj.pop("contextId")


class SnakeCaseKeys(Mutant):
    """``context_id`` instead of ``contextId`` in answers and events."""

    fails = _ids("DM-CAMEL-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if call.binding != "card":
            walk(result_of(call, body), _snake)
        return status, body

    def events(self, call: Call) -> Callable[[Any], list[Any]]:
        return lambda event: [walk(event, _snake), event][1:]


# -- JSON-RPC framing -----------------------------------------------------------------------


class EnvelopeWithoutVersion(Mutant):
    """JSON-RPC answers lack ``"jsonrpc": "2.0"``."""

    bindings = ("JSONRPC",)
    fails = _ids("JSONRPC-ENVELOPE-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if call.binding == "JSONRPC" and isinstance(body, dict):
            body.pop("jsonrpc", None)
        return status, body


class _CodeSwap(Mutant):
    """Base: JSON-RPC errors with code ``source`` come back with ``target``."""

    source = 0
    target = -32600

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        error = error_of(call, status, body) if call.path == "/" else None
        if error is not None and error.get("code") == self.source:
            error["code"] = self.target
            error.pop("data", None)
        return status, body


class ParseErrorWrongCode(_CodeSwap):
    """Invalid JSON is answered with -32600 instead of -32700."""

    bindings = ("JSONRPC",)
    fails = _ids("JSONRPC-PARSE-001")
    source = -32700


class MethodNotFoundWrongCode(_CodeSwap):
    """An unknown method is answered with -32600 instead of -32601."""

    bindings = ("JSONRPC",)
    fails = _ids("JSONRPC-METHOD-001")
    source = -32601


class NotFoundAsInternalError(_CodeSwap):
    """JSON-RPC GetTask reports a missing task as -32603 (a wrong error code)."""

    bindings = ("JSONRPC",)
    fails = _ids("CORE-GET-002", "AUTH-SCOPE-001")
    should_fail = _ids("JSONRPC-ERRINFO-001")  # the ErrorInfo would give the right reason
    source = -32001
    target = -32603

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if call.method != "GetTask":
            return status, body
        return super().response(call, status, body)


class ErrorDataObject(Mutant):
    """JSON-RPC ``error.data`` is one object, not an array."""

    bindings = ("JSONRPC",)
    fails = _ids("JSONRPC-ERRDATA-001")
    # The one object kept is the ErrorInfo: the field violations are lost with the array.
    should_fail = _ids("JSONRPC-ERRINFO-001", "CORE-VALIDATION-002")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        error = error_of(call, status, body) if call.binding == "JSONRPC" else None
        if error is not None and isinstance(error.get("data"), list) and error["data"]:
            data = dict(error["data"][0])
            data.pop("@type", None)
            error["data"] = data
        return status, body


class EventsWithWrongId(Mutant):
    """JSON-RPC stream events carry another id than the request's."""

    bindings = ("JSONRPC",)
    fails = _ids("JSONRPC-SSE-001")

    def events(self, call: Call) -> Callable[[Any], list[Any]] | None:
        if call.binding != "JSONRPC":
            return None

        def renumber(event: Any) -> list[Any]:
            event["id"] = 10_000 + int(event.get("id") or 0)
            return [event]

        return renumber


# -- HTTP+JSON framing -------------------------------------------------------------------


class RestErrorsWithoutErrorInfo(Mutant):
    """HTTP+JSON errors lack the google.rpc.ErrorInfo detail."""

    bindings = ("HTTP+JSON",)
    fails = _ids("REST-ERRINFO-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        error = error_of(call, status, body) if call.binding == "HTTP+JSON" else None
        if error is not None and isinstance(error.get("details"), list):
            error["details"] = [d for d in error["details"] if "reason" not in d]
            if not error["details"]:
                del error["details"]
        return status, body


class NotFoundWithStatus400(Mutant):
    """HTTP+JSON reports a missing task with HTTP 400 instead of 404."""

    bindings = ("HTTP+JSON",)
    fails = _ids("REST-STATUS-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        error = error_of(call, status, body) if call.binding == "HTTP+JSON" else None
        if error is not None and status == 404:
            error["code"] = 400
            return 400, body
        return status, body


class RestEventsEnveloped(Mutant):
    """HTTP+JSON stream events wrapped in JSON-RPC envelopes."""

    bindings = ("HTTP+JSON",)
    fails = _ids("REST-SSE-001")

    def events(self, call: Call) -> Callable[[Any], list[Any]] | None:
        if call.binding != "HTTP+JSON":
            return None
        return lambda event: [{"jsonrpc": "2.0", "id": 1, "result": event}]


# -- versions, extensions, capabilities ---------------------------------------------------


class NoVersionCheck(Mutant):
    """``A2A-Version`` is ignored: every request is served as 1.0."""

    fails = _ids("VER-UNSUPPORTED-001")
    should_fail = _ids("VER-ABSENT-001")

    def request(self, call: Call) -> None:
        if call.binding in ("JSONRPC", "HTTP+JSON"):
            call.headers["a2a-version"] = "1.0"


def _card(update: Callable[[dict[str, Any]], None]) -> Callable[..., Any]:
    def response(self: Mutant, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if call.binding == "card" and isinstance(body, dict):
            update(body)
        return status, body

    return response


class StreamingUndeclared(Mutant):
    """The card says ``streaming: false``, yet the server streams."""

    fails = _ids("CAP-STREAM-001")
    response = _card(lambda card: card["capabilities"].update(streaming=False))


class PushUndeclared(Mutant):
    """The card says ``pushNotifications: false``, yet push configs are served."""

    fails = _ids("CAP-PUSH-001")
    response = _card(lambda card: card["capabilities"].update(pushNotifications=False))


class RequiredExtensionIgnored(Mutant):
    """The card declares a required extension the server never enforces."""

    fails = _ids("EXT-REQUIRED-001")
    should_fail = _ids("EXT-ECHO-001")
    response = _card(
        lambda card: card["capabilities"].update(
            extensions=[{"uri": "https://example.org/ext/required/v1", "required": True}]
        )
    )


class CardWithoutVersion(Mutant):
    """The card lacks its REQUIRED ``version``."""

    bindings = ("JSONRPC",)  # a card rule: one binding shows it
    fails = _ids("CARD-FIELDS-001")
    response = _card(lambda card: card.pop("version"))


class InterfaceWithoutVersion(Mutant):
    """An interface of the card lacks ``protocolVersion``."""

    bindings = ("JSONRPC",)  # a card rule: one binding shows it
    fails = _ids("CARD-IFACE-001")
    response = _card(lambda card: card["supportedInterfaces"][1].pop("protocolVersion"))


# -- messages and tasks ----------------------------------------------------------------


def _replace_error(call: Call, status: int, body: Any, reason: str, result: Any) -> Any:
    """Turn an error with ``reason`` into a success carrying ``result``."""
    if reason_of(error_of(call, status, body)) != reason:
        return status, body
    if call.binding == "JSONRPC":
        return 200, {"jsonrpc": "2.0", "id": body.get("id"), "result": result}
    return 200, result


class MessageToTerminalAccepted(Mutant):
    """A message to a finished task is answered as if accepted."""

    fails = _ids("CORE-SEND-004")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if call.method != "SendMessage":
            return status, body
        reply = {"message": {"messageId": "m-1", "role": "ROLE_AGENT", "parts": [{"text": "ok"}]}}
        return _replace_error(call, status, body, "UNSUPPORTED_OPERATION", reply)  # type: ignore[no-any-return]


class CancelCompletedAccepted(Mutant):
    """Canceling a completed task answers with the task instead of TaskNotCancelable."""

    fails = _ids("CORE-CANCEL-002")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        if call.method != "CancelTask":
            return status, body
        task_id = (call.params or {}).get("id") or call.path.rsplit("/", 1)[-1].split(":")[0]
        task = {"id": task_id, "status": {"state": "TASK_STATE_COMPLETED"}}
        return _replace_error(call, status, body, "TASK_NOT_CANCELABLE", task)  # type: ignore[no-any-return]


class ContextMismatchAccepted(Mutant):
    """A message whose contextId differs from its task's is accepted (the id is dropped)."""

    fails = _ids("CORE-MULTI-002")

    def request(self, call: Call) -> None:
        params = call.params
        message = params.get("message") if isinstance(params, dict) else None
        if isinstance(message, dict) and message.get("taskId"):
            message.pop("contextId", None)


def _configuration(call: Call) -> dict[str, Any] | None:
    params = call.params
    if call.method != "SendMessage" or not isinstance(params, dict):
        return None
    return params.setdefault("configuration", {})  # type: ignore[no-any-return]


class ReturnImmediatelyIgnored(Mutant):
    """``returnImmediately`` is ignored: every send blocks."""

    fails = _ids("CORE-SEND-003")

    def request(self, call: Call) -> None:
        config = _configuration(call)
        if config is not None:
            config.pop("returnImmediately", None)


class BlockingReturnsEarly(Mutant):
    """A blocking send returns at once, before the task is done."""

    fails = _ids("CORE-SEND-002")

    def request(self, call: Call) -> None:
        config = _configuration(call)
        if config is not None:
            config.setdefault("returnImmediately", True)


class HistoryZeroIgnored(Mutant):
    """``historyLength: 0`` is ignored by GetTask."""

    fails = _ids("CORE-HIST-001")
    should_fail = _ids("CORE-HIST-003")

    def request(self, call: Call) -> None:
        if call.method != "GetTask":
            return
        if call.binding == "JSONRPC" and call.params.get("historyLength") == 0:
            del call.params["historyLength"]
        if call.binding == "HTTP+JSON":
            call.query = "&".join(p for p in call.query.split("&") if p != "historyLength=0")


class ValidationAsInternalError(Mutant):
    """Invalid SendMessage input is reported as an internal error."""

    fails = _ids("CORE-VALIDATION-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        error = error_of(call, status, body) if call.method == "SendMessage" else None
        if error is None or reason_of(error) != "INVALID_PARAMS":
            return status, body
        info = {"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "INTERNAL_ERROR", "domain": "a2a-protocol.org"}  # fmt: skip
        if call.binding == "JSONRPC":
            error.update(code=-32603, message="Internal error", data=[info])
            return status, body
        error.update(code=500, status="INTERNAL", message="Internal error", details=[info])
        return 500, body


# -- ListTasks -------------------------------------------------------------------------


class ListWithoutEmptyToken(Mutant):
    """The last page of ListTasks has no ``nextPageToken`` (omitted as a default)."""

    fails = _ids("LIST-FIELDS-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        result = result_of(call, body) if call.method == "ListTasks" else None
        if isinstance(result, dict) and result.get("nextPageToken") == "":
            del result["nextPageToken"]
        return status, body


class ListOldestFirst(Mutant):
    """ListTasks pages are sorted oldest first."""

    fails = _ids("LIST-ORDER-001")

    def response(self, call: Call, status: int, body: Any) -> tuple[int, Any]:
        result = result_of(call, body) if call.method == "ListTasks" else None
        if isinstance(result, dict) and isinstance(result.get("tasks"), list):
            result["tasks"].reverse()
        return status, body


class ListIncludesArtifacts(Mutant):
    """ListTasks returns artifacts even without ``includeArtifacts``."""

    fails = _ids("LIST-ARTIFACTS-001")

    def request(self, call: Call) -> None:
        if call.method != "ListTasks":
            return
        if call.binding == "JSONRPC":
            call.params["includeArtifacts"] = True
        else:
            call.query = "&".join([*filter(None, call.query.split("&")), "includeArtifacts=true"])
