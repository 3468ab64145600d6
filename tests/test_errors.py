"""The error tree: wire forms in both bindings, decoding, unknown errors, extensions."""

from __future__ import annotations

import json
from typing import Any

import pytest

import a2a.errors
from a2a.errors import (
    A2A_ERROR_DOMAIN,
    A2AError,
    AuthenticationError,
    ClientError,
    ContentTypeNotSupportedError,
    ExtendedAgentCardNotConfiguredError,
    ExtensionSupportRequiredError,
    HTTPMethodNotAllowedError,
    InternalError,
    InvalidAgentResponseError,
    InvalidParamsError,
    InvalidRequestError,
    JSONParseError,
    MethodNotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    ProtocolError,
    PushNotificationNotSupportedError,
    TaskNotCancelableError,
    TaskNotFoundError,
    TaskStateError,
    TimeoutError_,
    TransportError,
    UnknownProtocolError,
    UnsupportedOperationError,
    VersionNotSupportedError,
    error_from_jsonrpc,
    error_from_rest,
    register_error,
)

ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"

#: (class, JSON-RPC code, HTTP status, google.rpc status, ErrorInfo reason), A2A 1.0.1 §5.4.
TABLE: list[tuple[type[ProtocolError], int, int, str, str]] = [
    (JSONParseError, -32700, 400, "INVALID_ARGUMENT", "JSON_PARSE"),
    (InvalidRequestError, -32600, 400, "INVALID_ARGUMENT", "INVALID_REQUEST"),
    (PayloadTooLargeError, -32600, 413, "RESOURCE_EXHAUSTED", "INVALID_REQUEST"),
    (MethodNotFoundError, -32601, 404, "UNIMPLEMENTED", "METHOD_NOT_FOUND"),
    (HTTPMethodNotAllowedError, -32601, 405, "UNIMPLEMENTED", "METHOD_NOT_FOUND"),
    (InvalidParamsError, -32602, 400, "INVALID_ARGUMENT", "INVALID_PARAMS"),
    (InternalError, -32603, 500, "INTERNAL", "INTERNAL_ERROR"),
    (TaskNotFoundError, -32001, 404, "NOT_FOUND", "TASK_NOT_FOUND"),
    (TaskNotCancelableError, -32002, 400, "FAILED_PRECONDITION", "TASK_NOT_CANCELABLE"),
    (
        PushNotificationNotSupportedError,
        -32003,
        400,
        "FAILED_PRECONDITION",
        "PUSH_NOTIFICATION_NOT_SUPPORTED",
    ),
    (UnsupportedOperationError, -32004, 400, "FAILED_PRECONDITION", "UNSUPPORTED_OPERATION"),
    (ContentTypeNotSupportedError, -32005, 400, "INVALID_ARGUMENT", "CONTENT_TYPE_NOT_SUPPORTED"),
    (InvalidAgentResponseError, -32006, 500, "INTERNAL", "INVALID_AGENT_RESPONSE"),
    (
        ExtendedAgentCardNotConfiguredError,
        -32007,
        400,
        "FAILED_PRECONDITION",
        "EXTENDED_AGENT_CARD_NOT_CONFIGURED",
    ),
    (
        ExtensionSupportRequiredError,
        -32008,
        400,
        "FAILED_PRECONDITION",
        "EXTENSION_SUPPORT_REQUIRED",
    ),
    (VersionNotSupportedError, -32009, 400, "FAILED_PRECONDITION", "VERSION_NOT_SUPPORTED"),
]
CLASSES = [row[0] for row in TABLE]
#: Errors that differ from their parent by HTTP status alone: JSON-RPC carries the parent.
HTTP_ONLY = {
    HTTPMethodNotAllowedError: MethodNotFoundError,
    PayloadTooLargeError: InvalidRequestError,
}


