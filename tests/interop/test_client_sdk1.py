"""Our client against an ``a2a-sdk`` 1.x agent, over JSON-RPC and HTTP+JSON."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from a2a.client import ApiKey, Client
from a2a.errors import AuthenticationError, ClientError
from tests.client.peer_suite import *  # noqa: F403 - the shared suite runs against this peer
from tests.client.peer_suite import Peer
from tests.interop.peers import DRIVERS, free_port, running
from tests.interop.venvs import peer_python

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def sdk1_url() -> Iterator[str]:
    port = free_port()
    with running(
        peer_python("a2a-sdk-1"), [str(DRIVERS / "sdk1_server.py"), "--port", str(port)], port
    ):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module", params=["jsonrpc", "rest"])
def peer(request: pytest.FixtureRequest, sdk1_url: str) -> Peer:
    return Peer("a2a-sdk 1.x", sdk1_url, request.param, "1.0")


@pytest.fixture(scope="module")
def keyed_url() -> Iterator[str]:
    port = free_port()
    args = [str(DRIVERS / "sdk1_server.py"), "--port", str(port), "--api-key", "s3cret"]
    with running(peer_python("a2a-sdk-1"), args, port):
        yield f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("binding", ["jsonrpc", "rest"])
async def test_api_key_from_card_scheme(keyed_url: str, binding: str) -> None:
    async with Client(keyed_url, binding=binding, auth=ApiKey("s3cret")) as agent:
        assert (await agent.send_text("with key")).text == "echo: with key"
    async with Client(keyed_url, binding=binding, auth={"key": "s3cret"}) as agent:
        assert (await agent.send_text("by name")).text == "echo: by name"
    async with Client(keyed_url, binding=binding, auth=ApiKey("wrong")) as agent:
        with pytest.raises(AuthenticationError) as caught:
            await agent.send_text("bad key")
        assert caught.value.challenge == 'ApiKey realm="a2a"'


async def test_credentials_the_card_cannot_use(keyed_url: str) -> None:
    from a2a.client import BearerToken

    with pytest.raises(ClientError, match="security requirements"):
        async with Client(keyed_url, auth=BearerToken("t")):
            pass


@pytest.fixture(scope="module")
def tenant_url() -> Iterator[str]:
    port = free_port()
    args = [str(DRIVERS / "sdk1_server.py"), "--port", str(port), "--tenant", "acme"]
    with running(peer_python("a2a-sdk-1"), args, port):
        yield f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("binding", ["jsonrpc", "rest"])
async def test_tenant_of_the_interface_reaches_the_agent(tenant_url: str, binding: str) -> None:
    async with Client(tenant_url, binding=binding) as agent:
        assert agent.interface.tenant == "acme"
        assert (await agent.send_text("tenant")).text == "tenant=acme"
        task = (await agent.send_text("with tenant")).task
        assert task is not None
        assert (await agent.get_task(task.id)).id == task.id
