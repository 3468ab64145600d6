"""Security schemes and requirements declared by Agent Cards (A2A §4.5)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from a2a.types._base import REQUIRED, A2AModel

__all__ = [
    "APIKeySecurityScheme",
    "AuthorizationCodeOAuthFlow",
    "ClientCredentialsOAuthFlow",
    "DeviceCodeOAuthFlow",
    "HTTPAuthSecurityScheme",
    "ImplicitOAuthFlow",
    "MutualTlsSecurityScheme",
    "OAuth2SecurityScheme",
    "OAuthFlows",
    "OpenIdConnectSecurityScheme",
    "PasswordOAuthFlow",
    "SecurityRequirement",
    "SecurityScheme",
    "StringList",
]


def exactly_one(model: A2AModel, members: tuple[str, ...], what: str) -> None:
    """Enforce a proto ``oneof`` that must hold exactly one member."""
    found = [name for name in members if getattr(model, name) is not None]
    if len(found) != 1:
        raise ValueError(
            f"{what} must hold exactly one of {', '.join(members)} (found {len(found)})"
        )


class StringList(A2AModel):
    """A list of strings (the scopes of one scheme in a requirement)."""

    list_: list[str] = Field(default_factory=list, alias="list")


class SecurityRequirement(A2AModel):
    """Scheme name to required scopes; all schemes of one requirement apply together."""

    schemes: dict[str, StringList] = Field(default_factory=dict)


class APIKeySecurityScheme(A2AModel):
    description: str = ""
    location: Annotated[str, REQUIRED] = ""
    name: Annotated[str, REQUIRED] = ""


class HTTPAuthSecurityScheme(A2AModel):
    description: str = ""
    scheme: Annotated[str, REQUIRED] = ""
    bearer_format: str = ""


class AuthorizationCodeOAuthFlow(A2AModel):
    authorization_url: Annotated[str, REQUIRED] = ""
    token_url: Annotated[str, REQUIRED] = ""
    refresh_url: str = ""
    scopes: Annotated[dict[str, str], REQUIRED] = Field(default_factory=dict)
    pkce_required: bool = False


class ClientCredentialsOAuthFlow(A2AModel):
    token_url: Annotated[str, REQUIRED] = ""
    refresh_url: str = ""
    scopes: Annotated[dict[str, str], REQUIRED] = Field(default_factory=dict)


class ImplicitOAuthFlow(A2AModel):
    """Deprecated by the spec; kept so that older cards still parse."""

    authorization_url: str = ""
    refresh_url: str = ""
    scopes: dict[str, str] = Field(default_factory=dict)


class PasswordOAuthFlow(A2AModel):
    """Deprecated by the spec; kept so that older cards still parse."""

    token_url: str = ""
    refresh_url: str = ""
    scopes: dict[str, str] = Field(default_factory=dict)


class DeviceCodeOAuthFlow(A2AModel):
    device_authorization_url: Annotated[str, REQUIRED] = ""
    token_url: Annotated[str, REQUIRED] = ""
    refresh_url: str = ""
    scopes: Annotated[dict[str, str], REQUIRED] = Field(default_factory=dict)


_FLOWS = ("authorization_code", "client_credentials", "implicit", "password", "device_code")


class OAuthFlows(A2AModel):
    """Exactly one OAuth 2.0 flow."""

    authorization_code: AuthorizationCodeOAuthFlow | None = None
    client_credentials: ClientCredentialsOAuthFlow | None = None
    implicit: ImplicitOAuthFlow | None = None
    password: PasswordOAuthFlow | None = None
    device_code: DeviceCodeOAuthFlow | None = None

    @model_validator(mode="after")
    def _one_flow(self) -> OAuthFlows:
        exactly_one(self, _FLOWS, "OAuthFlows")
        return self


class OAuth2SecurityScheme(A2AModel):
    description: str = ""
    flows: Annotated[OAuthFlows, REQUIRED]
    oauth2_metadata_url: str = ""


class OpenIdConnectSecurityScheme(A2AModel):
    description: str = ""
    open_id_connect_url: Annotated[str, REQUIRED] = ""


class MutualTlsSecurityScheme(A2AModel):
    description: str = ""


_SCHEMES = (
    "api_key_security_scheme",
    "http_auth_security_scheme",
    "oauth2_security_scheme",
    "open_id_connect_security_scheme",
    "mtls_security_scheme",
)


class SecurityScheme(A2AModel):
    """Exactly one way to authenticate (OpenAPI 3.2 security scheme object)."""

    api_key_security_scheme: APIKeySecurityScheme | None = None
    http_auth_security_scheme: HTTPAuthSecurityScheme | None = None
    oauth2_security_scheme: OAuth2SecurityScheme | None = None
    open_id_connect_security_scheme: OpenIdConnectSecurityScheme | None = None
    mtls_security_scheme: MutualTlsSecurityScheme | None = None

    @model_validator(mode="after")
    def _one_scheme(self) -> SecurityScheme:
        exactly_one(self, _SCHEMES, "SecurityScheme")
        return self

    @property
    def value(self) -> Any:
        """The one scheme that is set."""
        return next(getattr(self, name) for name in _SCHEMES if getattr(self, name) is not None)