def test_the_table_covers_every_protocol_error_class() -> None:
    exported = {
        obj
        for obj in vars(a2a.errors).values()
        if isinstance(obj, type) and issubclass(obj, ProtocolError)
    }
    assert exported == {*CLASSES, ProtocolError, UnknownProtocolError}


@pytest.mark.parametrize(
    ("cls", "code", "http", "status", "reason"), TABLE, ids=lambda v: getattr(v, "__name__", "")
)
def test_codes_statuses_and_reasons(
    cls: type[ProtocolError], code: int, http: int, status: str, reason: str
) -> None:
    error = cls()
    assert (error.code, error.http_status, error.grpc_status, error.reason) == (
        code,
        http,
        status,
        reason,
    )
    assert error.domain == A2A_ERROR_DOMAIN
    assert error.message == cls.default_message
    assert str(error) == error.message


def _sample(cls: type[ProtocolError]) -> ProtocolError:
    return cls("Something ü happened", metadata={"taskId": "t-1", "extra": "é"})


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_jsonrpc_round_trip_keeps_class_message_and_metadata(cls: type[ProtocolError]) -> None:
    error = _sample(cls)
    wire = json.loads(json.dumps(error.to_jsonrpc()))
    assert wire["code"] == cls.code
    assert wire["message"] == "Something ü happened"
    assert wire["data"][0] == {
        "@type": ERROR_INFO,
        "reason": cls.reason,
        "domain": A2A_ERROR_DOMAIN,
        "metadata": {"taskId": "t-1", "extra": "é"},
    }
    decoded = error_from_jsonrpc(wire)
    expected = HTTP_ONLY.get(cls, cls)
    assert type(decoded) is expected
    assert decoded.message == error.message
    assert decoded.metadata == error.metadata
    assert decoded.to_jsonrpc() == error.to_jsonrpc()


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_rest_round_trip_keeps_class_message_and_metadata(cls: type[ProtocolError]) -> None:
    error = _sample(cls)
    http_status, body = error.to_rest()
    assert http_status == cls.http_status
    wire = json.loads(json.dumps(body))
    assert wire["error"]["code"] == cls.http_status
    assert wire["error"]["status"] == cls.grpc_status
    assert wire["error"]["details"][0]["reason"] == cls.reason
    decoded = error_from_rest(http_status, wire)
    assert type(decoded) is cls
    assert decoded.message == error.message
    assert decoded.metadata == error.metadata
    assert decoded.to_rest() == error.to_rest()


def test_errors_without_metadata_send_an_error_info_without_metadata() -> None:
    assert TaskNotFoundError().to_jsonrpc() == {
        "code": -32001,
        "message": "Task not found",
        "data": [{"@type": ERROR_INFO, "reason": "TASK_NOT_FOUND", "domain": A2A_ERROR_DOMAIN}],
    }


def test_a_bare_protocol_error_has_no_details() -> None:
    error = ProtocolError("boom")
    assert error.to_jsonrpc() == {"code": -32603, "message": "boom"}
    assert error.to_rest() == (
        500,
        {"error": {"code": 500, "status": "INTERNAL", "message": "boom"}},
    )
    assert type(error_from_rest(*error.to_rest())) is InternalError
    assert type(error_from_jsonrpc(error.to_jsonrpc())) is InternalError


# --------------------------------------------------------------------------
# Field violations


def test_invalid_params_carries_bad_request_field_violations_both_ways() -> None:
    error = InvalidParamsError(
        field_violations=[("message.parts[0]", "must hold one member"), ("id", "required")]
    )
    data = error.to_jsonrpc()["data"]
    assert data[1] == {
        "@type": BAD_REQUEST,
        "fieldViolations": [
            {"field": "message.parts[0]", "description": "must hold one member"},
            {"field": "id", "description": "required"},
        ],
    }
    for decoded in (error_from_jsonrpc(error.to_jsonrpc()), error_from_rest(*error.to_rest())):
        assert isinstance(decoded, InvalidParamsError)
        assert decoded.field_violations == error.field_violations
        assert decoded.to_jsonrpc() == error.to_jsonrpc()


