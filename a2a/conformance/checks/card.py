"""The Agent Card: discovery, required fields, interfaces, caching, extended card, signatures."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from a2a.client.discovery import parse_card
from a2a.client.identity import jwks_fetcher
from a2a.conformance.context import AgentContext, BindingContext
from a2a.conformance.registry import check, expect, fail, skip
from a2a.conformance.shapes import member
from a2a.identity.card import verify_card_async
from a2a.identity.errors import SignatureError
from a2a.identity.trust import TrustStore
from a2a.protocol.negotiation import major_minor
from a2a.protocol.ssrf import UrlPolicy

__all__: list[str] = []

_MAJOR_MINOR = re.compile(r"^\d+\.\d+$")


def _missing(obj: Any, fields: dict[str, str], where: str) -> list[str]:
    """Names of ``fields`` absent from ``obj`` (kind: ``text``, ``str``, ``list``, ``object``)."""
    gaps = []
    for name, kind in fields.items():
        value = obj.get(name) if isinstance(obj, dict) else None
        ok = {
            "text": isinstance(value, str) and bool(value),
            "str": isinstance(value, str),
            "list": isinstance(value, list) and bool(value),
            "any-list": isinstance(value, list),
            "object": isinstance(value, dict),
        }[kind]
        if not ok:
            gaps.append(f"{where}{name}")
    return gaps


@check("A2A-CARD-FETCH-001")
async def card_served(agent: AgentContext) -> None:
    reply = agent.card_reply
    expect(
        reply.status == 200 and isinstance(reply.body, dict),
        f"HTTP 200 with a JSON object at {agent.card_url}",
        reply.describe,
    )


@check("A2A-CARD-FIELDS-001")
async def card_fields(agent: AgentContext) -> None:
    card = agent.card_json
    gaps = _missing(
        card,
        {
            "name": "text",
            "description": "str",
            "version": "text",
            "supportedInterfaces": "list",
            "capabilities": "object",
            "defaultInputModes": "list",
            "defaultOutputModes": "list",
            # Required, but an agent may have no skills (A2A notes §11 #10).
            "skills": "any-list",
        },
        "",
    )
    for index, skill in enumerate(agent.skills()):
        gaps += _missing(
            skill,
            {"id": "text", "name": "text", "description": "str", "tags": "list"},
            f"skills[{index}].",
        )
    expect(not gaps, "every REQUIRED card field present and set", f"missing: {', '.join(gaps)}")


def _entries(agent: AgentContext) -> list[Any]:
    entries = member(agent.card_json, "supportedInterfaces", [])
    return entries if isinstance(entries, list) else []


@check("A2A-CARD-IFACE-001")
async def interface_fields(agent: AgentContext) -> None:
    entries = _entries(agent)
    if not entries:
        skip("the card lists no supportedInterfaces (judged by A2A-CARD-FIELDS-001)")
    gaps: list[str] = []
    for index, entry in enumerate(entries):
        gaps += _missing(
            entry,
            {"url": "text", "protocolBinding": "text", "protocolVersion": "text"},
            f"supportedInterfaces[{index}].",
        )
    expect(
        not gaps,
        "url, protocolBinding and protocolVersion on every interface",
        f"missing: {', '.join(gaps)}",
    )


@check("A2A-CARD-IFACE-002")
async def interface_version(agent: AgentContext) -> None:
    versions = [str(member(e, "protocolVersion", "")) for e in _entries(agent)]
    expect(
        any(major_minor(v) == "1.0" for v in versions),
        "an interface with protocolVersion 1.0",
        f"versions {versions}",
    )


@check("A2A-CARD-VERSION-001")
async def version_format(agent: AgentContext) -> None:
    versions = [member(e, "protocolVersion") for e in _entries(agent)]
    bad = [v for v in versions if isinstance(v, str) and not _MAJOR_MINOR.match(v)]
    expect(not bad, 'Major.Minor versions such as "1.0"', f"{bad}")


@check("A2A-CARD-CACHE-001")
async def cache_control(agent: AgentContext) -> None:
    value = agent.card_reply.headers.get("cache-control", "")
    expect(
        re.search(r"max-age=\d+", value),
        "Cache-Control with max-age",
        repr(value) if value else "no Cache-Control header",
    )


@check("A2A-CARD-ETAG-001")
async def etag(agent: AgentContext) -> None:
    expect(agent.card_reply.headers.get("etag"), "an ETag header", "no ETag header")


@check("A2A-CARD-REVALIDATE-001")
async def revalidate(agent: AgentContext) -> None:
    tag = agent.card_reply.headers.get("etag")
    if not tag:
        skip("the card has no ETag (judged by A2A-CARD-ETAG-001)")
    response = await agent.http.get(
        agent.card_url,
        headers={**agent.options.headers, "If-None-Match": tag},
        timeout=agent.options.timeout,
    )
    expect(response.status_code == 304, "HTTP 304 Not Modified", f"HTTP {response.status_code}")


@check("A2A-CARD-EXTENDED-001", needs=("extended_card", "credentials"))
async def extended_card(ctx: BindingContext) -> None:
    reply = await ctx.wire.call("GetExtendedAgentCard", {})
    expect(reply.ok and isinstance(reply.result, dict), "an Agent Card", reply.describe)
    try:
        parse_card(reply.result)
    except ValueError as exc:
        fail("an Agent Card", f"not a card: {str(exc)[:200]}")


# -- signatures -------------------------------------------------------------------


def _headers(agent: AgentContext) -> list[dict[str, Any] | None]:
    out: list[dict[str, Any] | None] = []
    for entry in member(agent.card_json, "signatures", []) or []:
        protected = entry.get("protected") if isinstance(entry, dict) else None
        try:
            text = base64.urlsafe_b64decode(str(protected) + "=" * (-len(str(protected)) % 4))
            header = json.loads(text)
        except (ValueError, TypeError):
            header = None
        out.append(header if isinstance(header, dict) else None)
    return out


def _well_formed(header: dict[str, Any] | None) -> bool:
    return (
        header is not None
        and isinstance(header.get("alg"), str)
        and isinstance(header.get("kid"), str)
        and bool(header["kid"])
    )


@check("A2A-SIG-CARD-002", needs=("signed_card",))
async def signature_headers(agent: AgentContext) -> None:
    headers = _headers(agent)
    bad = [i for i, h in enumerate(headers) if not _well_formed(h)]
    expect(
        not bad,
        "a protected header with alg and kid in every signature",
        f"signatures {bad} lack them: {[headers[i] for i in bad]}",
    )


@check("A2A-SIG-CARD-003", needs=("signed_card",))
async def signature_typ(agent: AgentContext) -> None:
    typs = [h.get("typ") if h else None for h in _headers(agent)]
    expect(all(t == "JOSE" for t in typs), "typ JOSE", f"typ {typs}")


@check("A2A-SIG-CARD-001", needs=("signed_card",))
async def signature_verifies(agent: AgentContext) -> None:
    if not all(_well_formed(h) for h in _headers(agent)):
        skip("a signature header lacks alg or kid (judged by A2A-SIG-CARD-002)")
    policy = UrlPolicy(allow_private=True, allow_http=True)  # the user chose this agent
    store = TrustStore(fetch=jwks_fetcher(agent.http, policy=policy), require_https=False)
    if agent.options.trust_jwks:
        store.pin(agent.card_url, json.loads(agent.options.trust_jwks))
    try:
        await verify_card_async(agent.card_reply.text, store, card_url=agent.card_url)
    except SignatureError as exc:
        detail = getattr(exc, "detail", "")
        if detail in ("unknown_key", "issuer_key_mismatch"):
            skip(
                "the signing key is not in the JWKS of the card's origin "
                f"({detail}); give the agent's keys with --trust-jwks"
            )
        fail("a signature that verifies over the canonical card", f"{detail or exc}")
