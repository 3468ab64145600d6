"""Server-side authentication for ACP, which has none of its own (``spec/acp.md`` §Auth).

An authenticator looks at the request and returns the caller's principal
(a string), or raises :class:`a2a.errors.AuthenticationError` (401) or
:class:`a2a.errors.PermissionDeniedError` (403).  When one is configured,
runs and sessions belong to the principal that created them: another
principal gets 404 for them, as if they did not exist.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Mapping
from typing import Protocol

from starlette.requests import HTTPConnection

from a2a.errors import AuthenticationError

__all__ = ["APIKeyAuth", "Authenticator"]


class Authenticator(Protocol):
    def __call__(self, request: HTTPConnection) -> Awaitable[str]: ...


class APIKeyAuth:
    """API keys sent as ``X-API-Key: KEY`` or ``Authorization: Bearer KEY``.

    ``keys`` maps each key to the principal it authenticates.  Keys are
    compared in constant time against every configured key.
    """

    def __init__(self, keys: Mapping[str, str], *, header: str = "x-api-key") -> None:
        if not keys:
            raise ValueError("at least one API key is required")
        self._keys = [(k.encode(), p) for k, p in keys.items()]
        self.header = header.lower()

    async def __call__(self, request: HTTPConnection) -> str:
        presented = request.headers.get(self.header)
        if presented is None:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() == "bearer" and token:
                presented = token.strip()
        if not presented:
            raise AuthenticationError("An API key is required", challenge='Bearer realm="acp"')
        candidate = presented.encode()
        found: str | None = None
        for key, principal in self._keys:
            if hmac.compare_digest(key, candidate):
                found = principal
        if found is None:
            raise AuthenticationError("Invalid API key", challenge='Bearer realm="acp"')
        return found