def test_malformed_field_violations_are_skipped() -> None:
    decoded = error_from_jsonrpc(
        {
            "code": -32602,
            "message": "bad",
            "data": [
                {
                    "@type": BAD_REQUEST,
                    "fieldViolations": ["x", {"field": "a"}, {"description": "d"}],
                },
                {"@type": BAD_REQUEST, "fieldViolations": None},
            ],
        }
    )
    assert isinstance(decoded, InvalidParamsError)
    assert decoded.field_violations == [("a", ""), ("", "d")]


def test_extra_typed_details_are_kept_and_sent_again_once() -> None:
    retry = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"}
    error = InternalError("later", details=[retry, {"@type": ERROR_INFO, "reason": "STALE"}])
    data = error.to_jsonrpc()["data"]
    assert data == [
        {"@type": ERROR_INFO, "reason": "INTERNAL_ERROR", "domain": A2A_ERROR_DOMAIN},
        retry,
    ]
    assert error_from_jsonrpc(error.to_jsonrpc()).details[1] == retry


# --------------------------------------------------------------------------
# Decoding what other implementations send


def test_jsonrpc_decodes_by_code_when_there_is_no_error_info() -> None:
    for cls in CLASSES:
        if cls in HTTP_ONLY:
            continue
        decoded = error_from_jsonrpc({"code": cls.code, "message": "m"})
        assert type(decoded) is cls
        assert decoded.message == "m"


def test_reason_wins_over_code() -> None:
    decoded = error_from_jsonrpc(
        {
            "code": -32603,
            "message": "m",
            "data": [{"@type": ERROR_INFO, "reason": "TASK_NOT_FOUND"}],
        }
    )
    assert type(decoded) is TaskNotFoundError


def test_0_3_single_object_data_and_missing_message() -> None:
    decoded = error_from_jsonrpc(
        {
            "code": -32001,
            "data": {"@type": ERROR_INFO, "reason": "TASK_NOT_FOUND", "metadata": {"n": 1}},
        }
    )
    assert type(decoded) is TaskNotFoundError
    assert decoded.message == "Task not found"
    assert decoded.metadata == {"n": "1"}  # ErrorInfo metadata values are strings
    assert type(error_from_jsonrpc({"code": -32001, "data": "legacy text"})) is TaskNotFoundError


@pytest.mark.parametrize(
    ("status", "http", "expected"),
    [
        # 1.0.1 statuses without ErrorInfo: best effort by status name.
        ("INVALID_ARGUMENT", 400, InvalidParamsError),
        ("NOT_FOUND", 404, TaskNotFoundError),
        ("INTERNAL", 500, InternalError),
        ("RESOURCE_EXHAUSTED", 413, PayloadTooLargeError),
        # 1.0.0 sent UNIMPLEMENTED for unsupported operations...
        ("UNIMPLEMENTED", 400, UnsupportedOperationError),
        ("UNIMPLEMENTED", 501, UnsupportedOperationError),
        # ...while a 404/405 UNIMPLEMENTED is a missing route.
        ("UNIMPLEMENTED", 404, MethodNotFoundError),
        ("UNIMPLEMENTED", 405, HTTPMethodNotAllowedError),
    ],
)
def test_rest_without_error_info_decodes_by_status(
    status: str, http: int, expected: type[ProtocolError]
) -> None:
    decoded = error_from_rest(http, {"error": {"code": http, "status": status, "message": "m"}})
    assert type(decoded) is expected
    assert decoded.message == "m"


