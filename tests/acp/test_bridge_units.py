"""The bridges' edges, without peers: A2A JSON-RPC decoding and the bridge app's routing."""

from __future__ import annotations

import httpx
import pytest

from a2a.errors import TaskNotFoundError, TransportError
from a2a.types import AgentCard, AgentInterface, Message, ProtocolBinding
from acp.bridge.a2a_remote import JsonRpcRemote, _result
from acp.bridge.to_a2a import create_bridge_app
from acp.client import Client
from acp.types import AgentManifest


def test_jsonrpc_results_and_errors() -> None:
    assert _result(b'{"jsonrpc":"2.0","id":1,"result":{"a":1}}') == {"a": 1}
    with pytest.raises(TaskNotFoundError):
        _result(b'{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"nope"}}')
    for bad in (b"not json", b"[1]", b'{"jsonrpc":"2.0","id":1}'):
        with pytest.raises(TransportError):
            _result(bad)


async def test_discovery_failures() -> None:
    port_without_server = "http://127.0.0.1:9"
    with pytest.raises(TransportError):
        await JsonRpcRemote.discover(port_without_server)


async def test_cancel_and_stream_decode_errors() -> None:
    card = AgentCard(
        name="x",
        supported_interfaces=[
            AgentInterface(url="http://a.test/", protocol_binding=ProtocolBinding.JSONRPC)
        ],
    )
    remote = JsonRpcRemote(card, "http://127.0.0.1:9/")
    with pytest.raises(TransportError):
        await remote.cancel("t")
    with pytest.raises(TransportError):
        [e async for e in remote.stream(Message.user("hi"))]
    await remote.aclose()


async def test_bridge_app_routes_by_agent_name() -> None:
    client = Client("http://acp.invalid")
    app = create_bridge_app(client, [AgentManifest(name="echo")], public_url="http://b.test")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://b.test"
    ) as http:
        card = (await http.get("/echo/.well-known/agent-card.json")).json()
        assert card["supportedInterfaces"][0]["url"] == "http://b.test/echo/"
        assert (await http.get("/nobody/.well-known/agent-card.json")).status_code == 404
    await client.aclose()
