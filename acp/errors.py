"""ACP's errors, as a subtree of the library's one exception tree.

ACP puts ``{"code", "message", "data"}`` on the wire with an HTTP status; the
spec knows three codes.  The class a server raises is the class the client
re-raises after decoding (:func:`error_from_body`)::

    a2a.errors.ProtocolError
    └── ACPError                  any ACP error body; ``acp_code`` and ``http_status``
        ├── InvalidInputError     invalid_input   422 (400 for a session mismatch, 413 too large)
        │   └── RunConflictError  invalid_input   409: the run's state forbids the request
        ├── NotFoundError         not_found       404
        ├── ServerError           server_error    500 (any status the SDK maps here: 403, 405)
        └── UnknownACPError       any other code, kept as received

    a2a.errors.TaskStateError
    └── RunStateError             an illegal run transition (never on the wire by itself)

Client-side failures that never reached an ACP answer are the shared
:class:`a2a.errors.TransportError` and :class:`a2a.errors.TimeoutError_`.
Text from unexpected internal exceptions never reaches the wire.
"""

from __future__ import annotations

from typing import Any, ClassVar

from a2a.errors import ProtocolError, TaskStateError

__all__ = [
    "ACPError",
    "InvalidInputError",
    "NotFoundError",
    "RunConflictError",
    "RunStateError",
    "ServerError",
    "UnknownACPError",
    "error_from_body",
]


class ACPError(ProtocolError):
    """An error carried by ACP's error body.

    ``data`` is the body's optional ``data`` object.  ``http_status`` may be
    set per instance (a decoded error keeps the status it arrived with).
    """

    acp_code: ClassVar[str] = "server_error"
    default_message = "ACP error"

    def __init__(
        self,
        message: str | None = None,
        *,
        data: dict[str, Any] | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.data = data
        if http_status is not None:
            self.http_status = http_status  # type: ignore[misc]

    @property
    def code_text(self) -> str:
        """The ``code`` string sent or received."""
        return self.acp_code

    def to_body(self) -> dict[str, Any]:
        """The ACP error body."""
        return {"code": self.code_text, "message": self.message, "data": self.data}


class InvalidInputError(ACPError):
    acp_code = "invalid_input"
    http_status = 422
    grpc_status = "INVALID_ARGUMENT"
    default_message = "Invalid input"


class RunConflictError(InvalidInputError):
    """The request is well formed but the run's state forbids it (resume, cancel)."""

    http_status = 409
    grpc_status = "FAILED_PRECONDITION"
    default_message = "The run's state does not allow this request"


class NotFoundError(ACPError):
    acp_code = "not_found"
    http_status = 404
    grpc_status = "NOT_FOUND"
    default_message = "Not found"


class ServerError(ACPError):
    acp_code = "server_error"
    http_status = 500
    grpc_status = "INTERNAL"
    default_message = "An unexpected error occurred"


class UnknownACPError(ACPError):
    """An error body whose ``code`` is not one of the spec's; nothing is lost."""

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str = "server_error",
        data: dict[str, Any] | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message, data=data, http_status=http_status)
        self._code = code

    @property
    def code_text(self) -> str:
        return self._code


class RunStateError(TaskStateError):
    """A run transition the state table forbids."""

    default_message = "Illegal run state transition"


_BY_CODE: dict[str, type[ACPError]] = {
    cls.acp_code: cls for cls in (InvalidInputError, NotFoundError, ServerError)
}


def error_from_body(http_status: int | None, body: Any) -> ACPError:
    """Decode an ACP error body (or anything a peer sent instead) into an exception.

    A body that is not ACP's shape still yields an :class:`ACPError` that
    keeps the HTTP status.  ``http_status`` is ``None`` for errors that came
    without one (``Run.error``, the ``error`` event): the class default applies.
    """
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        if http_status == 404:
            return NotFoundError(f"HTTP {http_status}", http_status=http_status)
        return UnknownACPError(f"HTTP {http_status}", http_status=http_status)
    code: str = body["code"]
    raw_message = body.get("message")
    message = raw_message if isinstance(raw_message, str) else None
    raw_data = body.get("data")
    data = raw_data if isinstance(raw_data, dict) else None
    if code == "invalid_input" and http_status == 409:
        return RunConflictError(message, data=data, http_status=http_status)
    cls = _BY_CODE.get(code)
    if cls is None:
        return UnknownACPError(message, code=code, data=data, http_status=http_status)
    return cls(message, data=data, http_status=http_status)
