"""The shared client suite against our own server, over a real loopback socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from a2a.client import ApiKey
from a2a.protocol.ssrf import UrlPolicy
from a2a.server.app import create_app
from a2a.server.auth import APIKeyAuth, Principal
from a2a.types import AgentCard
from tests.client.peer_suite import *  # noqa: F403 - the shared suite runs against this server
from tests.client.peer_suite import Peer
from tests.client.suite_agent import suite_agent
from tests.support.live import serve_app

KEY = "suite-key"


@pytest.fixture(scope="module")
def own_url() -> Iterator[str]:
    def extended(principal: Principal) -> AgentCard:
        card: AgentCard = app.state.a2a.core.card.card
        return card.model_copy(update={"name": f"{card.name} (extended)"})

    app = create_app(
        suite_agent,
        authenticators=[APIKeyAuth({KEY: "suite-user"})],
        extended_card=extended,
        # The suite registers webhooks on loopback.
        webhook_policy=UrlPolicy(allow_private=True, allow_http=True),
    )
    with serve_app(app) as url:
        yield url


@pytest.fixture(scope="module", params=["jsonrpc", "rest"])
def peer(request: pytest.FixtureRequest, own_url: str) -> Peer:
    return Peer("a2a-lib server", own_url, request.param, "1.0", auth=ApiKey(KEY))
