"""Bad input gets the protocol's typed error on the wire, never a 500 or a hang."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from a2a.errors import (
    ExtensionSupportRequiredError,
    HTTPMethodNotAllowedError,
    InvalidParamsError,
    InvalidRequestError,
    JSONParseError,
    MethodNotFoundError,
    PayloadTooLargeError,
    UnsupportedOperationError,
    VersionNotSupportedError,
    error_from_jsonrpc,
    error_from_rest,
)
from tests.server.conftest import Servers
from tests.support.agents import REQUIRED_EXTENSION
from tests.support.wire import Wire, WireError, user_message

V1 = {"A2A-Version": "1.0"}
GOOD = {"message": user_message("hi")}


async def rpc_raw(
    http: httpx.AsyncClient, base: str, body: bytes, headers: dict[str, str] = V1
) -> tuple[int, dict[str, Any]]:
    response = await http.post(
        base + "/", content=body, headers={"content-type": "application/json", **headers}
    )
    assert response.status_code != 500
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("body", "error", "echo_id"),
    [
        (b"{not json", JSONParseError, False),
        (b"", JSONParseError, False),
        (b"[" * 5000 + b"]" * 5000, JSONParseError, False),
        (b"[]", InvalidRequestError, False),
        (
            b'[{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"x"}}]',
            InvalidRequestError,
            False,
        ),
        (b'"a string"', InvalidRequestError, False),
        (b'{"jsonrpc":"1.0","id":7,"method":"GetTask","params":{}}', InvalidRequestError, True),
        (b'{"jsonrpc":"2.0","id":7,"params":{}}', InvalidRequestError, True),
        (b'{"jsonrpc":"2.0","method":"GetTask","params":{"id":"x"}}', InvalidRequestError, False),
        (b'{"jsonrpc":"2.0","id":{"a":1},"method":"GetTask"}', InvalidRequestError, False),
        (b'{"jsonrpc":"2.0","id":7,"method":"GetTask","params":[1]}', InvalidRequestError, True),
        (
            b'{"jsonrpc":"2.0","id":7,"method":"tasks/get","params":{"id":"x"}}',
            MethodNotFoundError,
            True,
        ),
        (
            b'{"jsonrpc":"2.0","id":7,"method":"NoSuchMethod","params":{}}',
            MethodNotFoundError,
            True,
        ),
    ],
)
async def test_jsonrpc_envelope_errors(
    http: httpx.AsyncClient, servers: Servers, body: bytes, error: type, echo_id: bool
) -> None:
    status, reply = await rpc_raw(http, servers.echo, body)
    assert status == 200
    assert reply["jsonrpc"] == "2.0"
    assert reply["id"] == (7 if echo_id else None)
    assert type(error_from_jsonrpc(reply["error"])) is error


def params_cases() -> list[tuple[str, dict[str, Any], str]]:
    return [
        ("SendMessage", {}, "message"),
        (
            "SendMessage",
            {"message": {"role": "ROLE_USER", "parts": [{"text": "x"}]}},
            "message.messageId",
        ),
        ("SendMessage", {"message": {"messageId": "m", "parts": [{"text": "x"}]}}, "message.role"),
        (
            "SendMessage",
            {"message": {"messageId": "m", "role": "ROLE_USER", "parts": []}},
            "message.parts",
        ),
        (
            "SendMessage",
            {"message": {"messageId": "m", "role": "ROLE_USER", "parts": [{}]}},
            "message.parts[0]",
        ),
        (
            "SendMessage",
            {
                "message": {
                    "messageId": "m",
                    "role": "ROLE_USER",
                    "parts": [{"text": "a", "url": "b"}],
                }
            },
            "message.parts[0]",
        ),
        (
            "SendMessage",
            {"message": {"messageId": 5, "role": "ROLE_USER", "parts": [{"text": "x"}]}},
            "message.messageId",
        ),
        (
            "SendMessage",
            {"message": {"messageId": "m", "role": "ROLE_BOSS", "parts": [{"text": "x"}]}},
            "message.role",
        ),
        (
            "SendMessage",
            {"message": {"messageId": "m", "role": "ROLE_USER", "parts": [{"raw": "%%%"}]}},
            "message.parts[0].raw",
        ),
        (
            "SendMessage",
            {**GOOD, "configuration": {"historyLength": "many"}},
            "configuration.historyLength",
        ),
        (
            "SendMessage",
            {**GOOD, "configuration": {"historyLength": 2**40}},
            "configuration.historyLength",
        ),
        ("SendMessage", {"message": "hello"}, "message"),
        ("GetTask", {}, "id"),
        ("GetTask", {"id": ["x"]}, "id"),
        ("ListTasks", {"status": "done"}, "status"),
        ("ListTasks", {"statusTimestampAfter": "yesterday"}, "statusTimestampAfter"),
    ]


@pytest.mark.parametrize(("method", "params", "field"), params_cases())
async def test_invalid_params_name_the_field_jsonrpc(
    http: httpx.AsyncClient, servers: Servers, method: str, params: dict[str, Any], field: str
) -> None:
    with pytest.raises(WireError) as caught:
        await Wire(http, servers.echo, "JSONRPC").call(method, params)
    assert caught.value.status == 200
    assert_names_field(caught.value.error, field)


@pytest.mark.parametrize(
    ("method", "params", "field"),
    [case for case in params_cases() if case[0] != "GetTask"],  # GetTask's id is the URL path
)
async def test_invalid_params_name_the_field_rest(
    http: httpx.AsyncClient, servers: Servers, method: str, params: dict[str, Any], field: str
) -> None:
    with pytest.raises(WireError) as caught:
        await Wire(http, servers.echo, "HTTP+JSON").call(method, params)
    assert caught.value.status == 400
    assert_names_field(caught.value.error, field)


def assert_names_field(error: Exception, field: str) -> None:
    assert isinstance(error, InvalidParamsError)
    fields = [f for f, _ in error.field_violations]
    assert any(f == field or f.startswith(field) for f in fields), fields


async def test_oversize_body(http: httpx.AsyncClient, servers: Servers) -> None:
    message = user_message("x" * 4096)
    body = {"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": {"message": message}}
    response = await http.post(servers.small + "/", json=body, headers=V1)
    assert response.status_code == 413
    # On the wire this is -32600 (InvalidRequest) with HTTP 413.
    assert isinstance(error_from_jsonrpc(response.json()["error"]), InvalidRequestError)
    response = await http.post(
        servers.small + "/rest/message:send", json={"message": message}, headers=V1
    )
    assert response.status_code == 413
    assert isinstance(error_from_rest(413, response.json()), PayloadTooLargeError)


@pytest.mark.parametrize("version", [None, "", "2.0", "0.3", "one", "1"])
async def test_unsupported_versions(
    http: httpx.AsyncClient, binding: str, servers: Servers, version: str | None
) -> None:
    headers = {} if version is None else {"A2A-Version": version}
    wire = Wire(http, servers.echo, binding)
    wire.headers = headers
    with pytest.raises(WireError) as caught:
        await wire.call("SendMessage", GOOD)
    assert isinstance(caught.value.error, VersionNotSupportedError)
    assert caught.value.status == (200 if binding == "JSONRPC" else 400)


@pytest.mark.parametrize("version", ["1.0", "1.0.1", "1.00"])
async def test_supported_versions(
    http: httpx.AsyncClient, binding: str, servers: Servers, version: str
) -> None:
    wire = Wire(http, servers.echo, binding)
    wire.headers = {"A2A-Version": version}
    assert "task" in await wire.call("SendMessage", GOOD)


async def test_version_as_query_parameter(http: httpx.AsyncClient, servers: Servers) -> None:
    response = await http.get(servers.echo + "/rest/tasks?A2A-Version=1.0")
    assert response.status_code == 200


async def test_required_extension(http: httpx.AsyncClient, binding: str, servers: Servers) -> None:
    wire = Wire(http, servers.strict, binding)
    with pytest.raises(WireError) as caught:
        await wire.call("SendMessage", GOOD)
    assert isinstance(caught.value.error, ExtensionSupportRequiredError)
    wire.headers["A2A-Extensions"] = f"https://example.org/other, {REQUIRED_EXTENSION}"
    response = await http.post(
        servers.strict + "/",
        json={"jsonrpc": "2.0", "id": 1, "method": "SendMessage", "params": GOOD},
        headers=wire.headers,
    )
    assert response.headers["a2a-extensions"] == REQUIRED_EXTENSION
    assert "task" in await wire.call("SendMessage", GOOD)


async def test_streaming_not_supported(
    http: httpx.AsyncClient, binding: str, servers: Servers
) -> None:
    wire = Wire(http, servers.plain, binding)
    for method, params in [("SendStreamingMessage", GOOD), ("SubscribeToTask", {"id": "x"})]:
        with pytest.raises(WireError) as caught:
            await wire.stream(method, params)
        assert isinstance(caught.value.error, UnsupportedOperationError)


@pytest.mark.parametrize(
    ("verb", "path", "status", "error"),
    [
        ("GET", "/rest/nowhere", 404, MethodNotFoundError),
        ("GET", "/rest/message:send", 405, HTTPMethodNotAllowedError),
        ("DELETE", "/rest/tasks/abc", 405, HTTPMethodNotAllowedError),
        ("PUT", "/rest/tasks/abc:cancel", 405, HTTPMethodNotAllowedError),
    ],
)
async def test_rest_routing_errors(
    http: httpx.AsyncClient, servers: Servers, verb: str, path: str, status: int, error: type
) -> None:
    response = await http.request(verb, servers.echo + path, headers=V1)
    assert response.status_code == status
    body = response.json()
    assert body["error"]["code"] == status
    if status == 405:
        assert response.headers["allow"]


async def test_rest_bad_json_body(http: httpx.AsyncClient, servers: Servers) -> None:
    response = await http.post(servers.echo + "/rest/message:send", content=b"{oops", headers=V1)
    assert response.status_code == 400
    assert isinstance(error_from_rest(400, response.json()), InvalidParamsError | JSONParseError)
    assert response.json()["error"]["status"] == "INVALID_ARGUMENT"


async def test_rest_errors_carry_error_info(http: httpx.AsyncClient, servers: Servers) -> None:
    response = await http.get(servers.echo + "/rest/tasks/unknown-task", headers=V1)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/a2a+json"
    error = response.json()["error"]
    assert error["status"] == "NOT_FOUND"
    assert error["details"] == [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "TASK_NOT_FOUND",
            "domain": "a2a-protocol.org",
            "metadata": {"taskId": "unknown-task"},
        }
    ]


async def test_rest_tenant_routes(http: httpx.AsyncClient, servers: Servers) -> None:
    wire = Wire(http, servers.echo, "HTTP+JSON", tenant="acme")
    task = (await wire.call("SendMessage", GOOD))["task"]
    assert (await wire.call("GetTask", {"id": task["id"]}))["id"] == task["id"]
    # Another tenant does not see it.
    with pytest.raises(WireError):
        await Wire(http, servers.echo, "HTTP+JSON", tenant="other").call(
            "GetTask", {"id": task["id"]}
        )
    # Ids with reserved characters survive the path.
    with pytest.raises(WireError) as caught:
        await wire.call("GetTask", {"id": "a/b:c"})
    assert caught.value.error.metadata == {"taskId": "a/b:c"}


async def test_jsonrpc_error_data_is_an_array_of_typed_details(
    http: httpx.AsyncClient, servers: Servers
) -> None:
    _, reply = await rpc_raw(
        http, servers.echo, b'{"jsonrpc":"2.0","id":3,"method":"GetTask","params":{"id":"zz"}}'
    )
    data = reply["error"]["data"]
    assert isinstance(data, list)
    assert all("@type" in detail for detail in data)
    assert data[0]["reason"] == "TASK_NOT_FOUND"
    assert reply["error"]["code"] == -32001


async def test_idle_streams_get_keepalive_comments(
    http: httpx.AsyncClient, servers: Servers
) -> None:
    body = {"message": user_message("sleep:0.5")}
    async with http.stream(
        "POST", servers.small + "/rest/message:stream", json=body, headers=V1
    ) as response:
        raw = (await response.aread()).decode()
    assert ": keep-alive\n\n" in raw
    assert '"state":"TASK_STATE_COMPLETED"' in raw.rstrip().rsplit("\n", 1)[-1]
