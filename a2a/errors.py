"""One exception tree for the whole library.

The class a server raises is the class a client re-raises after decoding the
wire error, whichever binding carried it::

    A2AError
    ├── ProtocolError                  an error with a code on the wire
    │   ├── JSONParseError             -32700  400
    │   ├── InvalidRequestError        -32600  400
    │   │   └── PayloadTooLargeError           413
    │   ├── MethodNotFoundError        -32601  404
    │   │   └── HTTPMethodNotAllowedError      405  (HTTP+JSON only)
    │   ├── InvalidParamsError         -32602  400  (BadRequest field violations)
    │   ├── InternalError              -32603  500
    │   ├── TaskNotFoundError          -32001  404  TASK_NOT_FOUND
    │   ├── TaskNotCancelableError     -32002  400  TASK_NOT_CANCELABLE
    │   ├── PushNotificationNotSupportedError
    │   │                              -32003  400  PUSH_NOTIFICATION_NOT_SUPPORTED
    │   ├── UnsupportedOperationError  -32004  400  UNSUPPORTED_OPERATION
    │   ├── ContentTypeNotSupportedError
    │   │                              -32005  400  CONTENT_TYPE_NOT_SUPPORTED
    │   ├── InvalidAgentResponseError  -32006  500  INVALID_AGENT_RESPONSE
    │   ├── ExtendedAgentCardNotConfiguredError
    │   │                              -32007  400  EXTENDED_AGENT_CARD_NOT_CONFIGURED
    │   ├── ExtensionSupportRequiredError
    │   │                              -32008  400  EXTENSION_SUPPORT_REQUIRED
    │   ├── VersionNotSupportedError   -32009  400  VERSION_NOT_SUPPORTED
    │   └── UnknownProtocolError       any other code, kept as received
    ├── AuthenticationError            HTTP 401, before any dispatch
    │   └── PermissionDeniedError      HTTP 403
    ├── TaskStateError                 an agent tried an illegal task transition
    └── ClientError                    raised only on the client side
        ├── TransportError             connection failed, or the peer answered garbage
        └── TimeoutError_              a user-set limit expired

Codes, HTTP statuses and reasons follow A2A 1.0.1 §5.4.  Clients decode by
JSON-RPC code or ``ErrorInfo.reason``, never by HTTP status alone, because
1.0.0 and 1.0.1 map some errors to different statuses.

Messages put on the wire are the class's fixed text or one the code chose on
purpose; text from an unexpected internal exception never reaches the wire.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "A2A_ERROR_DOMAIN",
    "A2AError",
    "AuthenticationError",
    "ClientError",
    "ContentTypeNotSupportedError",
    "ExtendedAgentCardNotConfiguredError",
    "ExtensionSupportRequiredError",
    "HTTPMethodNotAllowedError",
    "InternalError",
    "InvalidAgentResponseError",
    "InvalidParamsError",
    "InvalidRequestError",
    "JSONParseError",
    "MethodNotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "ProtocolError",
    "PushNotificationNotSupportedError",
    "TaskNotCancelableError",
    "TaskNotFoundError",
    "TaskStateError",
    "TimeoutError_",
    "TransportError",
    "UnknownProtocolError",
    "UnsupportedOperationError",
    "VersionNotSupportedError",
    "error_from_jsonrpc",
    "error_from_rest",
    "register_error",
]

A2A_ERROR_DOMAIN = "a2a-protocol.org"
ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo"
BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest"


class A2AError(Exception):
    """Base of every error this library raises on purpose."""

    default_message: ClassVar[str] = "A2A error"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class ProtocolError(A2AError):
    """An error that travels on the wire with a JSON-RPC code and an HTTP status.

    ``metadata`` goes into ``google.rpc.ErrorInfo.metadata`` (string values
    only); ``details`` holds any further typed detail objects, each with
    ``@type``, as received or to be sent.
    """

    code: ClassVar[int] = -32603
    http_status: ClassVar[int] = 500
    grpc_status: ClassVar[str] = "INTERNAL"
    reason: ClassVar[str | None] = None
    domain: ClassVar[str] = A2A_ERROR_DOMAIN

    def __init__(
        self,
        message: str | None = None,
        *,
        metadata: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.metadata: dict[str, str] = dict(metadata or {})
        self.details: list[dict[str, Any]] = list(details or [])

    def detail_objects(self) -> list[dict[str, Any]]:
        """The typed details to send: ``ErrorInfo`` first when the error has a reason."""
        out: list[dict[str, Any]] = []
        if self.reason is not None:
            info: dict[str, Any] = {"@type": ERROR_INFO_TYPE, "reason": self.reason}
            info["domain"] = self.domain
            if self.metadata:
                info["metadata"] = self.metadata
            out.append(info)
        out.extend(d for d in self.details if d.get("@type") != ERROR_INFO_TYPE)
        return out

    def to_jsonrpc(self) -> dict[str, Any]:
        """The JSON-RPC ``error`` member: ``data`` is an array of ``@type`` objects."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        details = self.detail_objects()
        if details:
            error["data"] = details
        return error

    def to_rest(self) -> tuple[int, dict[str, Any]]:
        """HTTP status and ``google.rpc.Status`` body for the HTTP+JSON binding."""
        status: dict[str, Any] = {
            "code": self.http_status,
            "status": self.grpc_status,
            "message": self.message,
        }
        details = self.detail_objects()
        if details:
            status["details"] = details
        return self.http_status, {"error": status}


