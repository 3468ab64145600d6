"""Agent Cards between A2A 0.3 JSON and the 1.0 model, both ways, without I/O.

0.3 names one main endpoint (``url`` + ``preferredTransport``, default
``JSONRPC``) plus ``additionalInterfaces[{url, transport}]`` and a top-level
``protocolVersion``; 1.0 lists ``supportedInterfaces`` with a version on each.
Security schemes are OpenAPI objects tagged by ``type`` in 0.3 and a ``oneof``
wrapper in 1.0; requirements are ``{name: [scopes]}`` in 0.3 and
``{"schemes": {name: {"list": [scopes]}}}`` in 1.0.

Lossy corners, on purpose:

* a 0.3 OAuth scheme may declare several flows; 1.0 allows exactly one, so the
  first of authorizationCode, clientCredentials, deviceCode, implicit, password
  is kept;
* ``capabilities.stateTransitionHistory`` has no 1.0 field and is dropped;
* 1.0 interfaces of other versions are not listed in a pure 0.3 card.
"""

from __future__ import annotations

from typing import Any

from a2a.protocol.negotiation import LEGACY_VERSION, major_minor
from a2a.types import (
    AgentCard,
    AgentInterface,
    ProtocolBinding,
    SecurityRequirement,
    SecurityScheme,
)

__all__ = [
    "LEGACY_CARD_VERSION",
    "card_from_v03",
    "card_to_v03",
    "hybrid_card",
    "is_v03_card",
    "scheme_from_v03",
    "scheme_to_v03",
]

#: What a 0.3 card says in ``protocolVersion``.
LEGACY_CARD_VERSION = "0.3.0"

# 0.3 ``type`` tag <-> 1.0 oneof member.
_SCHEME_MEMBERS = {
    "apiKey": "apiKeySecurityScheme",
    "http": "httpAuthSecurityScheme",
    "oauth2": "oauth2SecurityScheme",
    "openIdConnect": "openIdConnectSecurityScheme",
    "mutualTLS": "mtlsSecurityScheme",
}
_SCHEME_TYPES = {member: tag for tag, member in _SCHEME_MEMBERS.items()}
_FLOW_ORDER = ("authorizationCode", "clientCredentials", "deviceCode", "implicit", "password")


def is_v03_card(data: Any) -> bool:
    """Whether ``data`` is a card in 0.3 form only (no ``supportedInterfaces``)."""
    return isinstance(data, dict) and "supportedInterfaces" not in data and "url" in data


