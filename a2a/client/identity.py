"""Agent identity on the client side, on httpx.

* :func:`jwks_fetcher`: the :data:`~a2a.identity.trust.JwksFetcher` a
  :class:`~a2a.identity.trust.TrustStore` uses to read an origin's JWKS, with
  the SSRF guard (public addresses only unless allowed, DNS answers checked),
  same-origin redirects only, timeouts and a 64 KiB body limit.
* :func:`fetch_verified_card`: fetch an Agent Card and verify its signature
  against pinned keys or its own origin's JWKS (A2A §8.4); :func:`card_report`
  is the same as a printable verdict (for ``a2a card URL --verify``).
* :class:`ClientIdentity`: signs the ``message`` of outgoing send requests
  (signed-envelope extension) and verifies the Messages, Tasks and events that
  come back; :class:`EnvelopeAuth` does both inside any ``httpx.AsyncClient``.
* :class:`HTTPSignatureAuth`: signs every request with RFC 9421 (our
  Web Bot Auth-compatible profile).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import time
from collections.abc import AsyncGenerator, Generator
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urljoin

import httpx

from a2a.identity.binding import SEND_METHODS, request_message, result_objects
from a2a.identity.card import CardCanonicalization, VerifiedCard, verify_card_async
from a2a.identity.envelope import (
    EXTENSION_URI,
    SIGNATURES_KEY,
    EnvelopeSigner,
    VerifiedIdentity,
    irt_of,
)
from a2a.identity.errors import SignatureError
from a2a.identity.httpauth import A2A_REQUEST_TAG, sign_request
from a2a.identity.httpsig import HttpRequest
from a2a.identity.jwk import PrivateKey
from a2a.identity.policy import EnvelopePolicy, PolicySet
from a2a.identity.strict_json import StrictJSONError
from a2a.identity.strict_json import loads as strict_loads
from a2a.identity.trust import FetchedJwks, JwksFetcher, TrustStore, origin_of
from a2a.identity.verifier import EnvelopeVerifier
from a2a.protocol.negotiation import EXTENSIONS_HEADER
from a2a.protocol.ssrf import UnsafeURLError, UrlPolicy, check_address, check_url

__all__ = [
    "ClientIdentity",
    "EnvelopeAuth",
    "HTTPSignatureAuth",
    "card_report",
    "fetch_verified_card",
    "jwks_fetcher",
]

MAX_DOCUMENT_BYTES: Final = 64 * 1024
MAX_REDIRECTS: Final = 3
_MAX_AGE = re.compile(r"max-age=(\d+)")


async def _check_resolved(url: str, policy: UrlPolicy) -> None:
    """SSRF guard: the URL, then every address its host resolves to."""
    _, host, port = check_url(url, policy)
    if policy.allow_private:
        return
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for info in infos:
        check_address(str(info[4][0]), policy)


async def _get_document(
    client: httpx.AsyncClient, url: str, policy: UrlPolicy, *, accept: str
) -> tuple[str, bytes, int | None]:
    """GET ``url`` under the guard; ``(final URL, body, max-age)``. Redirects stay on-origin."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        await _check_resolved(current, policy)
        async with client.stream("GET", current, headers={"Accept": accept}) as response:
            if response.is_redirect:
                target = urljoin(current, response.headers.get("location", ""))
                if origin_of(target, require_https=False) != origin_of(
                    current, require_https=False
                ):
                    raise UnsafeURLError("redirect to another origin")
                current = target
                continue
            response.raise_for_status()
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise UnsafeURLError("document too large")
            match = _MAX_AGE.search(response.headers.get("cache-control", ""))
            return current, body, int(match.group(1)) if match else None
    raise UnsafeURLError("too many redirects")


def jwks_fetcher(
    client: httpx.AsyncClient | None = None, *, policy: UrlPolicy = UrlPolicy()
) -> JwksFetcher:
    """A JWKS fetcher for :class:`TrustStore`: guarded, bounded, same-origin redirects only.

    Without ``client`` each fetch uses a short-lived client with 2 s connect
    and 5 s total timeouts.  Tests on loopback pass
    ``UrlPolicy(allow_private=True, allow_http=True)``.
    """

    async def fetch(url: str) -> FetchedJwks:
        if client is not None:
            _, body, max_age = await _get_document(client, url, policy, accept="application/json")
            return FetchedJwks(body, max_age)
        timeout = httpx.Timeout(5.0, connect=2.0)
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as own:
            _, body, max_age = await _get_document(own, url, policy, accept="application/json")
        return FetchedJwks(body, max_age)

    return fetch