def test_a2a_sdk_reasons_for_standard_errors_are_understood() -> None:
    # a2a-sdk 1.x sends METHOD_NOT_FOUND with NOT_FOUND, which alone would mean TaskNotFound.
    body = {
        "error": {
            "code": 404,
            "status": "NOT_FOUND",
            "message": "Method not found",
            "details": [
                {
                    "@type": ERROR_INFO,
                    "reason": "METHOD_NOT_FOUND",
                    "domain": A2A_ERROR_DOMAIN,
                    "metadata": {},
                }
            ],
        }
    }
    assert type(error_from_rest(404, body)) is MethodNotFoundError
    body["error"]["details"][0]["reason"] = "INVALID_REQUEST"  # type: ignore[index]
    assert type(error_from_rest(400, body)) is InvalidRequestError


# --------------------------------------------------------------------------
# Unknown errors: nothing is lost


def test_unknown_jsonrpc_code_is_kept_with_reason_domain_and_metadata() -> None:
    wire = {
        "code": -32050,
        "message": "Generation mismatch",
        "data": [
            {
                "@type": ERROR_INFO,
                "reason": "TASK_GENERATION_MISMATCH",
                "domain": A2A_ERROR_DOMAIN,
                "metadata": {"generation": "7"},
            },
            {"@type": "type.example.com/Other", "x": 1},
        ],
    }
    decoded = error_from_jsonrpc(wire)
    assert type(decoded) is UnknownProtocolError
    assert (decoded.code, decoded.reason, decoded.metadata) == (
        -32050,
        "TASK_GENERATION_MISMATCH",
        {"generation": "7"},
    )
    assert decoded.message == "Generation mismatch"
    assert decoded.to_jsonrpc() == wire


def test_unknown_rest_error_is_kept_with_its_statuses() -> None:
    body = {
        "error": {
            "code": 409,
            "status": "ABORTED",
            "message": "conflict",
            "details": [
                {
                    "@type": ERROR_INFO,
                    "reason": "X_CONFLICT",
                    "domain": "ext.example.com",
                    "metadata": {"a": "b"},
                }
            ],
        }
    }
    decoded = error_from_rest(409, body)
    assert type(decoded) is UnknownProtocolError
    assert (decoded.http_status, decoded.grpc_status, decoded.reason, decoded.domain) == (
        409,
        "ABORTED",
        "X_CONFLICT",
        "ext.example.com",
    )
    assert decoded.to_rest() == (409, body)
    bare = error_from_rest(418, {"error": {"message": "teapot"}})
    assert (bare.http_status, bare.grpc_status, bare.message) == (418, "UNKNOWN", "teapot")


@pytest.mark.parametrize(
    "error",
    [None, "text", [], {"message": 5}, {"code": "x"}, {"code": 1.5, "message": "m"}],
)
def test_malformed_jsonrpc_errors_are_unknown_errors(error: Any) -> None:
    decoded = error_from_jsonrpc(error)
    assert isinstance(decoded, UnknownProtocolError)
    assert decoded.code == -32603


def test_problem_json_is_tolerated() -> None:
    problem = {
        "type": "https://a2a-protocol.org/errors/task-not-found",
        "title": "Task not found",
        "status": 404,
        "detail": "No task t-1",
    }
    decoded = error_from_rest(404, problem)
    assert isinstance(decoded, UnknownProtocolError)
    assert (decoded.http_status, decoded.message) == (404, "No task t-1")
    assert error_from_rest(400, {"title": "Bad"}).message == "Bad"
    assert error_from_rest(400, {"type": "about:blank"}).message == "HTTP 400"


@pytest.mark.parametrize("body", [None, "Bad Gateway", [], {"unexpected": True}, {"error": "x"}])
def test_other_bodies_become_an_error_named_by_the_http_status(body: Any) -> None:
    decoded = error_from_rest(502, body)
    assert isinstance(decoded, UnknownProtocolError)
    assert (decoded.http_status, decoded.message) == (502, "HTTP 502")


# --------------------------------------------------------------------------
# Extension errors