class JSONParseError(ProtocolError):
    code = -32700
    http_status = 400
    grpc_status = "INVALID_ARGUMENT"
    default_message = "Invalid JSON payload"


class InvalidRequestError(ProtocolError):
    code = -32600
    http_status = 400
    grpc_status = "INVALID_ARGUMENT"
    default_message = "Request payload validation error"


class PayloadTooLargeError(InvalidRequestError):
    """A request body over the server's size limit (HTTP 413)."""

    http_status = 413
    grpc_status = "RESOURCE_EXHAUSTED"
    default_message = "Request payload is too large"


class MethodNotFoundError(ProtocolError):
    code = -32601
    http_status = 404
    grpc_status = "UNIMPLEMENTED"
    default_message = "Method not found"


class HTTPMethodNotAllowedError(MethodNotFoundError):
    """An HTTP+JSON path that exists, called with a verb it does not accept."""

    http_status = 405
    default_message = "HTTP method not allowed for this path"

    def __init__(self, message: str | None = None, *, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.allowed = allowed


class InvalidParamsError(ProtocolError):
    """Invalid input; ``field_violations`` names each bad field (``google.rpc.BadRequest``)."""

    code = -32602
    http_status = 400
    grpc_status = "INVALID_ARGUMENT"
    default_message = "Invalid parameters"

    def __init__(
        self,
        message: str | None = None,
        *,
        field_violations: list[tuple[str, str]] | None = None,
        metadata: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message, metadata=metadata, details=details)
        self.field_violations = list(field_violations or [])
        if not self.field_violations:
            for detail in self.details:
                if detail.get("@type") == BAD_REQUEST_TYPE:
                    for v in detail.get("fieldViolations") or []:
                        if isinstance(v, dict):
                            self.field_violations.append(
                                (str(v.get("field", "")), str(v.get("description", "")))
                            )

    def detail_objects(self) -> list[dict[str, Any]]:
        out = [d for d in super().detail_objects() if d.get("@type") != BAD_REQUEST_TYPE]
        if self.field_violations:
            out.append(
                {
                    "@type": BAD_REQUEST_TYPE,
                    "fieldViolations": [
                        {"field": f, "description": d} for f, d in self.field_violations
                    ],
                }
            )
        return out


class InternalError(ProtocolError):
    code = -32603
    http_status = 500
    grpc_status = "INTERNAL"
    default_message = "Internal error"


class TaskNotFoundError(ProtocolError):
    code = -32001
    http_status = 404
    grpc_status = "NOT_FOUND"
    reason = "TASK_NOT_FOUND"
    default_message = "Task not found"


class TaskNotCancelableError(ProtocolError):
    code = -32002
    http_status = 400
    grpc_status = "FAILED_PRECONDITION"
    reason = "TASK_NOT_CANCELABLE"
    default_message = "Task cannot be canceled"


class PushNotificationNotSupportedError(ProtocolError):
    code = -32003
    http_status = 400
    grpc_status = "FAILED_PRECONDITION"
    reason = "PUSH_NOTIFICATION_NOT_SUPPORTED"
    default_message = "Push notifications are not supported"


class UnsupportedOperationError(ProtocolError):
    code = -32004
    http_status = 400
    grpc_status = "FAILED_PRECONDITION"
    reason = "UNSUPPORTED_OPERATION"
    default_message = "This operation is not supported"


class ContentTypeNotSupportedError(ProtocolError):
    code = -32005
    http_status = 400
    grpc_status = "INVALID_ARGUMENT"
    reason = "CONTENT_TYPE_NOT_SUPPORTED"
    default_message = "Incompatible content types"


class InvalidAgentResponseError(ProtocolError):
    code = -32006
    http_status = 500
    grpc_status = "INTERNAL"
    reason = "INVALID_AGENT_RESPONSE"
    default_message = "Invalid agent response"


class ExtendedAgentCardNotConfiguredError(ProtocolError):
    code = -32007
    http_status = 400
    grpc_status = "FAILED_PRECONDITION"
    reason = "EXTENDED_AGENT_CARD_NOT_CONFIGURED"
    default_message = "Extended agent card is not configured"


class ExtensionSupportRequiredError(ProtocolError):
    code = -32008
    http_status = 400
    grpc_status = "FAILED_PRECONDITION"
    reason = "EXTENSION_SUPPORT_REQUIRED"
    default_message = "A required extension was not requested"


class VersionNotSupportedError(ProtocolError):
    code = -32009
    http_status = 400
    grpc_status = "FAILED_PRECONDITION"
    reason = "VERSION_NOT_SUPPORTED"
    default_message = "This A2A protocol version is not supported"


class UnknownProtocolError(ProtocolError):
    """A wire error whose code this library does not know; nothing is lost.

    The received code, status and reason are kept on the instance.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        code: int = -32603,
        http_status: int = 500,
        reason: str | None = None,
        metadata: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message, metadata=metadata, details=details)
        self.code = code  # type: ignore[misc]
        self.http_status = http_status  # type: ignore[misc]
        self.reason = reason  # type: ignore[misc]


class AuthenticationError(A2AError):
    """Missing or invalid credentials (HTTP 401, with ``WWW-Authenticate``)."""

    http_status: ClassVar[int] = 401
    default_message = "Authentication required"

    def __init__(self, message: str | None = None, *, challenge: str | None = None) -> None:
        super().__init__(message)
        self.challenge = challenge


class PermissionDeniedError(AuthenticationError):
    """Valid credentials that do not allow this request (HTTP 403)."""

    http_status = 403
    default_message = "Permission denied"


class TaskStateError(A2AError):
    """An agent tried a task transition the state table forbids."""

    default_message = "Illegal task state transition"


class ClientError(A2AError):
    """Raised by the client for failures that never reached a protocol answer."""


class TransportError(ClientError):
    """The connection failed or the peer's answer was not valid protocol data."""

    default_message = "Transport failure"


class TimeoutError_(ClientError, TimeoutError):
    """A limit set by the user expired before the agent answered."""

    default_message = "Timed out"


_STANDARD: tuple[type[ProtocolError], ...] = (
    JSONParseError,
    InvalidRequestError,
    MethodNotFoundError,
    InvalidParamsError,
    InternalError,
    TaskNotFoundError,
    TaskNotCancelableError,
    PushNotificationNotSupportedError,
    UnsupportedOperationError,
    ContentTypeNotSupportedError,
    InvalidAgentResponseError,
    ExtendedAgentCardNotConfiguredError,
    ExtensionSupportRequiredError,
    VersionNotSupportedError,
)
_BY_CODE: dict[int, type[ProtocolError]] = {cls.code: cls for cls in _STANDARD}
_BY_REASON: dict[str, type[ProtocolError]] = {
    cls.reason: cls for cls in _STANDARD if cls.reason is not None
}
# Without an ErrorInfo, a REST error is judged by its google.rpc status name.
_BY_REST_STATUS: dict[str, type[ProtocolError]] = {
    "INVALID_ARGUMENT": InvalidParamsError,
    "NOT_FOUND": TaskNotFoundError,
    "UNIMPLEMENTED": UnsupportedOperationError,
    "INTERNAL": InternalError,
    "RESOURCE_EXHAUSTED": PayloadTooLargeError,
}


def register_error(cls: type[ProtocolError]) -> type[ProtocolError]:
    """Let decoders recognize an extension's error class by its ``reason``.

    Extension errors share a standard JSON-RPC code (usually -32602) and are told
    apart by ``ErrorInfo.reason`` in the extension's own ``domain``.
    """
    if cls.reason is None:
        raise ValueError("only errors with a reason can be registered")
    _EXTENSION_REASONS[(cls.domain, cls.reason)] = cls
    return cls


_EXTENSION_REASONS: dict[tuple[str, str], type[ProtocolError]] = {}


def _error_info(details: list[dict[str, Any]]) -> dict[str, Any] | None:
    for detail in details:
        if detail.get("@type") == ERROR_INFO_TYPE:
            return detail
    return None


def _build(
    cls: type[ProtocolError], message: str | None, info: dict[str, Any] | None, details: list[Any]
) -> ProtocolError:
    raw_meta = (info or {}).get("metadata")
    metadata = {str(k): str(v) for k, v in raw_meta.items()} if isinstance(raw_meta, dict) else None
    return cls(message, metadata=metadata, details=details)


def _lookup(info: dict[str, Any] | None) -> type[ProtocolError] | None:
    if info is None:
        return None
    reason, domain = info.get("reason"), info.get("domain", A2A_ERROR_DOMAIN)
    if not isinstance(reason, str):
        return None
    if domain == A2A_ERROR_DOMAIN and reason in _BY_REASON:
        return _BY_REASON[reason]
    return _EXTENSION_REASONS.get((str(domain), reason))


def error_from_jsonrpc(error: Any) -> ProtocolError:
    """Decode a JSON-RPC ``error`` member into the matching exception instance."""
    if not isinstance(error, dict):
        return UnknownProtocolError("Malformed JSON-RPC error", code=-32603)
    code = error.get("code")
    message = error.get("message") if isinstance(error.get("message"), str) else None
    data = error.get("data")
    # 1.0 sends an array of typed objects; older peers sent one object.
    details = [d for d in (data if isinstance(data, list) else [data]) if isinstance(d, dict)]
    info = _error_info(details)
    cls = _lookup(info) or (_BY_CODE.get(code) if isinstance(code, int) else None)
    if cls is None:
        return UnknownProtocolError(
            message,
            code=code if isinstance(code, int) else -32603,
            reason=(info or {}).get("reason"),
            details=details,
        )
    return _build(cls, message, info, details)


def error_from_rest(http_status: int, body: Any) -> ProtocolError:
    """Decode an HTTP+JSON error (``google.rpc.Status``, or RFC 9457 problem JSON)."""
    status = body.get("error") if isinstance(body, dict) else None
    if isinstance(status, dict):
        message = status.get("message") if isinstance(status.get("message"), str) else None
        raw = status.get("details")
        details = [d for d in raw if isinstance(d, dict)] if isinstance(raw, list) else []
        info = _error_info(details)
        cls = _lookup(info) or _BY_REST_STATUS.get(str(status.get("status")))
        if cls is not None:
            return _build(cls, message, info, details)
        return UnknownProtocolError(message, code=-32603, http_status=http_status, details=details)
    if isinstance(body, dict) and ("title" in body or "type" in body):  # RFC 9457
        message = str(body.get("detail") or body.get("title") or "")
        return UnknownProtocolError(message or None, http_status=http_status)
    return UnknownProtocolError(f"HTTP {http_status}", http_status=http_status)
