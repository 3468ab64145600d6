"""Card discovery: well-known paths, HTTP caching, 0.3 cards, interface selection."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from a2a.client import Client, NoSupportedInterfaceError, parse_card, select_interface
from a2a.client._http import HttpChannel
from a2a.client.discovery import CardResolver, card_urls, normalize_binding
from a2a.errors import AuthenticationError, TransportError
from a2a.types import AgentInterface
from tests.client.fakes import JSONRPC_CARD, Recorder, card

SUPPORTED = [("JSONRPC", "1.0"), ("HTTP+JSON", "1.0"), ("JSONRPC", "0.3")]

V03_CARD_JSON: dict[str, Any] = {
    "protocolVersion": "0.3.0",
    "name": "old",
    "description": "a 0.3 agent",
    "url": "http://old.test/rpc",
    "preferredTransport": "JSONRPC",
    "additionalInterfaces": [
        {"url": "http://old.test/rpc", "transport": "JSONRPC"},
        {"url": "http://old.test/rest", "transport": "HTTP+JSON"},
    ],
    "version": "2",
    "capabilities": {"streaming": True, "stateTransitionHistory": True},
    "supportsAuthenticatedExtendedCard": True,
    "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
    "security": [{"key": []}],
    "defaultInputModes": ["text/plain"],
    "defaultOutputModes": ["text/plain"],
    "skills": [{"id": "s", "name": "s", "description": "d", "tags": ["t"]}],
}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def resolver_for(handler: Any, clock: Clock | None = None) -> tuple[CardResolver, Recorder]:
    recorder = Recorder(handler)
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    return CardResolver(HttpChannel(http), clock=clock or Clock()), recorder


def card_response(headers: dict[str, str] | None = None, body: Any = None) -> httpx.Response:
    data = JSONRPC_CARD.to_dict() if body is None else body
    return httpx.Response(200, json=data, headers=headers or {})


def test_card_urls() -> None:
    assert card_urls("http://a.test/") == [
        "http://a.test/.well-known/agent-card.json",
        "http://a.test/.well-known/agent.json",
    ]
    assert card_urls("http://a.test/x/card.json") == ["http://a.test/x/card.json"]


async def test_well_known_path_first() -> None:
    resolver, rec = resolver_for(lambda r: card_response())
    got = await resolver.resolve("http://a.test")
    assert got == JSONRPC_CARD
    assert [str(r.url) for r in rec.requests] == ["http://a.test/.well-known/agent-card.json"]
    assert resolver.last_url == "http://a.test/.well-known/agent-card.json"


async def test_falls_back_to_legacy_path() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/.well-known/agent-card.json":
            return httpx.Response(404)
        return card_response(body=V03_CARD_JSON)

    resolver, rec = resolver_for(handler)
    got = await resolver.resolve("http://a.test")
    assert got.name == "old"
    assert len(rec.requests) == 2
    assert resolver.last_raw == V03_CARD_JSON


async def test_missing_everywhere_is_a_transport_error() -> None:
    resolver, _ = resolver_for(lambda r: httpx.Response(404))
    with pytest.raises(TransportError, match="HTTP 404"):
        await resolver.resolve("http://a.test")


async def test_protected_card_raises_authentication_error() -> None:
    resolver, _ = resolver_for(
        lambda r: httpx.Response(401, headers={"WWW-Authenticate": "Bearer"})
    )
    with pytest.raises(AuthenticationError) as caught:
        await resolver.resolve("http://a.test")
    assert caught.value.challenge == "Bearer"


@pytest.mark.parametrize(
    "body",
    [
        httpx.Response(200, content=b"<html>"),
        httpx.Response(200, json=[1, 2]),
        httpx.Response(200, json={"name": "no interfaces"}),
        httpx.Response(200, json={"supportedInterfaces": "nope"}),
    ],
)
async def test_invalid_cards_are_transport_errors(body: httpx.Response) -> None:
    resolver, _ = resolver_for(lambda r: body)
    with pytest.raises(TransportError):
        await resolver.resolve("http://a.test/card.json")


async def test_max_age_then_etag_revalidation() -> None:
    clock = Clock()
    etag = 'W/"v1"'

    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"Cache-Control": "max-age=10", "ETag": etag})
        return card_response({"Cache-Control": "public, max-age=10", "ETag": etag})

    resolver, rec = resolver_for(handler, clock)
    first = await resolver.resolve("http://a.test")
    clock.now += 5  # still fresh: no request at all
    assert await resolver.resolve("http://a.test") is first
    assert len(rec.requests) == 1
    clock.now += 10  # stale: revalidate, keep the cached card on 304
    assert await resolver.resolve("http://a.test") is first
    assert len(rec.requests) == 2
    assert rec.last.headers["If-None-Match"] == etag
    clock.now += 5  # the 304 renewed freshness
    await resolver.resolve("http://a.test")
    assert len(rec.requests) == 2


async def test_no_cache_revalidates_every_time_and_no_store_is_not_kept() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("a.json"):
            if request.headers.get("If-Modified-Since") == "yesterday":
                return httpx.Response(304)
            return card_response({"Cache-Control": "no-cache", "Last-Modified": "yesterday"})
        return card_response({"Cache-Control": "no-store", "ETag": '"x"'})

    resolver, rec = resolver_for(handler)
    await resolver.resolve("http://a.test/a.json")
    await resolver.resolve("http://a.test/a.json")
    assert rec.last.headers["If-Modified-Since"] == "yesterday"
    await resolver.resolve("http://a.test/b.json")
    await resolver.resolve("http://a.test/b.json")
    assert "If-None-Match" not in rec.last.headers
    assert len(rec.requests) == 4


async def test_default_ttl_applies_without_headers() -> None:
    clock = Clock()
    resolver, rec = resolver_for(lambda r: card_response(), clock)
    resolver.default_ttl = 30
    await resolver.resolve("http://a.test")
    clock.now += 29
    await resolver.resolve("http://a.test")
    assert len(rec.requests) == 1
    clock.now += 2
    await resolver.resolve("http://a.test")
    assert len(rec.requests) == 2


def test_parse_v03_card() -> None:
    got = parse_card(V03_CARD_JSON)
    assert [(i.protocol_binding, i.protocol_version, i.url) for i in got.supported_interfaces] == [
        ("JSONRPC", "0.3", "http://old.test/rpc"),
        ("HTTP+JSON", "0.3", "http://old.test/rest"),
    ]
    assert got.capabilities.extended_agent_card is True
    scheme = got.security_schemes["key"].api_key_security_scheme
    assert scheme is not None
    assert (scheme.location, scheme.name) == ("header", "X-Key")
    assert list(got.security_requirements[0].schemes) == ["key"]


def test_parse_hybrid_card_prefers_10_fields() -> None:
    data = {**V03_CARD_JSON, **JSONRPC_CARD.to_dict()}
    got = parse_card(data)
    assert got.supported_interfaces == JSONRPC_CARD.supported_interfaces
    # Legacy-only parts of a hybrid card are still understood.
    assert got.security_schemes["key"].api_key_security_scheme is not None
    assert list(got.security_requirements[0].schemes) == ["key"]


def test_select_first_supported_in_card_order() -> None:
    c = card(("GRPC", "1.0", "/g"), ("HTTP+JSON", "1.0", "/api"), ("JSONRPC", "1.0", "/rpc"))
    assert select_interface(c, SUPPORTED).protocol_binding == "HTTP+JSON"
    assert select_interface(c, SUPPORTED, binding="jsonrpc").url == "http://agent.test/rpc"


def test_select_skips_unknown_versions_and_reduces_patch() -> None:
    c = card(("JSONRPC", "2.0", "/v2"), ("JSONRPC", "1.0.1", "/v1"))
    chosen = select_interface(c, SUPPORTED)
    assert (chosen.url, chosen.protocol_version) == ("http://agent.test/v1", "1.0")


def test_select_keeps_tenant_and_resolves_relative_urls() -> None:
    c = card(("JSONRPC", "1.0", "/rpc"), tenant="acme")
    c.supported_interfaces[0] = AgentInterface(
        url="/rpc", protocol_binding="JSONRPC", protocol_version="1.0", tenant="acme"
    )
    chosen = select_interface(c, SUPPORTED, card_url="http://h.test/.well-known/agent-card.json")
    assert (chosen.url, chosen.tenant) == ("http://h.test/rpc", "acme")


def test_select_reports_what_was_offered() -> None:
    c = card(("GRPC", "1.0", "/g"))
    with pytest.raises(NoSupportedInterfaceError, match=r"GRPC 1\.0"):
        select_interface(c, SUPPORTED)
    with pytest.raises(NoSupportedInterfaceError):
        select_interface(card(("JSONRPC", "1.0", "/r")), SUPPORTED, binding="rest")


def test_binding_aliases() -> None:
    assert normalize_binding("REST") == "HTTP+JSON"
    assert normalize_binding("json-rpc") == "JSONRPC"
    assert normalize_binding("custom://x") == "custom://x"


async def test_client_discovers_and_refuses_03_when_asked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(V03_CARD_JSON))

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with Client("http://old.test", http_client=http) as agent:
        assert agent.interface.protocol_version == "0.3"
        assert agent.card_json == V03_CARD_JSON
    with pytest.raises(NoSupportedInterfaceError):
        async with Client("http://old.test", http_client=http, versions=["1.0"]):
            pass
    await http.aclose()