async def fetch_verified_card(
    url: str,
    store: TrustStore,
    *,
    client: httpx.AsyncClient | None = None,
    policy: UrlPolicy = UrlPolicy(),
    compat: CardCanonicalization = "spec",
) -> VerifiedCard:
    """Fetch the card at ``url`` and verify it; raise :class:`SignatureError` if it fails.

    The card's keys come from ``store``: pinned keys, or (when the store has a
    fetcher) the JWKS of the origin the card was actually served from.
    """
    own = client is None
    http = client or httpx.AsyncClient(timeout=httpx.Timeout(5.0, connect=2.0))
    try:
        final, body, _ = await _get_document(http, url, policy, accept="application/json")
    finally:
        if own:
            await http.aclose()
    return await verify_card_async(body, store, card_url=final, compat=compat)


@dataclass
class ClientIdentity:
    """Who we are (``key``, ``issuer``: our card URL or DID) and whom we trust.

    ``peer`` is the card URL of the agent we talk to: the ``aud`` of what we
    sign, and the per-peer policy key of what we verify.
    """

    key: PrivateKey | None
    issuer: str | None
    trust: TrustStore
    peer: str
    policy: EnvelopePolicy = field(default_factory=EnvelopePolicy)
    verifier: EnvelopeVerifier = field(init=False)

    def __post_init__(self) -> None:
        self.verifier = EnvelopeVerifier(
            self.trust,
            local_identities=[self.issuer] if self.issuer else [],
            policies=PolicySet(default=self.policy),
        )

    @property
    def signs(self) -> bool:
        return (
            self.key is not None
            and self.issuer is not None
            and self.policy.mode != "off"
            and self.policy.sign_outgoing != "never"
        )

    def sign_params(self, params: Any, method: str) -> str | None:
        """Sign the message of send-request ``params`` in place; return the reply ``irt``."""
        message = request_message(params, method)
        if message is None or not self.signs:
            return None
        assert self.key is not None
        assert self.issuer is not None
        signer = EnvelopeSigner(self.key, self.issuer)
        params["message"] = signer.sign(message, "message", audience=self.peer)
        return irt_of(params["message"])

    async def verify_result(
        self, result: Any, *, expected_irt: str | None
    ) -> list[VerifiedIdentity | None]:
        """Verify every signed object of a result (``SendMessageResponse``, event, Task)."""
        identities = []
        for container, member, kind in list(result_objects(result)):
            obj = container[member] if member is not None else container
            identities.append(
                await self.verifier.verify_async(
                    obj,
                    kind,
                    peer=self.peer,
                    expected_irt=expected_irt,
                    audience_required=expected_irt is not None,
                )
            )
        return identities


class ChainedAuth(httpx.Auth):
    """Apply two single-round ``httpx.Auth`` flows in turn (envelope, then credentials)."""

    requires_request_body = True

    def __init__(self, first: httpx.Auth, second: httpx.Auth) -> None:
        self.first = first
        self.second = second

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        outer = self.first.async_auth_flow(request)
        inner = self.second.async_auth_flow(await outer.__anext__())
        response = yield await inner.__anext__()
        for flow in (inner, outer):  # hand the response back, innermost first
            with contextlib.suppress(StopAsyncIteration):
                await flow.asend(response)
                raise RuntimeError("chained authentication supports single-round flows only")


def _strict_document(raw: bytes) -> Any:
    """Parse a reply strictly (identity.md §7.3); ``None`` if it is not JSON at all.

    JSON that carries one of our signatures but breaks the strict rules
    (duplicate members, NaN, excessive depth) is refused, not verified leniently.
    """
    try:
        return strict_loads(raw)
    except StrictJSONError:
        if SIGNATURES_KEY.encode() in raw:
            raise SignatureError(detail="malformed_payload") from None
    try:
        return json.loads(raw)
    except ValueError:
        return None


async def verify_event(identity: ClientIdentity, response: httpx.Response, data: str) -> None:
    """Check the signatures of one SSE event (JSON-RPC or HTTP+JSON) of a signed exchange.

    Raises :class:`SignatureError` when a present signature fails, or when the
    policy requires one that is missing.
    """
    document = _strict_document(data.encode())
    if document is None:
        return  # not JSON at all: the transport reports malformed events
    if isinstance(document, dict) and "jsonrpc" in document:
        if "result" not in document:
            return  # an error event carries nothing signed
        document = document["result"]
    await identity.verify_result(document, expected_irt=response.extensions.get("a2a.irt"))


