"""The 0.3 switch: 0.3 method names and shapes on the JSON-RPC URL, beside 1.0."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from httpx_sse import aconnect_sse

from a2a.compat import v03
from a2a.server import create_app
from examples.echo import echo
from tests.support.live import serve_app


@pytest.fixture(scope="module")
def compat() -> Iterator[str]:
    with serve_app(create_app(echo, legacy_v03=True)) as url:
        yield url


def rpc(method: str, params: dict[str, Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": 9, "method": method, "params": params}


def v03_message(text: str) -> dict[str, Any]:
    return {
        "kind": "message",
        "messageId": "m-1",
        "role": "user",
        "parts": [{"kind": "text", "text": text}],
    }


async def test_card_serves_both_versions(http: httpx.AsyncClient, compat: str) -> None:
    card = (await http.get(compat + "/.well-known/agent-card.json")).json()
    versions = [(i["protocolBinding"], i["protocolVersion"]) for i in card["supportedInterfaces"]]
    assert versions == [("JSONRPC", "1.0"), ("HTTP+JSON", "1.0"), ("JSONRPC", "0.3")]
    assert card["url"] == compat + "/"
    assert card["preferredTransport"] == "JSONRPC"
    assert card["protocolVersion"].startswith("0.3")
    assert v03.card_from_v03(card).name == "Echo"


async def test_v03_send_without_version_header(http: httpx.AsyncClient, compat: str) -> None:
    reply = await http.post(compat + "/", json=rpc("message/send", {"message": v03_message("hi")}))
    result = reply.json()["result"]
    assert result["kind"] == "task"
    assert result["status"]["state"] == "completed"
    assert "".join(p["text"] for p in result["artifacts"][0]["parts"]) == "echo: hi"


async def test_v03_stream_has_kinds_and_final(http: httpx.AsyncClient, compat: str) -> None:
    events = []
    async with aconnect_sse(
        http, "POST", compat + "/", json=rpc("message/stream", {"message": v03_message("s")})
    ) as source:
        async for sse in source.aiter_sse():
            events.append(json.loads(sse.data)["result"])
    assert [e["kind"] for e in events] == [
        "task",
        "status-update",
        "artifact-update",
        "artifact-update",
        "status-update",
    ]
    assert events[-1]["final"] is True
    assert events[-1]["status"]["state"] == "completed"


async def test_versions_do_not_mix(http: httpx.AsyncClient, compat: str) -> None:
    # A 1.0 method without a version header is still refused (-32009) ...
    plain = await http.post(compat + "/", json=rpc("GetTask", {"id": "x"}))
    assert plain.json()["error"]["code"] == -32009
    # ... and a 1.0 caller cannot use 0.3 names.
    mixed = await http.post(
        compat + "/", json=rpc("tasks/get", {"id": "x"}), headers={"A2A-Version": "1.0"}
    )
    assert mixed.json()["error"]["code"] == -32601
    unknown = await http.post(compat + "/", json=rpc("tasks/frobnicate", {}))
    assert unknown.json()["error"]["code"] == -32601
    bad = await http.post(compat + "/", json=rpc("message/send", {"message": {"kind": "message"}}))
    assert bad.json()["error"]["code"] == -32602


async def test_without_the_switch_v03_clients_get_version_not_supported(
    http: httpx.AsyncClient,
) -> None:
    with serve_app(create_app(echo)) as url:
        reply = await http.post(url + "/", json=rpc("message/send", {"message": v03_message("x")}))
        assert reply.json()["error"]["code"] == -32009  # no header means 0.3, not served
