"""Server-side authentication for ACP, which has none of its own (``spec/acp.md`` §6).

An authenticator looks at the request and returns the caller's principal
(a string), or raises :class:`a2a.errors.AuthenticationError` (401) or
:class:`a2a.errors.PermissionDeniedError` (403).  The request body, already
read within the server's size limit, is ``request.state.body``.  When an
authenticator is configured, runs and sessions belong to the principal that
created them: another principal gets 404 for them, as if they did not exist.

Schemes: :class:`APIKeyAuth` (``X-API-Key`` or bearer), :class:`HTTPSignatureAuth`
(RFC 9421 HTTP message signatures, the profile of :mod:`a2a.identity.httpauth`),
and :class:`AnyOf` to accept several.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Mapping
from typing import Protocol

from starlette.requests import HTTPConnection

from a2a.errors import AuthenticationError
from a2a.identity.errors import HTTPSignatureError
from a2a.identity.httpauth import RequestVerifier
from a2a.identity.httpsig import HttpRequest

__all__ = ["APIKeyAuth", "AnyOf", "Authenticator", "HTTPSignatureAuth"]


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


class HTTPSignatureAuth:
    """RFC 9421 request signatures, verified by :class:`a2a.identity.httpauth.RequestVerifier`.

    The signed target URI is this request's own (scheme, ``Host``, raw path and
    query); the body is covered through ``Content-Digest``.  The principal is
    the signer's issuer (the ``Signature-Agent`` origin, or the issuer its key
    is pinned for), else the key's thumbprint.  Failures are 401 with
    ``WWW-Authenticate: Signature``; the reason is kept for logs only.
    """

    def __init__(self, verifier: RequestVerifier) -> None:
        self.verifier = verifier

    async def __call__(self, request: HTTPConnection) -> str:
        scope = request.scope
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        host = request.headers.get("host", "localhost")
        raw: bytes = scope.get("raw_path") or scope["path"].encode()
        query: bytes = scope.get("query_string", b"")
        url = f"{scope.get('scheme', 'http')}://{host}{raw.decode('latin-1')}"
        if query:
            url += "?" + query.decode("latin-1")
        body: bytes = getattr(request.state, "body", b"")
        signed = HttpRequest(scope.get("method", "GET"), url, headers, body or None)
        try:
            verified = await self.verifier.verify_async(signed)
        except HTTPSignatureError as exc:
            raise AuthenticationError(exc.message, challenge='Signature realm="acp"') from None
        return verified.issuer or verified.keyid


class AnyOf:
    """Accept the first authenticator that accepts; else raise the first one's error."""

    def __init__(self, *authenticators: Authenticator) -> None:
        if not authenticators:
            raise ValueError("at least one authenticator is required")
        self.authenticators = authenticators

    async def __call__(self, request: HTTPConnection) -> str:
        first: AuthenticationError | None = None
        for authenticator in self.authenticators:
            try:
                return await authenticator(request)
            except AuthenticationError as exc:
                first = first or exc
        assert first is not None
        raise first
