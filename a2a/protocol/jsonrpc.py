"""JSON-RPC 2.0 framing for the A2A JSON-RPC binding (A2A §9), without I/O.

Requests are decoded once; responses are assembled around the already
serialized result, so a result is encoded exactly once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic_core import from_json

from a2a.errors import InvalidRequestError, JSONParseError, ProtocolError

__all__ = [
    "JsonRpcId",
    "JsonRpcRequest",
    "encode_error",
    "encode_request",
    "encode_result",
    "parse_request",
    "request_id_of",
]

JsonRpcId = str | int | None


@dataclass(frozen=True, slots=True)
class JsonRpcRequest:
    """A decoded request envelope; ``params`` is still untyped JSON."""

    id: JsonRpcId
    method: str
    params: Any


def parse_request(body: bytes) -> JsonRpcRequest:
    """Decode and check a JSON-RPC 2.0 request envelope.

    Raises :class:`JSONParseError` for bytes that are not JSON and
    :class:`InvalidRequestError` for JSON that is not a single request object.
    Batches are not part of A2A and are refused.
    """
    try:
        data = from_json(body, cache_strings="keys")
    except ValueError:
        raise JSONParseError() from None
    if not isinstance(data, dict):
        raise InvalidRequestError(
            "Batch requests are not supported" if isinstance(data, list) else None
        )
    request_id = data.get("id")
    if request_id is not None and (
        isinstance(request_id, bool) or not isinstance(request_id, (str, int))
    ):
        raise InvalidRequestError("id must be a string, a number or null")
    if data.get("jsonrpc") != "2.0":
        raise InvalidRequestError('jsonrpc must be "2.0"')
    method = data.get("method")
    if not isinstance(method, str) or not method:
        raise InvalidRequestError("method must be a non-empty string")
    if "id" not in data:
        raise InvalidRequestError("Notifications (requests without id) are not supported")
    params = data.get("params")
    if params is not None and not isinstance(params, dict):
        raise InvalidRequestError("params must be an object")
    return JsonRpcRequest(request_id, method, params)


def request_id_of(body: bytes) -> JsonRpcId:
    """Best-effort id of a request that failed validation, for the error reply."""
    try:
        data = from_json(body)
    except ValueError:
        return None
    if isinstance(data, dict):
        value = data.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    return None


def _encode_id(request_id: JsonRpcId) -> bytes:
    if type(request_id) is int:
        return str(request_id).encode()
    return json.dumps(request_id, ensure_ascii=False).encode()


def encode_result(request_id: JsonRpcId, result_json: bytes) -> bytes:
    """Wrap an already serialized result in a success envelope."""
    return b'{"jsonrpc":"2.0","id":' + _encode_id(request_id) + b',"result":' + result_json + b"}"


def encode_error(request_id: JsonRpcId, error: ProtocolError) -> bytes:
    """Encode an error response; ``data`` is the array of typed details."""
    body = json.dumps(error.to_jsonrpc(), ensure_ascii=False, separators=(",", ":")).encode()
    return b'{"jsonrpc":"2.0","id":' + _encode_id(request_id) + b',"error":' + body + b"}"


def encode_request(request_id: JsonRpcId, method: str, params_json: bytes) -> bytes:
    """Encode a request around already serialized params (used by clients)."""
    return (
        b'{"jsonrpc":"2.0","id":'
        + _encode_id(request_id)
        + b',"method":'
        + json.dumps(method).encode()
        + b',"params":'
        + params_json
        + b"}"
    )
