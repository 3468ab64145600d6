"""One exception tree for the whole library.

The class a server raises is the class a client re-raises after decoding the
wire error, whichever binding carried it::

    A2AError
    ├── ProtocolError                  an error with a code on the wire
    │   ├── JSONParseError             -32700  400  JSON_PARSE
    │   ├── InvalidRequestError        -32600  400  INVALID_REQUEST
    │   │   └── PayloadTooLargeError           413  (HTTP status only)
    │   ├── MethodNotFoundError        -32601  404  METHOD_NOT_FOUND
    │   │   └── HTTPMethodNotAllowedError      405  (HTTP+JSON only)
    │   ├── InvalidParamsError         -32602  400  INVALID_PARAMS (+ BadRequest)
    │   ├── InternalError              -32603  500  INTERNAL_ERROR
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
        ├── NoSupportedInterfaceError  no interface of the card is one we speak
        ├── TransportError             connection failed, or the peer answered garbage
        └── TimeoutError_              a user-set limit expired

Codes, HTTP statuses and reasons follow A2A 1.0.1 §5.4.  Clients decode by
JSON-RPC code or ``ErrorInfo.reason``, never by HTTP status alone, because
1.0.0 and 1.0.1 map some errors to different statuses.  The spec names no
reason for the JSON-RPC standard errors; we send the ones a2a-sdk sends
(``INVALID_REQUEST``, ``METHOD_NOT_FOUND``, ``INVALID_PARAMS``,
``INTERNAL_ERROR``) plus ``JSON_PARSE``, because on HTTP+JSON several of them
share one status and only the reason tells them apart.

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
    "NoSupportedInterfaceError",
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
    reason = "JSON_PARSE"
    default_message = "Invalid JSON payload"


class InvalidRequestError(ProtocolError):
    code = -32600
    http_status = 400
    grpc_status = "INVALID_ARGUMENT"
    reason = "INVALID_REQUEST"
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
    reason = "METHOD_NOT_FOUND"
    default_message = "Method not found"


class HTTPMethodNotAllowedError(MethodNotFoundError):
    """An HTTP+JSON path that exists, called with a verb it does not accept."""

    http_status = 405
    default_message = "HTTP method not allowed for this path"

    def __init__(
        self,
        message: str | None = None,
        *,
        allowed: tuple[str, ...] = (),
        metadata: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message, metadata=metadata, details=details)
        self.allowed = allowed


class InvalidParamsError(ProtocolError):
    """Invalid input; ``field_violations`` names each bad field (``google.rpc.BadRequest``)."""

    code = -32602
    http_status = 400
    grpc_status = "INVALID_ARGUMENT"
    reason = "INVALID_PARAMS"
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
    reason = "INTERNAL_ERROR"
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
    """A wire error whose code or reason this library does not know; nothing is lost.

    The received code, HTTP status, ``google.rpc`` status name, reason, domain
    and metadata are kept on the instance and sent again as received.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        code: int = -32603,
        http_status: int = 500,
        grpc_status: str = "INTERNAL",
        reason: str | None = None,
        domain: str = A2A_ERROR_DOMAIN,
        metadata: dict[str, str] | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message, metadata=metadata, details=details)
        self.code = code  # type: ignore[misc]
        self.http_status = http_status  # type: ignore[misc]
        self.grpc_status = grpc_status  # type: ignore[misc]
        self.reason = reason  # type: ignore[misc]
        self.domain = domain  # type: ignore[misc]


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


class NoSupportedInterfaceError(ClientError):
    """The card lists no interface whose binding and version this client speaks."""

    default_message = "The agent offers no interface this client supports"


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


_BY_HTTP_STATUS: dict[tuple[type[ProtocolError] | None, int], type[ProtocolError]] = {
    (MethodNotFoundError, 405): HTTPMethodNotAllowedError,  # Allow is the transport's to read
    (InvalidRequestError, 413): PayloadTooLargeError,
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


def _metadata(info: dict[str, Any] | None) -> dict[str, str] | None:
    raw = (info or {}).get("metadata")
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else None


def _build(
    cls: type[ProtocolError], message: str | None, info: dict[str, Any] | None, details: list[Any]
) -> ProtocolError:
    return cls(message, metadata=_metadata(info), details=details)


def _unknown(
    message: str | None,
    info: dict[str, Any] | None,
    details: list[dict[str, Any]],
    **wire: Any,
) -> UnknownProtocolError:
    reason = (info or {}).get("reason")
    domain = (info or {}).get("domain")
    return UnknownProtocolError(
        message,
        reason=reason if isinstance(reason, str) else None,
        domain=domain if isinstance(domain, str) else A2A_ERROR_DOMAIN,
        metadata=_metadata(info),
        details=details,
        **wire,
    )


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
        return _unknown(message, info, details, code=code if isinstance(code, int) else -32603)
    return _build(cls, message, info, details)


def error_from_rest(http_status: int, body: Any) -> ProtocolError:
    """Decode an HTTP+JSON error (``google.rpc.Status``, or RFC 9457 problem JSON)."""
    status = body.get("error") if isinstance(body, dict) else None
    if isinstance(status, dict):
        message = status.get("message") if isinstance(status.get("message"), str) else None
        raw = status.get("details")
        details = [d for d in raw if isinstance(d, dict)] if isinstance(raw, list) else []
        info = _error_info(details)
        grpc_status = str(status.get("status") or "")
        cls = _lookup(info)
        if cls is None:
            cls = _BY_REST_STATUS.get(grpc_status)
            if grpc_status == "UNIMPLEMENTED" and http_status in (404, 405):
                cls = MethodNotFoundError  # no route, rather than a 1.0.0 unsupported operation
        # Two errors differ from their parent by HTTP status alone.
        cls = _BY_HTTP_STATUS.get((cls, http_status), cls)
        if cls is not None:
            return _build(cls, message, info, details)
        return _unknown(
            message, info, details, http_status=http_status, grpc_status=grpc_status or "UNKNOWN"
        )
    if isinstance(body, dict) and ("title" in body or "type" in body):  # RFC 9457
        message = str(body.get("detail") or body.get("title") or f"HTTP {http_status}")
        return UnknownProtocolError(message, http_status=http_status)
    return UnknownProtocolError(f"HTTP {http_status}", http_status=http_status)