def test_registered_extension_errors_are_decoded_by_domain_and_reason() -> None:
    @register_error
    class QuotaExceededError(InvalidParamsError):
        reason = "QUOTA_EXCEEDED"
        domain = "quota.example.com"
        default_message = "Quota exceeded"

    error = QuotaExceededError(metadata={"limit": "10"})
    for decoded in (error_from_jsonrpc(error.to_jsonrpc()), error_from_rest(*error.to_rest())):
        assert type(decoded) is QuotaExceededError
        assert decoded.metadata == {"limit": "10"}
    # The same reason in another domain is not this error.
    other = error.to_jsonrpc()
    other["data"][0]["domain"] = "elsewhere.example.com"
    assert type(error_from_jsonrpc(other)) is InvalidParamsError


def test_only_errors_with_a_reason_can_be_registered() -> None:
    class NoReason(ProtocolError):
        pass

    with pytest.raises(ValueError, match="reason"):
        register_error(NoReason)


# --------------------------------------------------------------------------
# The rest of the tree


def test_tree_shape() -> None:
    assert issubclass(ProtocolError, A2AError)
    assert issubclass(HTTPMethodNotAllowedError, MethodNotFoundError)
    assert issubclass(PermissionDeniedError, AuthenticationError)
    assert issubclass(TransportError, ClientError)
    assert issubclass(TimeoutError_, ClientError)
    assert issubclass(TimeoutError_, TimeoutError)
    assert issubclass(TaskStateError, A2AError)
    for cls in (AuthenticationError, ClientError, TaskStateError):
        assert not issubclass(cls, ProtocolError)


def test_authentication_errors() -> None:
    error = AuthenticationError(challenge='Bearer realm="a2a"')
    assert (error.http_status, error.challenge, error.message) == (
        401,
        'Bearer realm="a2a"',
        "Authentication required",
    )
    denied = PermissionDeniedError()
    assert (denied.http_status, denied.challenge, denied.message) == (
        403,
        None,
        "Permission denied",
    )


def test_default_messages() -> None:
    assert A2AError().message == "A2A error"
    assert TransportError().message == "Transport failure"
    assert TimeoutError_().message == "Timed out"
    assert TaskStateError("x").message == "x"
    assert HTTPMethodNotAllowedError(allowed=("GET",)).allowed == ("GET",)


def test_public_names() -> None:
    assert sorted(a2a.errors.__all__) == sorted(
        [
            "A2A_ERROR_DOMAIN", "A2AError", "AuthenticationError", "ClientError",
            "ContentTypeNotSupportedError", "ExtendedAgentCardNotConfiguredError",
            "ExtensionSupportRequiredError", "HTTPMethodNotAllowedError", "InternalError",
            "InvalidAgentResponseError", "InvalidParamsError", "InvalidRequestError",
            "JSONParseError", "MethodNotFoundError", "NoSupportedInterfaceError",
            "PayloadTooLargeError",
            "PermissionDeniedError", "ProtocolError",
            "PushNotificationNotSupportedError", "TaskNotCancelableError", "TaskNotFoundError",
            "TaskStateError", "TimeoutError_", "TransportError", "UnknownProtocolError",
            "UnsupportedOperationError", "VersionNotSupportedError", "error_from_jsonrpc",
            "error_from_rest", "register_error",
        ]
    )  # fmt: skip
    for name in a2a.errors.__all__:
        assert hasattr(a2a.errors, name)


def test_error_info_with_a_reason_that_is_not_text_is_ignored() -> None:
    bad_info = {"@type": ERROR_INFO, "reason": 5, "domain": 7}
    assert type(error_from_jsonrpc({"code": -32001, "data": [bad_info]})) is TaskNotFoundError
    unknown = error_from_jsonrpc({"code": -32099, "data": [bad_info]})
    assert isinstance(unknown, UnknownProtocolError)
    assert (unknown.reason, unknown.domain) == (None, A2A_ERROR_DOMAIN)
