"""Credentials matched to the card's security schemes and requirements."""

from __future__ import annotations

import httpx
import pytest

from a2a.client import ApiKey, BasicAuth, BearerToken, card_auth
from a2a.errors import ClientError
from a2a.types import AgentCard, SecurityRequirement, SecurityScheme
from tests.client.fakes import JSONRPC_CARD, client_for, rpc_result, task_json


def secured(schemes: dict[str, dict[str, object]], requirements: list[list[str]]) -> AgentCard:
    return JSONRPC_CARD.model_copy(
        update={
            "security_schemes": {n: SecurityScheme.model_validate(s) for n, s in schemes.items()},
            "security_requirements": [
                SecurityRequirement.model_validate({"schemes": {n: {"list": []} for n in names}})
                for names in requirements
            ],
        }
    )


def applied(auth: httpx.Auth | None) -> httpx.Request:
    assert auth is not None
    request = httpx.Request("POST", "http://agent.test/rpc", headers={"Cookie": "a=b"})
    return next(auth.sync_auth_flow(request))


KEY_HEADER = {"apiKeySecurityScheme": {"location": "header", "name": "X-Key"}}
KEY_QUERY = {"apiKeySecurityScheme": {"location": "query", "name": "key"}}
KEY_COOKIE = {"apiKeySecurityScheme": {"location": "cookie", "name": "sid"}}
BEARER = {"httpAuthSecurityScheme": {"scheme": "Bearer"}}
BASIC = {"httpAuthSecurityScheme": {"scheme": "basic"}}
OIDC = {"openIdConnectSecurityScheme": {"openIdConnectUrl": "https://id.test/.well-known"}}


def test_api_key_goes_where_the_card_says() -> None:
    assert (
        applied(card_auth(secured({"k": KEY_HEADER}, [["k"]]), ApiKey("s"))).headers["X-Key"] == "s"
    )
    request = applied(card_auth(secured({"k": KEY_QUERY}, [["k"]]), ApiKey("s")))
    assert request.url.params["key"] == "s"
    request = applied(card_auth(secured({"k": KEY_COOKIE}, [["k"]]), ApiKey("s")))
    assert request.headers["Cookie"] == "a=b; sid=s"


def test_bearer_basic_and_secrets_by_scheme_name() -> None:
    request = applied(card_auth(secured({"b": BEARER}, [["b"]]), BearerToken("tok")))
    assert request.headers["Authorization"] == "Bearer tok"
    request = applied(card_auth(secured({"o": OIDC}, []), BearerToken("jwt")))
    assert request.headers["Authorization"] == "Bearer jwt"
    request = applied(card_auth(secured({"u": BASIC}, [["u"]]), BasicAuth("ann", "pw")))
    assert request.headers["Authorization"] == "Basic YW5uOnB3"
    request = applied(card_auth(secured({"u": BASIC}, [["u"]]), {"u": "ann:pw"}))
    assert request.headers["Authorization"] == "Basic YW5uOnB3"
    request = applied(card_auth(secured({"k": KEY_QUERY}, [["k"]]), {"k": "s"}))
    assert request.url.params["key"] == "s"


def test_requirements_are_an_or_of_ands() -> None:
    card = secured({"k": KEY_HEADER, "b": BEARER}, [["k", "b"], ["b"]])
    request = applied(card_auth(card, [BearerToken("t")]))  # the second alternative
    assert request.headers["Authorization"] == "Bearer t"
    assert "X-Key" not in request.headers
    request = applied(card_auth(card, [ApiKey("s"), BearerToken("t")]))  # the first one
    assert (request.headers["X-Key"], request.headers["Authorization"]) == ("s", "Bearer t")


def test_unusable_credentials_are_refused() -> None:
    with pytest.raises(ClientError, match="security requirements"):
        card_auth(secured({"k": KEY_HEADER}, [["k"]]), BearerToken("t"))
    with pytest.raises(ClientError):
        card_auth(secured({"b": BEARER}, [["b"]]), BasicAuth("a", "b"))


def test_without_schemes_credentials_use_default_places() -> None:
    request = applied(card_auth(JSONRPC_CARD, [ApiKey("s"), BearerToken("t")]))
    assert (request.headers["X-API-Key"], request.headers["Authorization"]) == ("s", "Bearer t")
    assert card_auth(JSONRPC_CARD, None) is None


def test_secrets_are_not_shown() -> None:
    assert "s3cret" not in repr(ApiKey("s3cret"))
    assert "s3cret" not in repr(BearerToken("s3cret"))


async def test_client_applies_credentials_to_every_request() -> None:
    agent, rec = client_for(
        secured({"k": KEY_HEADER}, [["k"]]),
        lambda r: rpc_result(r, task_json()),
        auth=ApiKey("s"),
    )
    async with agent:
        await agent.get_task("a")
        await agent.get_task("b")
    assert [r.headers["X-Key"] for r in rec.requests] == ["s", "s"]
