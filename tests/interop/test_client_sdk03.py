"""Our client against an ``a2a-sdk`` 0.3.26 agent (A2A 0.3, JSON-RPC)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from a2a.client import Client, NoSupportedInterfaceError
from tests.client.peer_suite import *  # noqa: F403 - the shared suite runs against this peer
from tests.client.peer_suite import Peer
from tests.interop.peers import DRIVERS, free_port, running
from tests.interop.venvs import peer_python

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def sdk03_url() -> Iterator[str]:
    port = free_port()
    with running(
        peer_python("a2a-sdk-03"), [str(DRIVERS / "sdk03_server.py"), "--port", str(port)], port
    ):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module", params=["jsonrpc"])
def peer(request: pytest.FixtureRequest, sdk03_url: str) -> Peer:
    return Peer("a2a-sdk 0.3", sdk03_url, request.param, "0.3")


async def test_card_is_read_from_03_fields(sdk03_url: str) -> None:
    async with Client(sdk03_url) as agent:
        assert agent.card is not None
        bindings = [
            (i.protocol_binding, i.protocol_version) for i in agent.card.supported_interfaces
        ]
        assert bindings == [("JSONRPC", "0.3"), ("HTTP+JSON", "0.3")]
        assert agent.card.capabilities.extended_agent_card is True


async def test_refusing_03_finds_no_interface(sdk03_url: str) -> None:
    with pytest.raises(NoSupportedInterfaceError, match=r"JSONRPC 0\.3"):
        async with Client(sdk03_url, versions=["1.0"]):
            pass


async def test_03_rest_binding_is_not_offered(sdk03_url: str) -> None:
    with pytest.raises(NoSupportedInterfaceError):
        async with Client(sdk03_url, binding="rest"):
            pass
