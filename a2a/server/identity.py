"""Agent identity for the reference server, as an ASGI layer around :func:`create_app`.

::

    app = with_identity(create_app(agent), ServerIdentity(key=read_private_key("key.jwk")))

The layer adds, without touching the bindings:

* a signed Agent Card (A2A §8.4, ``jku`` on our own origin) that also declares
  the signed-envelope extension, and the public JWKS at
  ``/.well-known/jwks.json`` and ``/.well-known/http-message-signatures-directory``;
* RFC 9421 request signatures checked before anything else (401 and
  ``WWW-Authenticate: Signature`` on failure); :class:`HTTPSignatureAuth` makes
  the verified signer the request's principal;
* signed-envelope verification of the ``message`` of ``SendMessage`` /
  ``SendStreamingMessage`` (failures are the typed InvalidParams errors of the
  extension), the result put in ``scope["state"]["a2a.identity"]``;
* signatures on the Messages, Tasks and stream events it returns, when the
  client activated the extension, signed its message, or policy says always.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from a2a.errors import A2AError, AuthenticationError, PayloadTooLargeError
from a2a.identity.binding import (
    SIGNED_RESULT_METHODS,
    ObjectSigner,
    SSEResultSigner,
    request_message,
    sign_result_document,
)
from a2a.identity.card import sign_card
from a2a.identity.envelope import (
    EXTENSION_URI,
    EnvelopeSigner,
    VerifiedIdentity,
    extension_declaration,
    irt_of,
)
from a2a.identity.errors import HTTPSignatureError, SignatureError
from a2a.identity.httpauth import (
    DIRECTORY_MEDIA_TYPE,
    DIRECTORY_PATH,
    RequestPolicy,
    RequestVerifier,
    VerifiedRequest,
)
from a2a.identity.httpsig import HttpRequest
from a2a.identity.jwk import PrivateKey, jwks_document
from a2a.identity.policy import EnvelopePolicy, PolicySet
from a2a.identity.strict_json import StrictJSONError, loads
from a2a.identity.trust import JWKS_PATH, TrustStore
from a2a.identity.verifier import EnvelopeVerifier
from a2a.protocol.jsonrpc import encode_error
from a2a.protocol.negotiation import EXTENSIONS_HEADER
from a2a.protocol.rest import match_route
from a2a.server.app import CARD_PATH, JSONRPC_PATH, LEGACY_CARD_PATH, REST_PREFIX, A2AServer
from a2a.server.auth import Principal, RequestInfo
from a2a.server.card import CardDocument
from a2a.server.core import IDENTITY_STATE_KEY
from a2a.server.http import header_map, read_body, send_bytes
from a2a.types import HTTPAuthSecurityScheme, SecurityScheme

__all__ = [
    "IDENTITY_STATE_KEY",
    "HTTPSignatureAuth",
    "ServerIdentity",
    "with_identity",
]

_VERIFIED_REQUEST: contextvars.ContextVar[VerifiedRequest | None] = contextvars.ContextVar(
    "a2a_verified_request", default=None
)


@dataclass
class ServerIdentity:
    """How the server proves who it is and checks who calls it.

    ``trust`` holds the keys of callers (pinned, or fetched from their origin
    when it has a fetcher).  ``require_http_signature`` refuses requests
    without an RFC 9421 signature; otherwise one is checked when present.
    ``card_signing`` is :func:`~a2a.identity.card.sign_card`'s mode: the
    default refuses a card with empty REQUIRED fields at start-up.
    """

    key: PrivateKey
    trust: TrustStore = field(default_factory=TrustStore)
    envelope: EnvelopePolicy = field(default_factory=EnvelopePolicy)
    per_peer: dict[str, EnvelopePolicy] = field(default_factory=dict)
    http: RequestPolicy = field(default_factory=RequestPolicy)
    require_http_signature: bool = False
    max_body_size: int = 8 * 1024 * 1024
    card_signing: Literal["strict", "spec", "a2a-sdk"] = "strict"


class HTTPSignatureAuth:
    """An :class:`~a2a.server.auth.Authenticator` for RFC 9421 signatures.

    The signature itself is checked by :func:`with_identity` (it needs the
    method, target and body); this authenticator turns the verified signer into
    the principal, so signed callers need no other credential.
    """

    def __init__(self, *, scheme_name: str = "httpSignature") -> None:
        self.scheme_name = scheme_name

    def security_scheme(self) -> SecurityScheme:
        return SecurityScheme(
            http_auth_security_scheme=HTTPAuthSecurityScheme(
                scheme="Signature",
                description="RFC 9421 HTTP Message Signatures (Web Bot Auth compatible)",
            )
        )

    def challenge(self) -> str:
        return 'Signature realm="a2a"'

    async def authenticate(self, request: RequestInfo) -> Principal | None:
        verified = _VERIFIED_REQUEST.get()
        if verified is None:
            return None
        return Principal(verified.issuer or verified.keyid, scheme=self.scheme_name)


def _origin(scope: Scope, headers: dict[str, str]) -> str:
    host = headers.get("host") or "localhost"
    scheme = str(scope.get("scheme", "http"))
    return f"{scheme}://{host}"


def _target(scope: Scope, headers: dict[str, str]) -> str:
    raw: bytes = scope.get("raw_path") or scope["path"].encode()
    query: bytes = scope.get("query_string", b"")
    suffix = "?" + query.decode("latin-1") if query else ""
    return _origin(scope, headers) + raw.decode("latin-1") + suffix


class _IdentityLayer:
    def __init__(self, app: ASGIApp, identity: ServerIdentity, base_url: str | None) -> None:
        self.app = app
        self.identity = identity
        self.base_url = base_url.rstrip("/") if base_url else None
        server = getattr(getattr(app, "state", None), "a2a", None)
        if not isinstance(server, A2AServer):
            raise TypeError("with_identity wraps an application made by create_app")
        self.server = server
        self.verifier = EnvelopeVerifier(
            identity.trust,
            policies=PolicySet(default=identity.envelope, per_peer=identity.per_peer),
        )
        self.http = RequestVerifier(identity.trust, policy=identity.http)
        self.jwks = json.dumps(jwks_document([identity.key])).encode()
        self._cards: dict[str, CardDocument] = {}
        self._card_document(self.base_url or "http://localhost")  # refuse bad cards at start

    # -- documents -------------------------------------------------------------

    def _card_document(self, origin: str) -> CardDocument:
        doc = self._cards.get(origin)
        if doc is None:
            if len(self._cards) > 64:  # bound the cache against Host-header spraying
                self._cards.clear()
            card = self.server.card_for(origin)
            declared = [e for e in card.capabilities.extensions if e.uri != EXTENSION_URI]
            declared.append(extension_declaration(origin + JWKS_PATH))
            card = card.model_copy(
                update={
                    "capabilities": card.capabilities.model_copy(update={"extensions": declared})
                }
            )
            doc = self._cards[origin] = CardDocument(
                sign_card(
                    card, self.identity.key, jku=origin + JWKS_PATH, mode=self.identity.card_signing
                )
            )
        return doc

    def _identities(self, origin: str) -> tuple[str, ...]:
        """The ``aud`` values meant for us: card URL, origin and interface URLs."""
        base = self.base_url or origin
        return (base + CARD_PATH, base, base + JSONRPC_PATH, base + REST_PREFIX)

    # -- ASGI ----------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        headers = header_map(scope)
        if method == "GET" and path in (JWKS_PATH, DIRECTORY_PATH):
            kind = b"application/json" if path == JWKS_PATH else DIRECTORY_MEDIA_TYPE.encode()
            await send_bytes(send, 200, self.jwks, kind, [(b"cache-control", b"max-age=300")])
            return
        if method == "GET" and path in (CARD_PATH, LEGACY_CARD_PATH):
            doc = self._card_document(self.base_url or _origin(scope, headers))
            extra = [(b"etag", doc.etag.encode()), (b"cache-control", b"public, max-age=300")]
            if doc.etag in headers.get("if-none-match", ""):
                await send({"type": "http.response.start", "status": 304, "headers": extra})
                await send({"type": "http.response.body", "body": b""})
                return
            await send_bytes(send, 200, doc.body, b"application/json", extra)
            return
        await self._request(scope, receive, send, headers)

    async def _request(
        self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str]
    ) -> None:
        try:
            body = await read_body(receive, headers, self.identity.max_body_size)
        except PayloadTooLargeError as exc:
            status, payload = exc.to_rest()
            await send_bytes(send, status, json.dumps(payload).encode(), b"application/json")
            return
        verified: VerifiedRequest | None = None
        if "signature-input" in headers or self.identity.require_http_signature:
            request = HttpRequest(
                scope["method"],
                _target(scope, headers),
                [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]],
                body,
            )
            try:
                verified = await self.http.verify_async(request)
            except HTTPSignatureError as exc:
                await _unauthenticated(send, exc)
                return
        token = _VERIFIED_REQUEST.set(verified)
        try:
            if scope["method"] == "POST":
                await self._dispatch(scope, receive, send, headers, body, verified)
            else:  # GET/DELETE calls: authenticated above, nothing to sign or verify inside
                await self.app(scope, _replay(body, receive), send)
        finally:
            _VERIFIED_REQUEST.reset(token)

    async def _dispatch(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[str, str],
        body: bytes,
        verified: VerifiedRequest | None,
    ) -> None:
        jsonrpc = scope["path"] == JSONRPC_PATH
        payload: Any = None
        # Bad JSON is the binding's to report; an envelope inside it is refused below.
        with contextlib.suppress(StrictJSONError):
            payload = loads(body)
        method, params, request_id = _call(scope, payload, jsonrpc)
        message = request_message(params, method)
        origin = self.base_url or _origin(scope, headers)
        identity: VerifiedIdentity | None = None
        if message is not None:
            try:
                identity = await self.verifier.verify_async(
                    message,
                    "message",
                    peer=verified.issuer if verified else None,
                    transport_identity=verified.issuer if verified else None,
                    audience=self._identities(origin),
                )
            except SignatureError as exc:
                await _send_error(send, exc, jsonrpc, request_id)
                return
        elif payload is None and b"/signatures" in body and EXTENSION_URI.encode() in body:
            # Unparsable under strict rules, yet carrying an envelope: refuse it.
            await _send_error(send, SignatureError(detail="malformed_payload"), jsonrpc, request_id)
            return
        scope.setdefault("state", {})[IDENTITY_STATE_KEY] = identity
        activated = EXTENSION_URI in headers.get(EXTENSIONS_HEADER.lower(), "")
        policy = self.identity.envelope
        sign = (
            policy.mode != "off"
            and policy.sign_outgoing != "never"
            and (activated or identity is not None or policy.sign_outgoing == "always")
        )
        replayed = _replay(body, receive)
        if not sign or method not in SIGNED_RESULT_METHODS:
            await self.app(scope, replayed, send)
            return
        signer = EnvelopeSigner(self.identity.key, origin + CARD_PATH)
        irt = irt_of(message) if identity is not None and message is not None else None
        audience = identity.issuer if identity is not None else None
        rewrite = _Rewriter(
            send, lambda obj, kind: signer.sign(obj, kind, audience=audience, irt=irt), jsonrpc
        )
        await self.app(scope, replayed, rewrite)


def _call(scope: Scope, payload: Any, jsonrpc: bool) -> tuple[str, Any, Any]:
    """``(method, params, request id)`` of a request, as far as it can be read."""
    if jsonrpc:
        if not isinstance(payload, dict):
            return "", None, None
        request_id = payload.get("id")
        return str(payload.get("method", "")), payload.get("params"), request_id
    path = scope["path"]
    if not path.startswith(REST_PREFIX):
        return "", None, None
    raw = (scope.get("raw_path") or path.encode()).decode("latin-1")[len(REST_PREFIX) :]
    try:
        route = match_route(scope["method"], raw or "/")
    except A2AError:  # unknown routes and verbs: the binding answers them itself
        return "", None, None
    return route.operation.method, payload, None


def _replay(body: bytes, receive: Receive) -> Receive:
    """Hand the already read body to the app, then pass the real connection through.

    After the body, ``receive`` must block until the client really leaves:
    a stream writer listens for ``http.disconnect`` to know when to stop.
    """
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _send_error(send: Send, error: SignatureError, jsonrpc: bool, request_id: Any) -> None:
    if jsonrpc:
        rid = (
            request_id
            if isinstance(request_id, (str, int)) and not isinstance(request_id, bool)
            else None
        )
        await send_bytes(send, 200, encode_error(rid, error), b"application/json")
        return
    status, payload = error.to_rest()
    await send_bytes(send, status, json.dumps(payload).encode(), b"application/json")


async def _unauthenticated(send: Send, error: AuthenticationError) -> None:
    body = json.dumps(
        {"error": {"code": 401, "status": "UNAUTHENTICATED", "message": error.message}}
    ).encode()
    challenge = (error.challenge or "Signature").encode("latin-1")
    await send_bytes(send, 401, body, b"application/json", [(b"www-authenticate", challenge)])


class _Rewriter:
    """Wraps ``send``: signs the objects of JSON results and of SSE events on the way out."""

    def __init__(self, send: Send, sign: ObjectSigner, jsonrpc: bool) -> None:
        self.send = send
        self.sign = sign
        self.jsonrpc = jsonrpc
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.sse = False
        self.ok = False
        self.events = SSEResultSigner(sign, jsonrpc=jsonrpc)

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            content_type = dict(message.get("headers", [])).get(b"content-type", b"")
            headers = [(k, v) for k, v in message.get("headers", []) if k != b"content-length"]
            headers.append((EXTENSIONS_HEADER.lower().encode(), EXTENSION_URI.encode()))
            self.start = {**message, "headers": headers}
            self.sse = content_type.startswith(b"text/event-stream")
            media = content_type.split(b";")[0].strip()
            self.ok = message["status"] == 200 and (
                self.sse or media == b"application/json" or media.endswith(b"+json")
            )
            if self.sse:
                await self.send(self.start)
            return
        if message["type"] != "http.response.body":
            await self.send(message)
            return
        more = message.get("more_body", False)
        if self.sse:
            chunk = message.get("body", b"")
            body = self.events.feed(chunk) if self.ok else chunk
            await self.send({**message, "body": body})
            return
        self.chunks.append(message.get("body", b""))
        if more:
            return
        body = b"".join(self.chunks)
        if self.ok:
            body = sign_result_document(body, self.sign, jsonrpc=self.jsonrpc)
        assert self.start is not None
        start = self.start
        start["headers"] = [*start["headers"], (b"content-length", str(len(body)).encode())]
        await self.send(start)
        await self.send({"type": "http.response.body", "body": body, "more_body": False})


def with_identity(
    app: ASGIApp, identity: ServerIdentity, *, base_url: str | None = None
) -> ASGIApp:
    """Wrap an application from :func:`~a2a.server.app.create_app` with ``identity``.

    ``base_url`` should be the same as ``create_app``'s: it fixes the card URL
    (our ``iss``) instead of taking it from each request's ``Host``.
    """
    return _IdentityLayer(app, identity, base_url)
