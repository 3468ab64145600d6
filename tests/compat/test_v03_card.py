"""Agent Cards between 0.3 and 1.0: endpoints, capabilities, security, hybrid cards."""

from __future__ import annotations

from typing import Any

import pytest

from a2a.compat import v03
from a2a.types import AgentCard, SecurityScheme

SCHEMES_03: dict[str, dict[str, Any]] = {
    "key": {"type": "apiKey", "in": "query", "name": "k", "description": "a key"},
    "bearer": {"type": "http", "scheme": "Bearer", "bearerFormat": "JWT"},
    "oauth": {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {"tokenUrl": "https://t.test/token", "scopes": {"r": "read"}}
        },
        "oauth2MetadataUrl": "https://t.test/.well-known/oauth-authorization-server",
    },
    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://id.test/.well-known/x"},
    "mtls": {"type": "mutualTLS"},
}

CARD_03: dict[str, Any] = {
    "protocolVersion": "0.3.0",
    "name": "agent",
    "description": "does things",
    "url": "https://a.test/rpc",
    "preferredTransport": "JSONRPC",
    "additionalInterfaces": [
        {"url": "https://a.test/rpc", "transport": "JSONRPC"},
        {"url": "https://a.test/rest", "transport": "HTTP+JSON"},
    ],
    "version": "3.1",
    "provider": {"organization": "Org", "url": "https://org.test"},
    "documentationUrl": "https://a.test/docs",
    "iconUrl": "https://a.test/icon.png",
    "capabilities": {
        "streaming": True,
        "pushNotifications": False,
        "extensions": [{"uri": "urn:e", "required": True}],
    },
    "supportsAuthenticatedExtendedCard": True,
    "securitySchemes": SCHEMES_03,
    "security": [{"oauth": ["r"]}, {"key": [], "mtls": []}],
    "defaultInputModes": ["text/plain"],
    "defaultOutputModes": ["application/json"],
    "skills": [
        {
            "id": "s",
            "name": "skill",
            "description": "d",
            "tags": ["t"],
            "examples": ["e"],
            "security": [{"bearer": []}],
        }
    ],
}


@pytest.mark.parametrize("name", sorted(SCHEMES_03))
def test_schemes_round_trip(name: str) -> None:
    scheme = v03.scheme_from_v03(SCHEMES_03[name])
    assert isinstance(scheme, SecurityScheme)
    assert v03.scheme_to_v03(scheme) == SCHEMES_03[name]


def test_scheme_mapping_details() -> None:
    key = v03.scheme_from_v03(SCHEMES_03["key"]).api_key_security_scheme
    assert key is not None
    assert (key.location, key.name) == ("query", "k")
    assert v03.scheme_from_v03(SCHEMES_03["mtls"]).mtls_security_scheme is not None
    # An entry already in 1.0 form (as hybrid cards write) is read as 1.0.
    already = {"httpAuthSecurityScheme": {"scheme": "Basic"}, "type": "http", "scheme": "Basic"}
    assert v03.scheme_from_v03(already).http_auth_security_scheme is not None
    with pytest.raises(ValueError, match="unknown security scheme"):
        v03.scheme_from_v03({"type": "kerberos"})


def test_oauth_with_several_flows_keeps_the_first() -> None:
    flows = {
        "password": {"tokenUrl": "https://t/p", "scopes": {}},
        "authorizationCode": {
            "authorizationUrl": "https://t/a", "tokenUrl": "https://t/t", "scopes": {},
        },
    }  # fmt: skip
    scheme = v03.scheme_from_v03({"type": "oauth2", "flows": flows}).oauth2_security_scheme
    assert scheme is not None
    assert scheme.flows.authorization_code is not None
    assert scheme.flows.password is None


def test_card_from_03() -> None:
    card = v03.card_from_v03(CARD_03)
    assert [(i.protocol_binding, i.protocol_version, i.url) for i in card.supported_interfaces] == [
        ("JSONRPC", "0.3", "https://a.test/rpc"),
        ("HTTP+JSON", "0.3", "https://a.test/rest"),
    ]
    assert card.capabilities.extended_agent_card is True
    assert card.capabilities.push_notifications is False
    assert card.capabilities.extensions[0].required is True
    assert [list(r.schemes) for r in card.security_requirements] == [["oauth"], ["key", "mtls"]]
    assert card.security_requirements[0].schemes["oauth"].list_ == ["r"]
    assert list(card.skills[0].security_requirements[0].schemes) == ["bearer"]
    assert card.provider is not None
    assert card.icon_url == "https://a.test/icon.png"


def test_card_round_trips() -> None:
    assert v03.card_to_v03(v03.card_from_v03(CARD_03)) == CARD_03


def test_card_defaults() -> None:
    minimal = {
        "name": "m", "description": "", "url": "http://m/", "version": "1",
        "capabilities": {}, "defaultInputModes": [], "defaultOutputModes": [], "skills": [],
    }  # fmt: skip
    card = v03.card_from_v03(minimal)
    (only,) = card.supported_interfaces
    assert (only.protocol_binding, only.protocol_version) == ("JSONRPC", "0.3")
    older = v03.card_from_v03({**minimal, "protocolVersion": "0.2.5"})
    assert older.supported_interfaces[0].protocol_version == "0.2"


def test_a_10_only_card_becomes_a_03_card_of_its_interfaces() -> None:
    card = AgentCard.model_validate(
        {
            "name": "n", "description": "d", "version": "1",
            "supportedInterfaces": [
                {"url": "http://h/v1", "protocolBinding": "HTTP+JSON", "protocolVersion": "1.0"},
            ],
            "capabilities": {},
        }
    )  # fmt: skip
    legacy = v03.card_to_v03(card)
    assert (legacy["url"], legacy["preferredTransport"]) == ("http://h/v1", "HTTP+JSON")
    assert "supportsAuthenticatedExtendedCard" not in legacy


def test_hybrid_card_reads_the_same_both_ways() -> None:
    card = v03.card_from_v03(CARD_03)
    card.supported_interfaces.insert(
        0,
        card.supported_interfaces[0].model_copy(
            update={"url": "https://a.test/v1", "protocol_version": "1.0"}
        ),
    )
    hybrid = v03.hybrid_card(card)
    # A 1.0 reader sees the 1.0 card.
    assert AgentCard.model_validate(hybrid) == card
    assert v03.card_from_v03(hybrid) == card
    # A 0.3 reader sees the 0.3 endpoints and schemes.
    assert hybrid["url"] == "https://a.test/rpc"
    assert hybrid["protocolVersion"] == "0.3.0"
    assert hybrid["securitySchemes"]["key"]["in"] == "query"
    assert hybrid["securitySchemes"]["key"]["apiKeySecurityScheme"]["location"] == "query"
    assert hybrid["skills"][0]["security"] == [{"bearer": []}]
    assert v03.is_v03_card(v03.card_to_v03(card))
    assert not v03.is_v03_card(hybrid)