class EnvelopeAuth(httpx.Auth):
    """Signs send requests and verifies JSON replies inside an ``httpx.AsyncClient``.

    Works for both bindings: JSON-RPC (``method`` in the body) and HTTP+JSON
    (``/message:send`` and ``/message:stream`` paths).  A JSON reply is
    verified before the caller sees it (:class:`SignatureError` if it fails);
    the identities are on ``response.extensions["a2a.identities"]``.  SSE
    replies are left to the caller (:meth:`ClientIdentity.verify_result` per
    event), with the request's ``irt`` on ``response.extensions["a2a.irt"]``.
    """

    requires_request_body = True

    def __init__(self, identity: ClientIdentity) -> None:
        self.identity = identity

    def _prepare(self, request: httpx.Request) -> tuple[httpx.Request, str | None, bool]:
        try:
            payload = json.loads(request.content) if request.content else None
        except ValueError:
            return request, None, False
        path = request.url.path
        jsonrpc = isinstance(payload, dict) and "jsonrpc" in payload
        if isinstance(payload, dict) and jsonrpc:
            method, params = str(payload.get("method", "")), payload.get("params")
        elif path.endswith(("/message:send", "/message:stream")):
            method, params = "SendMessage", payload
        else:
            return request, None, jsonrpc
        irt = self.identity.sign_params(params, method) if method in SEND_METHODS else None
        if irt is None:
            return request, None, jsonrpc
        headers = dict(request.headers)
        headers.pop("content-length", None)
        active = headers.get(EXTENSIONS_HEADER.lower(), "")
        headers[EXTENSIONS_HEADER] = f"{active},{EXTENSION_URI}" if active else EXTENSION_URI
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        signed = httpx.Request(request.method, request.url, headers=headers, content=body)
        return signed, irt, jsonrpc

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        signed, irt, jsonrpc = self._prepare(request)
        response = yield signed
        response.extensions = {**response.extensions, "a2a.irt": irt}
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if response.status_code != 200 or not (media.endswith("json")):
            return
        document = _strict_document(await response.aread())
        result = document.get("result") if jsonrpc and isinstance(document, dict) else document
        if result is not None:
            identities = await self.identity.verify_result(result, expected_irt=irt)
            response.extensions = {**response.extensions, "a2a.identities": identities}

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        raise RuntimeError("EnvelopeAuth verifies asynchronously: use httpx.AsyncClient")


class HTTPSignatureAuth(httpx.Auth):
    """Signs each request with RFC 9421 under our profile (``tag`` a2a-request or web-bot-auth)."""

    requires_request_body = True

    def __init__(
        self,
        key: PrivateKey,
        *,
        signature_agent: str | None = None,
        tag: str = A2A_REQUEST_TAG,
        ttl: int = 60,
    ) -> None:
        self.key = key
        self.signature_agent = signature_agent
        self.tag = tag
        self.ttl = ttl

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        view = HttpRequest(
            request.method, str(request.url), list(request.headers.items()), request.content
        )
        for name, value in sign_request(
            view,
            self.key,
            signature_agent=self.signature_agent,
            tag=self.tag,
            now=int(time.time()),
            ttl=self.ttl,
        ):
            request.headers[name] = value
        yield request


async def card_report(
    url: str,
    *,
    trust: TrustStore | None = None,
    policy: UrlPolicy = UrlPolicy(),
    compat: CardCanonicalization = "spec",
) -> dict[str, Any]:
    """What ``a2a card URL --verify`` prints: the verdict on the card's signature.

    Without ``trust``, keys come from the JWKS of the card's own origin; with
    it, only from the keys it pins (``--trust JWKS_OR_KEY``).  Never raises
    for a bad signature: the report says ``verified: false`` and why.
    """
    if trust is None:
        trust = TrustStore(fetch=jwks_fetcher(policy=policy), require_https=not policy.allow_http)
    try:
        verified = await fetch_verified_card(url, trust, policy=policy, compat=compat)
    except SignatureError as exc:
        return {"url": url, "verified": False, "reason": exc.reason, "detail": exc.detail}
    return {
        "url": url,
        "verified": True,
        "name": verified.card.name,
        "kid": verified.kid,
        "alg": verified.alg,
        "canonicalization": verified.canonicalization,
    }
