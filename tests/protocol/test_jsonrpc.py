"""JSON-RPC 2.0 framing (A2A §9): request checks and response envelopes."""

from __future__ import annotations

import json

import pytest

from a2a.errors import (
    InvalidRequestError,
    JSONParseError,
    TaskNotFoundError,
)
from a2a.protocol import (
    JsonRpcRequest,
    encode_error,
    encode_request,
    encode_result,
    parse_request,
    request_id_of,
)


def test_a_valid_request_is_decoded() -> None:
    body = b'{"jsonrpc":"2.0","id":7,"method":"SendMessage","params":{"message":{}}}'
    assert parse_request(body) == JsonRpcRequest(7, "SendMessage", {"message": {}})


@pytest.mark.parametrize("request_id", ["abc", 0, -5, 2**63, None, ""])
def test_ids_may_be_strings_numbers_or_null(request_id: object) -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "GetTask"}).encode()
    request = parse_request(body)
    assert request.id == request_id
    assert request.params is None


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"not json",
        b'{"jsonrpc":"2.0","id":1,"method":"x"',
        b'{"jsonrpc":"2.0",}',
        b"\xff\xfe",
        b"{'single':'quotes'}",
    ],
)
def test_malformed_json_is_a_parse_error_answered_with_id_null(body: bytes) -> None:
    with pytest.raises(JSONParseError) as info:
        parse_request(body)
    assert info.value.code == -32700
    assert request_id_of(body) is None
    reply = json.loads(encode_error(request_id_of(body), info.value))
    assert reply == {
        "jsonrpc": "2.0",
        "id": None,
        "error": {
            "code": -32700,
            "message": "Invalid JSON payload",
            "data": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "JSON_PARSE",
                    "domain": "a2a-protocol.org",
                }
            ],
        },
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[]", "Batch"),
        (b'[{"jsonrpc":"2.0","id":1,"method":"GetTask"}]', "Batch"),
        (b'"a string"', None),
        (b"42", None),
        (b"null", None),
        (b'{"id":1,"method":"GetTask"}', "jsonrpc"),
        (b'{"jsonrpc":"1.0","id":1,"method":"GetTask"}', "jsonrpc"),
        (b'{"jsonrpc":2.0,"id":1,"method":"GetTask"}', "jsonrpc"),
        (b'{"jsonrpc":"2.0","method":"GetTask"}', "Notifications"),
        (b'{"jsonrpc":"2.0","id":true,"method":"GetTask"}', "id must be"),
        (b'{"jsonrpc":"2.0","id":1.5,"method":"GetTask"}', "id must be"),
        (b'{"jsonrpc":"2.0","id":{},"method":"GetTask"}', "id must be"),
        (b'{"jsonrpc":"2.0","id":[1],"method":"GetTask"}', "id must be"),
        (b'{"jsonrpc":"2.0","id":1}', "method"),
        (b'{"jsonrpc":"2.0","id":1,"method":""}', "method"),
        (b'{"jsonrpc":"2.0","id":1,"method":5}', "method"),
        (b'{"jsonrpc":"2.0","id":1,"method":"GetTask","params":[1]}', "params must be an object"),
        (b'{"jsonrpc":"2.0","id":1,"method":"GetTask","params":"x"}', "params must be an object"),
        (b'{"jsonrpc":"2.0","id":1,"method":"GetTask","params":3}', "params must be an object"),
    ],
)
def test_invalid_envelopes_are_invalid_requests(body: bytes, message: str | None) -> None:
    with pytest.raises(InvalidRequestError) as info:
        parse_request(body)
    assert info.value.code == -32600
    if message:
        assert message in info.value.message
    else:
        assert info.value.message == InvalidRequestError.default_message


def test_request_id_of_recovers_a_usable_id_only() -> None:
    assert request_id_of(b'{"id":"x","jsonrpc":"1.0"}') == "x"
    assert request_id_of(b'{"id":12,"method":5}') == 12
    assert request_id_of(b'{"id":true}') is None
    assert request_id_of(b'{"id":1.5}') is None
    assert request_id_of(b'{"id":[1]}') is None
    assert request_id_of(b"[1,2]") is None
    assert request_id_of(b"{") is None


def test_result_envelope_wraps_serialized_json_once() -> None:
    reply = encode_result("req-ü", b'{"id":"t"}')
    assert reply == '{"jsonrpc":"2.0","id":"req-ü","result":{"id":"t"}}'.encode()
    assert json.loads(encode_result(None, b"{}")) == {"jsonrpc": "2.0", "id": None, "result": {}}
    assert json.loads(encode_result(5, b"[]"))["id"] == 5


def test_error_envelope_carries_code_message_and_typed_details() -> None:
    error = TaskNotFoundError("Task ü not found", metadata={"taskId": "ü"})
    reply = json.loads(encode_error(3, error))
    assert reply == {
        "jsonrpc": "2.0",
        "id": 3,
        "error": {
            "code": -32001,
            "message": "Task ü not found",
            "data": [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "TASK_NOT_FOUND",
                    "domain": "a2a-protocol.org",
                    "metadata": {"taskId": "ü"},
                }
            ],
        },
    }
    assert "ü".encode() in encode_error(3, error)  # raw UTF-8, not \\u-escaped


def test_request_encoding_round_trips_through_parse() -> None:
    body = encode_request("id-1", "message/send", b'{"message":{"messageId":"m"}}')
    assert parse_request(body) == JsonRpcRequest(
        "id-1", "message/send", {"message": {"messageId": "m"}}
    )
    assert json.loads(encode_request(1, 'we"ird', b"{}"))["method"] == 'we"ird'
