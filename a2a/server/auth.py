"""Authentication of incoming requests from the card's security schemes (A2A §7).

An :class:`Authenticator` checks one kind of credential and describes itself
as a card ``SecurityScheme``.  The server accepts a request when any
configured authenticator accepts it (each becomes its own requirement on the
card), answers 401 with every challenge otherwise, and scopes all task data
by the resulting :class:`Principal`.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Protocol
from urllib.parse import parse_qsl

from a2a.errors import AuthenticationError
from a2a.types import APIKeySecurityScheme, HTTPAuthSecurityScheme, SecurityScheme

__all__ = [
    "ANONYMOUS",
    "APIKeyAuth",
    "Authenticator",
    "BearerAuth",
    "Principal",
    "RequestInfo",
]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling.  ``id`` scopes every task the caller creates or sees."""

    id: str
    scheme: str = ""
    authenticated: bool = True


ANONYMOUS = Principal("anonymous", authenticated=False)
"""The caller when the server requires no authentication."""


class RequestInfo:
    """The parts of an HTTP request that credentials can travel in."""

    __slots__ = ("_cookies", "headers", "query_string")

    def __init__(self, headers: Mapping[str, str], query_string: bytes = b"") -> None:
        #: Header names are lowercase.
        self.headers = headers
        self.query_string = query_string
        self._cookies: dict[str, str] | None = None

    def query(self, name: str) -> str | None:
        for key, value in parse_qsl(self.query_string.decode("latin-1")):
            if key == name:
                return value
        return None

    def cookie(self, name: str) -> str | None:
        if self._cookies is None:
            jar: SimpleCookie = SimpleCookie()
            jar.load(self.headers.get("cookie", ""))
            self._cookies = {key: morsel.value for key, morsel in jar.items()}
        return self._cookies.get(name)


class Authenticator(Protocol):
    """One accepted kind of credential."""

    #: The key of this scheme in the card's ``securitySchemes``.
    scheme_name: str

    def security_scheme(self) -> SecurityScheme:
        """How the card describes this scheme."""
        ...

    def challenge(self) -> str:
        """The ``WWW-Authenticate`` value sent with a 401."""
        ...

    async def authenticate(self, request: RequestInfo) -> Principal | None:
        """The caller, ``None`` if no credential of this kind is present.

        Raises :class:`~a2a.errors.AuthenticationError` for a credential that is
        present but wrong.
        """
        ...


Verifier = Callable[[str], Awaitable[str | None]]
"""Maps a presented secret to a principal id, or ``None`` if it is not valid."""


def _lookup(secrets: Mapping[str, str] | Verifier) -> Verifier:
    if not isinstance(secrets, Mapping):
        return secrets
    table = dict(secrets)

    async def verify(secret: str) -> str | None:
        # Constant-time comparison against every key: no timing oracle on prefixes.
        found = None
        for key, principal in table.items():
            if hmac.compare_digest(key.encode(), secret.encode()):
                found = principal
        return found

    return verify


class APIKeyAuth:
    """An API key in a header, query parameter or cookie.

    ``keys`` maps each valid key to the principal id it stands for, or is an
    async function doing the same.
    """

    def __init__(
        self,
        keys: Mapping[str, str] | Verifier,
        *,
        name: str = "X-API-Key",
        location: str = "header",
        scheme_name: str = "apiKey",
        description: str = "",
    ) -> None:
        if location not in ("header", "query", "cookie"):
            raise ValueError("location must be 'header', 'query' or 'cookie'")
        self._verify = _lookup(keys)
        self.name = name
        self.location = location
        self.scheme_name = scheme_name
        self.description = description

    def security_scheme(self) -> SecurityScheme:
        return SecurityScheme(
            api_key_security_scheme=APIKeySecurityScheme(
                location=self.location, name=self.name, description=self.description
            )
        )

    def challenge(self) -> str:
        return f'ApiKey realm="a2a", {self.location}="{self.name}"'

    async def authenticate(self, request: RequestInfo) -> Principal | None:
        if self.location == "header":
            secret = request.headers.get(self.name.lower())
        elif self.location == "query":
            secret = request.query(self.name)
        else:
            secret = request.cookie(self.name)
        if not secret:
            return None
        principal = await self._verify(secret)
        if principal is None:
            raise AuthenticationError("Invalid API key", challenge=self.challenge())
        return Principal(principal, scheme=self.scheme_name)


class BearerAuth:
    """An ``Authorization: Bearer <token>`` credential (HTTP auth scheme)."""

    def __init__(
        self,
        tokens: Mapping[str, str] | Verifier,
        *,
        scheme_name: str = "bearer",
        bearer_format: str = "",
        description: str = "",
    ) -> None:
        self._verify = _lookup(tokens)
        self.scheme_name = scheme_name
        self.bearer_format = bearer_format
        self.description = description

    def security_scheme(self) -> SecurityScheme:
        return SecurityScheme(
            http_auth_security_scheme=HTTPAuthSecurityScheme(
                scheme="Bearer", bearer_format=self.bearer_format, description=self.description
            )
        )

    def challenge(self) -> str:
        return 'Bearer realm="a2a"'

    async def authenticate(self, request: RequestInfo) -> Principal | None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        principal = await self._verify(token.strip())
        if principal is None:
            raise AuthenticationError(
                "Invalid bearer token", challenge='Bearer realm="a2a", error="invalid_token"'
            )
        return Principal(principal, scheme=self.scheme_name)
