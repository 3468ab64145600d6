"""Client credentials, matched to the security schemes an Agent Card declares (A2A §4.5, §7).

Give the client a credential (``ApiKey("...")``, ``BearerToken("...")``,
``BasicAuth(user, password)``), several of them, or a mapping from scheme
name to credential or plain secret.  :func:`card_auth` reads the card's
``securityRequirements`` (an OR of ANDs, as in OpenAPI) and picks the first
requirement whose every scheme has a credential, so an API key lands in the
header, query parameter or cookie the card names.  A card that declares
nothing gets the credentials in their default places.

Credentials are applied per request through :class:`httpx.Auth`; they are
never logged.
"""

from __future__ import annotations

import abc
import base64
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass

import httpx

from a2a.errors import ClientError
from a2a.types import AgentCard, SecurityScheme

__all__ = [
    "ApiKey",
    "BasicAuth",
    "BearerToken",
    "Credential",
    "Credentials",
    "SchemeAuth",
    "card_auth",
]


class Credential(abc.ABC):
    """A secret that can satisfy some kinds of security scheme."""

    @abc.abstractmethod
    def matches(self, scheme: SecurityScheme) -> bool:
        """Whether this credential can be used for ``scheme``."""

    @abc.abstractmethod
    def apply(self, request: httpx.Request, scheme: SecurityScheme | None) -> None:
        """Put the secret on ``request`` where ``scheme`` says (or in the default place)."""

    def __repr__(self) -> str:  # never show the secret
        return f"{type(self).__name__}(***)"


@dataclass(repr=False)
class ApiKey(Credential):
    """An API key; its place comes from the card's ``apiKeySecurityScheme`` unless given.

    ``location`` is ``"header"``, ``"query"`` or ``"cookie"``; without a card
    the key goes in the ``X-API-Key`` header.
    """

    value: str
    name: str | None = None
    location: str | None = None

    def matches(self, scheme: SecurityScheme) -> bool:
        return scheme.api_key_security_scheme is not None

    def apply(self, request: httpx.Request, scheme: SecurityScheme | None) -> None:
        declared = scheme.api_key_security_scheme if scheme is not None else None
        name = self.name or (declared.name if declared else "") or "X-API-Key"
        location = (self.location or (declared.location if declared else "") or "header").lower()
        if location == "query":
            request.url = request.url.copy_merge_params({name: self.value})
        elif location == "cookie":
            cookie = f"{name}={self.value}"
            existing = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{existing}; {cookie}" if existing else cookie
        else:
            request.headers[name] = self.value


@dataclass(repr=False)
class BearerToken(Credential):
    """A bearer token (HTTP ``Bearer`` scheme, or a token from OAuth 2.0 / OpenID Connect)."""

    token: str

    def matches(self, scheme: SecurityScheme) -> bool:
        http = scheme.http_auth_security_scheme
        if http is not None:
            return http.scheme.lower() == "bearer"
        return (
            scheme.oauth2_security_scheme is not None
            or scheme.open_id_connect_security_scheme is not None
        )

    def apply(self, request: httpx.Request, scheme: SecurityScheme | None) -> None:
        request.headers["Authorization"] = f"Bearer {self.token}"


@dataclass(repr=False)
class BasicAuth(Credential):
    """HTTP Basic credentials (RFC 7617)."""

    username: str
    password: str

    def matches(self, scheme: SecurityScheme) -> bool:
        http = scheme.http_auth_security_scheme
        return http is not None and http.scheme.lower() == "basic"

    def apply(self, request: httpx.Request, scheme: SecurityScheme | None) -> None:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request.headers["Authorization"] = f"Basic {token}"


Credentials = Credential | Sequence[Credential] | Mapping[str, "Credential | str"]
"""What a client accepts: one credential, several, or scheme name → credential or secret."""


class SchemeAuth(httpx.Auth):
    """Applies chosen credentials, each for its scheme, to every request."""

    def __init__(self, chosen: Sequence[tuple[Credential, SecurityScheme | None]]) -> None:
        self.chosen = list(chosen)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        for credential, scheme in self.chosen:
            credential.apply(request, scheme)
        yield request


def _from_secret(secret: str, scheme: SecurityScheme) -> Credential:
    """A plain secret given for a named scheme, as the credential that scheme takes."""
    if scheme.api_key_security_scheme is not None:
        return ApiKey(secret)
    http = scheme.http_auth_security_scheme
    if http is not None and http.scheme.lower() == "basic":
        user, _, password = secret.partition(":")
        return BasicAuth(user, password)
    return BearerToken(secret)


def card_auth(card: AgentCard | None, credentials: Credentials | None) -> httpx.Auth | None:
    """Choose how to authenticate to the agent of ``card`` with ``credentials``.

    Raises :class:`~a2a.errors.ClientError` when the card declares schemes and
    none of its requirements can be met with what was given.
    """
    if credentials is None:
        return None
    schemes = dict(card.security_schemes) if card is not None else {}
    named: dict[str, Credential | str] = {}
    loose: list[Credential] = []
    if isinstance(credentials, Credential):
        loose = [credentials]
    elif isinstance(credentials, Mapping):
        named = dict(credentials)
    else:
        loose = list(credentials)
    if not schemes:
        return SchemeAuth([(c, None) for c in loose] + [
            (c if isinstance(c, Credential) else BearerToken(c), None) for c in named.values()
        ])  # fmt: skip

    def credential_for(name: str) -> Credential | None:
        scheme = schemes.get(name)
        if scheme is None:
            return None
        given = named.get(name)
        if isinstance(given, str):
            return _from_secret(given, scheme)
        if given is not None:
            return given
        return next((c for c in loose if c.matches(scheme)), None)

    requirements = [list(r.schemes) for r in card.security_requirements] if card else []
    if not requirements:  # schemes without requirements: any one of them will do
        requirements = [[name] for name in schemes]
    for names in requirements:
        found = [(name, credential_for(name)) for name in names]
        if all(c is not None for _, c in found):
            return SchemeAuth([(c, schemes[n]) for n, c in found if c is not None])
    raise ClientError(
        "the given credentials satisfy none of the agent's security requirements "
        f"(schemes: {', '.join(schemes)})"
    )
