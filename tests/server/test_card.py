"""The public Agent Card: location, caching headers and declared interfaces (A2A §8)."""

from __future__ import annotations

import httpx

from a2a.types import AgentCard
from tests.server.conftest import Servers


async def test_card_is_served_with_validators(http: httpx.AsyncClient, servers: Servers) -> None:
    response = await http.get(servers.echo + "/.well-known/agent-card.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "public, max-age=300"
    etag = response.headers["etag"]
    assert etag.startswith('"')
    card = AgentCard.from_json(response.content)
    assert card.name == "Echo"
    assert card.capabilities.streaming is True
    assert card.skills[0].id == "echo"

    again = await http.get(
        servers.echo + "/.well-known/agent-card.json", headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.headers["etag"] == etag


async def test_card_declares_every_interface_preferred_first(
    http: httpx.AsyncClient, servers: Servers
) -> None:
    card = (await http.get(servers.echo + "/.well-known/agent-card.json")).json()
    interfaces = card["supportedInterfaces"]
    assert [(i["protocolBinding"], i["protocolVersion"]) for i in interfaces] == [
        ("JSONRPC", "1.0"),
        ("HTTP+JSON", "1.0"),
    ]
    assert interfaces[0]["url"] == servers.echo + "/"
    assert interfaces[1]["url"] == servers.echo + "/rest"
    # ProtoJSON: no 0.3 leftovers, no empty defaults.
    assert "kind" not in card
    assert "url" not in card
    assert "protocolVersion" not in card
    assert "signatures" not in card


async def test_legacy_card_path(http: httpx.AsyncClient, servers: Servers) -> None:
    legacy = await http.get(servers.echo + "/.well-known/agent.json")
    current = await http.get(servers.echo + "/.well-known/agent-card.json")
    assert legacy.status_code == 200
    assert legacy.content == current.content


async def test_card_lists_security_schemes(http: httpx.AsyncClient, servers: Servers) -> None:
    card = (await http.get(servers.secured + "/.well-known/agent-card.json")).json()
    assert card["securitySchemes"] == {
        "apiKey": {"apiKeySecurityScheme": {"location": "header", "name": "X-API-Key"}},
        "bearer": {"httpAuthSecurityScheme": {"scheme": "Bearer"}},
    }
    assert card["securityRequirements"] == [
        {"schemes": {"apiKey": {}}},
        {"schemes": {"bearer": {}}},
    ]
    assert card["capabilities"]["extendedAgentCard"] is True


async def test_app_mounted_under_a_prefix(http: httpx.AsyncClient) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from a2a.server import create_app
    from examples.echo import echo
    from tests.support.live import serve_app
    from tests.support.wire import Wire, user_message

    outer = Starlette(routes=[Mount("/agents/echo", app=create_app(echo))])
    with serve_app(outer) as base:
        prefixed = base + "/agents/echo"
        card = (await http.get(prefixed + "/.well-known/agent-card.json")).json()
        assert card["supportedInterfaces"][1]["url"] == prefixed + "/rest"
        for binding in ("JSONRPC", "HTTP+JSON"):
            wire = Wire(http, prefixed, binding)
            task = (await wire.call("SendMessage", {"message": user_message("hi")}))["task"]
            assert (await wire.call("GetTask", {"id": task["id"]}))["id"] == task["id"]