def _copy(src: dict[str, Any], dst: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if src.get(key) is not None:
            dst[key] = src[key]


def scheme_from_v03(data: dict[str, Any]) -> SecurityScheme:
    """A 0.3 ``type``-tagged security scheme as the 1.0 ``oneof``.

    An entry that already has a 1.0 member (as in hybrid cards) is read as 1.0.
    Raises ``ValueError`` for an unknown ``type``.
    """
    if any(member in data for member in _SCHEME_TYPES):
        return SecurityScheme.model_validate(data)
    kind = data.get("type")
    member = _SCHEME_MEMBERS.get(str(kind))
    if member is None:
        raise ValueError(f"unknown security scheme type {kind!r}")
    body: dict[str, Any] = {}
    _copy(data, body, "description")
    if kind == "apiKey":
        body["location"] = data.get("in", "")
        _copy(data, body, "name")
    elif kind == "http":
        _copy(data, body, "scheme", "bearerFormat")
    elif kind == "oauth2":
        flows = data.get("flows") or {}
        first = next((name for name in _FLOW_ORDER if flows.get(name)), None)
        body["flows"] = {first: flows[first]} if first else {}
        _copy(data, body, "oauth2MetadataUrl")
    elif kind == "openIdConnect":
        _copy(data, body, "openIdConnectUrl")
    return SecurityScheme.model_validate({member: body})


def scheme_to_v03(scheme: SecurityScheme) -> dict[str, Any]:
    """The 1.0 ``oneof`` security scheme as a 0.3 ``type``-tagged object."""
    wrapped = scheme.to_dict()
    member, body = next(iter(wrapped.items()))
    out: dict[str, Any] = {"type": _SCHEME_TYPES[member]}
    _copy(body, out, "description")
    if member == "apiKeySecurityScheme":
        out["in"] = body.get("location", "")
        out["name"] = body.get("name", "")
    elif member == "httpAuthSecurityScheme":
        out["scheme"] = body.get("scheme", "")
        _copy(body, out, "bearerFormat")
    elif member == "oauth2SecurityScheme":
        out["flows"] = body.get("flows", {})
        _copy(body, out, "oauth2MetadataUrl")
    elif member == "openIdConnectSecurityScheme":
        out["openIdConnectUrl"] = body.get("openIdConnectUrl", "")
    return out


def _requirements_from_v03(items: Any) -> list[dict[str, Any]]:
    return [
        {"schemes": {name: {"list": list(scopes or [])} for name, scopes in item.items()}}
        for item in items or []
        if isinstance(item, dict)
    ]


def _requirements_to_v03(items: list[SecurityRequirement]) -> list[dict[str, list[str]]]:
    return [{name: list(scopes.list_) for name, scopes in r.schemes.items()} for r in items]


def card_from_v03(data: dict[str, Any]) -> AgentCard:
    """Read a 0.3 card (or a hybrid card) as a 1.0 :class:`AgentCard`.

    Raises ``ValueError`` (or pydantic's ``ValidationError``) for malformed input.
    """
    if "supportedInterfaces" in data:
        # A hybrid card: the 1.0 fields are authoritative.  Security schemes
        # written only in 0.3 form, and 0.3 ``security`` without a 1.0
        # ``securityRequirements``, are still understood.
        hybrid = dict(data)
        schemes = hybrid.get("securitySchemes")
        if isinstance(schemes, dict):
            hybrid["securitySchemes"] = {
                name: scheme_from_v03(s).to_dict() if isinstance(s, dict) else s
                for name, s in schemes.items()
            }
        if "securityRequirements" not in hybrid and "security" in hybrid:
            hybrid["securityRequirements"] = _requirements_from_v03(hybrid["security"])
        return AgentCard.model_validate(hybrid)
    version = major_minor(str(data.get("protocolVersion") or "")) or LEGACY_VERSION
    main = {
        "url": data.get("url", ""),
        "protocolBinding": data.get("preferredTransport") or ProtocolBinding.JSONRPC,
        "protocolVersion": version,
    }
    interfaces = [main]
    seen = {(main["url"], main["protocolBinding"])}
    for extra in data.get("additionalInterfaces") or []:
        key = (extra.get("url", ""), extra.get("transport", ""))
        if key not in seen:
            seen.add(key)
            interfaces.append(
                {"url": key[0], "protocolBinding": key[1], "protocolVersion": version}
            )
    out: dict[str, Any] = {"supportedInterfaces": interfaces}
    _copy(
        data, out, "name", "description", "version", "provider", "documentationUrl", "iconUrl",
        "defaultInputModes", "defaultOutputModes", "signatures",
    )  # fmt: skip
    caps = dict(data.get("capabilities") or {})
    caps.pop("stateTransitionHistory", None)
    if data.get("supportsAuthenticatedExtendedCard") is not None:
        caps["extendedAgentCard"] = bool(data["supportsAuthenticatedExtendedCard"])
    out["capabilities"] = caps
    out["securitySchemes"] = {
        name: scheme_from_v03(s).to_dict()
        for name, s in (data.get("securitySchemes") or {}).items()
        if isinstance(s, dict)
    }
    out["securityRequirements"] = _requirements_from_v03(data.get("security"))
    skills = []
    for skill in data.get("skills") or []:
        converted = {k: v for k, v in skill.items() if k != "security"}
        converted["securityRequirements"] = _requirements_from_v03(skill.get("security"))
        skills.append(converted)
    out["skills"] = skills
    return AgentCard.model_validate(out)


def _v03_interfaces(card: AgentCard) -> list[AgentInterface]:
    legacy = [i for i in card.supported_interfaces if i.protocol_version == LEGACY_VERSION]
    return legacy or list(card.supported_interfaces)


def card_to_v03(card: AgentCard) -> dict[str, Any]:
    """A 0.3 card for ``card``: its 0.3 interfaces (or, if none, all of them) as endpoints."""
    data = card.to_dict()
    interfaces = _v03_interfaces(card)
    main = interfaces[0] if interfaces else AgentInterface()
    out: dict[str, Any] = {
        "protocolVersion": LEGACY_CARD_VERSION,
        "name": card.name,
        "description": card.description,
        "url": main.url,
        "preferredTransport": main.protocol_binding or ProtocolBinding.JSONRPC,
        "additionalInterfaces": [
            {"url": i.url, "transport": i.protocol_binding} for i in interfaces
        ],
        "version": card.version,
    }
    _copy(data, out, "provider", "documentationUrl", "iconUrl", "signatures")
    caps = dict(data.get("capabilities") or {})
    extended = caps.pop("extendedAgentCard", None)
    out["capabilities"] = caps
    if extended is not None:
        out["supportsAuthenticatedExtendedCard"] = extended
    if card.security_schemes:
        out["securitySchemes"] = {n: scheme_to_v03(s) for n, s in card.security_schemes.items()}
    if card.security_requirements:
        out["security"] = _requirements_to_v03(card.security_requirements)
    out["defaultInputModes"] = list(card.default_input_modes)
    out["defaultOutputModes"] = list(card.default_output_modes)
    skills = []
    for skill, raw in zip(card.skills, data.get("skills") or [], strict=True):
        converted = {k: v for k, v in raw.items() if k != "securityRequirements"}
        if skill.security_requirements:
            converted["security"] = _requirements_to_v03(skill.security_requirements)
        skills.append(converted)
    out["skills"] = skills
    return out


def hybrid_card(card: AgentCard) -> dict[str, Any]:
    """The 1.0 card JSON with the 0.3 fields merged in, readable by clients of both versions.

    Where both versions use the same key (``securitySchemes`` entries,
    ``skills``) the entries carry both forms; each parser ignores the other's
    keys (A2A notes §5.2).
    """
    data = card.to_dict()
    legacy = card_to_v03(card)
    for key in (
        "protocolVersion", "url", "preferredTransport", "additionalInterfaces",
        "supportsAuthenticatedExtendedCard", "security",
    ):  # fmt: skip
        if key in legacy:
            data[key] = legacy[key]
    for name, scheme in legacy.get("securitySchemes", {}).items():
        data["securitySchemes"][name] = {**data["securitySchemes"][name], **scheme}
    for skill, legacy_skill in zip(data.get("skills", []), legacy["skills"], strict=True):
        if "security" in legacy_skill:
            skill["security"] = legacy_skill["security"]
    return data
