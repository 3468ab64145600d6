"""RFC 9421 HTTP Message Signatures: components, signature base, signing, verifying.

This is the transport-level counterpart of signed envelopes, for payloads with
no metadata slot (ACP, A2A calls such as ``GetTask``).  It works on plain
values (:class:`HttpRequest`, :class:`HttpResponse`), so it does no I/O; the
client's httpx ``Auth`` and the server's authentication scheme adapt real
messages to them.  Structured fields (RFC 8941/9651) are parsed and
serialized with ``http-sf``.

Supported components (§2): ``@method``, ``@target-uri``, ``@authority``,
``@scheme``, ``@request-target``, ``@path``, ``@query``, ``@query-param``
(``name``), ``@status``, and fields with ``sf``, ``key``, ``bs`` and ``req``.
Trailers (``tr``) are refused.  Algorithms: ``ed25519`` and
``ecdsa-p256-sha256`` (64-byte ``r || s``), the two key types of
:mod:`a2a.identity.jwk`.  Content digests follow RFC 9530 (``sha-256``,
``sha-512``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlsplit

import http_sf
from http_sf.innerlist import ser_innerlist
from http_sf.item import ser_item

from a2a.identity.jwk import PrivateKey, PublicKey

__all__ = [
    "ALGORITHMS",
    "Component",
    "HttpRequest",
    "HttpResponse",
    "HttpSignatureFormatError",
    "SignatureSpec",
    "component_lines",
    "content_digest",
    "digest_matches",
    "parse_signatures",
    "sign_message",
    "signature_base",
    "verify_signature",
]

ALGORITHMS: Final = frozenset({"ed25519", "ecdsa-p256-sha256"})
MAX_FIELD_BYTES: Final = 8192
MAX_COMPONENTS: Final = 32
_DIGESTS: Final = {"sha-256": hashlib.sha256, "sha-512": hashlib.sha512}
# WHATWG application/x-www-form-urlencoded percent-encode set (RFC 9421 §2.2.8).
_FORM_SAFE: Final = "*-._"
_COMPONENT_PARAMS: Final = frozenset({"sf", "key", "bs", "req", "name"})


class HttpSignatureFormatError(ValueError):
    """A component cannot be produced, or a signature field cannot be parsed."""


Component = tuple[str, Mapping[str, Any]]
"""A component identifier: its name and its parameters, e.g. ``("@query-param", {"name": "a"})``."""


@dataclass(frozen=True)
class HttpRequest:
    """An HTTP request as a signer or verifier sees it (``url`` is the absolute target URI)."""

    method: str
    url: str
    headers: Sequence[tuple[str, str]] = ()
    body: bytes | None = None

    def field_lines(self, name: str) -> list[str]:
        lower = name.lower()
        return [v for k, v in self.headers if k.lower() == lower]


@dataclass(frozen=True)
class HttpResponse:
    """An HTTP response; ``request`` serves components marked ``req``."""

    status: int
    headers: Sequence[tuple[str, str]] = ()
    body: bytes | None = None
    request: HttpRequest | None = None

    def field_lines(self, name: str) -> list[str]:
        lower = name.lower()
        return [v for k, v in self.headers if k.lower() == lower]


@dataclass(frozen=True)
class SignatureSpec:
    """One labelled signature as found in ``Signature-Input`` and ``Signature``."""

    label: str
    components: tuple[Component, ...]
    params: Mapping[str, Any]
    signature: bytes = field(repr=False)


def content_digest(body: bytes, algorithm: str = "sha-256") -> str:
    """A ``Content-Digest`` field value (RFC 9530) for ``body``."""
    digest = _DIGESTS[algorithm](body).digest()
    return http_sf.ser({algorithm: (digest, {})})


def digest_matches(field_value: str, body: bytes) -> bool:
    """Whether every known digest in a ``Content-Digest`` value matches ``body`` (one at least)."""
    try:
        parsed: Any = http_sf.parse(field_value.encode("ascii"), tltype="dictionary")
    except (http_sf.StructuredFieldError, UnicodeEncodeError):
        return False
    assert isinstance(parsed, dict)
    checked = 0
    for name, member in parsed.items():
        if name not in _DIGESTS:
            continue
        value = member[0] if isinstance(member, tuple) else member
        if not isinstance(value, bytes):
            return False
        if not hmac.compare_digest(value, _DIGESTS[name](body).digest()):
            return False
        checked += 1
    return checked > 0


def _authority(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"https": 443, "http": 80}.get(parts.scheme.lower())
    if parts.port is not None and parts.port != default:
        return f"{host}:{parts.port}"
    return host


def _derived(
    message: HttpRequest | HttpResponse, name: str, params: Mapping[str, Any]
) -> list[str]:
    if name == "@status":
        if not isinstance(message, HttpResponse):
            raise HttpSignatureFormatError("@status exists only on responses")
        return [f"{message.status:03d}"]
    if not isinstance(message, HttpRequest):
        raise HttpSignatureFormatError(f"{name} needs the request (use req)")
    url = urlsplit(message.url)
    path = url.path or "/"
    query = f"?{url.query}"
    if name == "@method":
        return [message.method]
    if name == "@target-uri":
        return [message.url]
    if name == "@authority":
        return [_authority(message.url)]
    if name == "@scheme":
        return [url.scheme.lower()]
    if name == "@request-target":
        return [path + (query if url.query else "")]
    if name == "@path":
        return [path]
    if name == "@query":
        return [query]
    if name == "@query-param":
        wanted = params.get("name")
        if not isinstance(wanted, str):
            raise HttpSignatureFormatError("@query-param needs a name parameter")
        values = [
            quote(v, safe=_FORM_SAFE)
            for k, v in parse_qsl(url.query, keep_blank_values=True)
            if quote(k, safe=_FORM_SAFE) == wanted
        ]
        if not values:
            raise HttpSignatureFormatError("query parameter absent")
        return values
    raise HttpSignatureFormatError(f"unsupported derived component {name}")


def _field(message: HttpRequest | HttpResponse, name: str, params: Mapping[str, Any]) -> str:
    if name != name.lower():
        raise HttpSignatureFormatError("field names in components are lower-case")
    lines = message.field_lines(name)
    if not lines:
        raise HttpSignatureFormatError(f"covered field {name} is absent")
    # §2.1: trim each line, replace obsolete folding, join with ", ".
    values = [" ".join(line.split("\r\n")).strip() for line in lines]
    if params.get("bs"):
        return ", ".join(
            ":" + base64.b64encode(v.encode("latin-1")).decode("ascii") + ":" for v in values
        )
    combined = ", ".join(values)
    if "key" in params or params.get("sf"):
        try:
            parsed: Any = http_sf.parse(combined.encode("ascii"), tltype="dictionary")
        except (http_sf.StructuredFieldError, UnicodeEncodeError):
            raise HttpSignatureFormatError(f"field {name} is not a dictionary") from None
        assert isinstance(parsed, dict)
        if "key" in params:
            member = parsed.get(str(params["key"]))
            if member is None:
                raise HttpSignatureFormatError("dictionary member absent")
            if isinstance(member[0], list):
                return ser_innerlist(member)
            return ser_item(member)
        return http_sf.ser(parsed)
    return combined


def component_lines(message: HttpRequest | HttpResponse, component: Component) -> list[str]:
    """The signature-base lines of one component (``"name";params: value``)."""
    name, params = component
    if set(params) - _COMPONENT_PARAMS or params.get("tr"):
        raise HttpSignatureFormatError("unsupported component parameter")
    source: HttpRequest | HttpResponse = message
    if params.get("req"):
        if not isinstance(message, HttpResponse) or message.request is None:
            raise HttpSignatureFormatError("req needs the request of a response")
        source = message.request
    identifier = ser_item((name, dict(params)))
    if name.startswith("@"):
        values = _derived(source, name, params)
    else:
        values = [_field(source, name, params)]
    if any("\n" in v or "\r" in v for v in values):
        raise HttpSignatureFormatError("component value contains a line break")
    return [f"{identifier}: {value}" for value in values]


def signature_base(
    message: HttpRequest | HttpResponse,
    components: Sequence[Component],
    params: Mapping[str, Any],
) -> tuple[bytes, str]:
    """The signature base (§2.5) and the serialized ``@signature-params`` value."""
    if len(components) > MAX_COMPONENTS:
        raise HttpSignatureFormatError("too many covered components")
    seen: set[str] = set()
    lines: list[str] = []
    for component in components:
        identifier = ser_item((component[0], dict(component[1])))
        if identifier in seen:  # §2.5: each component identifier at most once
            raise HttpSignatureFormatError("component listed twice")
        seen.add(identifier)
        lines.extend(component_lines(message, component))
    inner = ser_innerlist(([(name, dict(p)) for name, p in components], dict(params)))
    lines.append(f'"@signature-params": {inner}')
    return "\n".join(lines).encode("utf-8"), inner


def sign_message(
    message: HttpRequest | HttpResponse,
    key: PrivateKey,
    components: Sequence[Component],
    params: Mapping[str, Any],
    *,
    label: str = "sig1",
) -> tuple[str, str]:
    """Sign; return the ``Signature-Input`` and ``Signature`` member values for ``label``."""
    base, inner = signature_base(message, components, params)
    signature = key.sign(base)
    return f"{label}={inner}", http_sf.ser({label: (signature, {})})


def _dictionary(lines: list[str]) -> dict[str, Any]:
    text = ", ".join(lines)
    if len(text) > MAX_FIELD_BYTES:
        raise HttpSignatureFormatError("signature field too large")

    def duplicate(key: str, context: str) -> None:
        raise HttpSignatureFormatError("duplicate member")

    try:
        parsed = http_sf.parse(
            text.encode("ascii"), tltype="dictionary", on_duplicate_key=duplicate
        )
    except (http_sf.StructuredFieldError, UnicodeEncodeError):
        raise HttpSignatureFormatError("malformed signature field") from None
    assert isinstance(parsed, dict)
    return parsed


def parse_signatures(message: HttpRequest | HttpResponse) -> list[SignatureSpec]:
    """Every labelled signature of a message, in ``Signature-Input`` order."""
    inputs = _dictionary(message.field_lines("signature-input"))
    values = _dictionary(message.field_lines("signature"))
    specs = []
    for label, member in inputs.items():
        if not isinstance(member, tuple) or not isinstance(member[0], list):
            raise HttpSignatureFormatError("Signature-Input member is not an inner list")
        items, params = member
        components: list[Component] = []
        for item in items:
            name, item_params = item if isinstance(item, tuple) else (item, {})
            if not isinstance(name, str):  # a Token or number is not a component name
                raise HttpSignatureFormatError("component identifiers are strings")
            components.append((name, item_params))
        value = values.get(label)
        raw = value[0] if isinstance(value, tuple) else value
        if not isinstance(raw, bytes):
            raise HttpSignatureFormatError("Signature member missing or not a byte sequence")
        specs.append(SignatureSpec(label, tuple(components), params, raw))
    return specs


def verify_signature(
    message: HttpRequest | HttpResponse, spec: SignatureSpec, key: PublicKey
) -> bool:
    """Rebuild the base for ``spec`` and check its signature with ``key``."""
    base, _ = signature_base(message, spec.components, spec.params)
    return key.verify(spec.signature, base)
