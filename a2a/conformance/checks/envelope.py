"""The signed-envelope extension (``spec/signed-envelope.md``), when the card declares it.

The suite signs its messages with a fresh key under a ``did:`` issuer the
agent cannot look up: an agent with the default policy (verify if present)
accepts them without an identity, and signs its replies because the request
activated the extension (signed-envelope §7).  Replies are verified against
the keys at the declaration's ``jwksUri``.  Their binding to the request
(``aud``, ``irt``) exists only when the agent trusts the sender's key, which
a black-box suite cannot arrange, so it is checked only when present.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from a2a.client.identity import ClientIdentity
from a2a.conformance import convention
from a2a.conformance.context import NEUTRAL_TEXT, BindingContext, prerequisite, user_message
from a2a.conformance.registry import check, expect, fail, skip
from a2a.conformance.shapes import error_info, matches, member
from a2a.errors import InvalidParamsError
from a2a.identity.envelope import EXTENSION_URI, EnvelopeSigner
from a2a.identity.errors import KeyFormatError, SignatureError
from a2a.identity.jwk import PrivateKey, generate_key, parse_jwks
from a2a.identity.policy import EnvelopePolicy
from a2a.identity.trust import TrustStore
from a2a.protocol.negotiation import EXTENSIONS_HEADER

__all__: list[str] = []


@dataclass
class Keys:
    jwks: dict[str, Any]
    ours: PrivateKey
    issuer: str


def _declaration(ctx: BindingContext) -> dict[str, Any]:
    for extension in ctx.agent.extensions:
        if extension.get("uri") == EXTENSION_URI:
            return extension
    raise prerequisite("the signed-envelope declaration", "none")  # pragma: no cover


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


async def _keys(ctx: BindingContext) -> Keys:
    """The agent's JWKS (from the declaration), and a signing identity of our own."""

    async def make() -> Keys:
        params = member(_declaration(ctx), "params", {}) or {}
        uri = params.get("jwksUri") if isinstance(params, dict) else None
        if not isinstance(uri, str) or not uri:
            raise prerequisite("params.jwksUri in the declaration", f"params {params!r}")
        url = urljoin(ctx.agent.card_url, uri)
        response = await ctx.agent.http.get(url, timeout=ctx.options.timeout)
        try:
            document = response.json()
            keys = parse_jwks(document)
        except (ValueError, KeyFormatError) as exc:
            raise prerequisite(f"a JWKS at {url}", f"HTTP {response.status_code}: {exc}") from exc
        if not keys:
            raise prerequisite(f"a signature key in the JWKS at {url}", "none")
        return Keys(document, generate_key(), f"did:web:a2a-conformance.invalid:{uuid.uuid4()}")

    return await ctx.memo("envelope_keys", make)


def _identity(ctx: BindingContext, keys: Keys) -> ClientIdentity:
    trust = TrustStore(require_https=False)
    for anchor in (ctx.agent.card_url, _origin(ctx.agent.card_url)):
        trust.pin(anchor, keys.jwks)
    return ClientIdentity(
        key=keys.ours,
        issuer=keys.issuer,
        trust=trust,
        peer=ctx.agent.card_url,
        policy=EnvelopePolicy(mode="require"),
    )


def _headers(ctx: BindingContext) -> dict[str, str]:
    return {EXTENSIONS_HEADER: ", ".join([*ctx.agent.required_extensions, EXTENSION_URI])}


def _signed(ctx: BindingContext, identity: ClientIdentity, text: str) -> dict[str, Any]:
    params: dict[str, Any] = {"message": user_message(text)}
    identity.sign_params(params, "SendMessage")
    return params


def _refusal(reply_error: Any, what: str) -> None:
    info = error_info(reply_error)
    if info is not None and str(info.get("reason", "")).startswith("SIGNATURE_"):
        skip(
            f"the agent refused the suite's {what} ({info.get('reason')}): it only accepts "
            "signatures from keys it trusts, so replies cannot be checked"
        )


@check("A2A-ENV-JWKS-001", needs=("envelope",))
async def envelope_jwks(ctx: BindingContext) -> None:
    params = member(_declaration(ctx), "params", {}) or {}
    uri = params.get("jwksUri") if isinstance(params, dict) else None
    expect(isinstance(uri, str) and uri, "params.jwksUri", f"params {json.dumps(params)[:160]}")
    assert isinstance(uri, str)
    url = urljoin(ctx.agent.card_url, uri)
    expect(_origin(url) == _origin(ctx.agent.card_url), "a jwksUri on the card's origin", url)
    await _keys(ctx)


@check("A2A-ENV-REPLY-001", needs=("envelope",))
async def envelope_reply(ctx: BindingContext) -> None:
    identity = _identity(ctx, await _keys(ctx))
    text = convention.artifacts(1) if ctx.convention else NEUTRAL_TEXT
    params = _signed(ctx, identity, text)
    reply = await ctx.wire.call("SendMessage", params, headers=_headers(ctx))
    if reply.error is not None:
        _refusal(reply.error, "signed message")
        raise prerequisite("an answer to a signed message", reply.describe())
    try:
        found = await identity.verify_result(reply.result, expected_irt=None)
    except SignatureError as exc:
        fail(
            "a reply signed by the agent with a key of its JWKS",
            f"{exc.reason}: {getattr(exc, 'detail', '')}",
        )
    expect(found and all(found), "a signed reply", "no signature")


@check("A2A-ENV-STREAM-001", needs=("envelope", "streaming"))
async def envelope_stream(ctx: BindingContext) -> None:
    identity = _identity(ctx, await _keys(ctx))
    text = convention.artifacts(2) if ctx.convention else NEUTRAL_TEXT
    params = _signed(ctx, identity, text)
    async with ctx.wire.open_stream(
        "SendStreamingMessage", params, headers=_headers(ctx)
    ) as opened:
        await ctx.read_stream(opened)
    stream = opened.reply
    if stream.reply is not None:
        _refusal(stream.reply.error, "signed message")
        raise prerequisite("a stream for a signed message", stream.describe())
    if not stream.payloads:
        raise prerequisite("events for a signed message", stream.describe())
    for index, payload in enumerate(stream.payloads):
        try:
            await identity.verify_result(payload, expected_irt=None)
        except SignatureError as exc:
            fail(
                f"event {index + 1} signed by the agent",
                f"{exc.reason}: {getattr(exc, 'detail', '')}",
            )


@check("A2A-ENV-REJECT-001", needs=("envelope",))
async def envelope_expired(ctx: BindingContext) -> None:
    keys = await _keys(ctx)
    signer = EnvelopeSigner(keys.ours, keys.issuer, ttl=60, clock=lambda: time.time() - 3600)
    message = signer.sign(user_message(NEUTRAL_TEXT), "message", audience=ctx.agent.card_url)
    reply = await ctx.wire.call("SendMessage", {"message": message}, headers=_headers(ctx))
    info = error_info(reply.error) or {}
    expect(
        matches(reply.error, InvalidParamsError) and info.get("reason") == "SIGNATURE_EXPIRED",
        "InvalidParams with ErrorInfo reason SIGNATURE_EXPIRED",
        reply.describe,
    )
