"""Signed Agent Cards (A2A §8.4): canonical form, signing and verification.

**Payload** (§8.4.1).  The card is read into the 1.0 model (unknown and legacy
members fall away, as in every SDK that re-marshals a proto), ``signatures``
is removed, and the presence rules of §5.7 apply: ``REQUIRED`` fields are
always present, even empty; fields with presence (``optional`` scalars,
message fields, ``Struct``) are present iff set, even to ``false`` or ``""``;
every other field is omitted while it holds its default.  The result goes
through RFC 8785.  Because the payload is a function of the parsed model, what
the verifier returns (:attr:`VerifiedCard.card`) is exactly what was signed.

``AgentCard.skills`` is REQUIRED in the proto; the model leaves it unmarked so
that skill-less agents validate (a2a-spec.md §11 #10), and this module treats
it as REQUIRED again, as the §8.4.1 example (``"skills":[]``) shows.

**a2a-sdk compatibility.**  a2a-sdk 1.3.0 removes *every* empty string, list
and object before JCS, including empty REQUIRED fields (identity.md §1.3).  A
card whose canonical forms differ under the two rules cannot verify on both
sides; by default :func:`sign_card` refuses cards with empty REQUIRED fields;
``mode="spec"`` signs the spec form anyway, ``mode="a2a-sdk"`` the SDK form.
Cards that differ only in other empty values (a security requirement with no
scopes, ``{}``) are signed per the spec: an a2a-sdk verifier cannot check that
signature, while our ``compat`` mode does check the SDK's.
:func:`verify_card` accepts the SDK form only with ``compat="a2a-sdk"``.

**Keys.**  The signer's key is resolved from the verifier's
:class:`~a2a.identity.trust.TrustStore` for the card's URL: pinned keys, or the
JWKS of the card's own origin.  ``jku`` is a hint used only when it is on that
origin.  ``jwk``/``x5u``/``x5c``, ``crit`` and ``b64`` are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import ValidationError

from a2a.identity.errors import IdentityError, SignatureError
from a2a.identity.jcs import canonicalize
from a2a.identity.jwk import ALGORITHMS, PrivateKey, PublicKey
from a2a.identity.jws import (
    SignatureEntry,
    check_header,
    decode_protected,
    fail,
    parse_entries,
    sign_detached,
    verify_entry,
)
from a2a.identity.strict_json import StrictJSONError, check_value, loads
from a2a.identity.trust import TrustStore
from a2a.types import A2AModel, AgentCard, AgentCardSignature, required_violations

__all__ = [
    "CARD_TYP",
    "CardCanonicalization",
    "VerifiedCard",
    "canonical_card",
    "card_presence_form",
    "sign_card",
    "verify_card",
    "verify_card_async",
]

CARD_TYP: Final = "JOSE"
MAX_CARD_BYTES: Final = 1024 * 1024
MAX_CARD_SIGNATURES: Final = 8
CardCanonicalization = Literal["spec", "a2a-sdk"]

# REQUIRED in a2a.proto but not marked in the model (see the module docstring).
_ALSO_REQUIRED: Final[dict[type[A2AModel], frozenset[str]]] = {AgentCard: frozenset({"skills"})}
_KEY_TROUBLE: Final = frozenset(
    {"unknown_key", "issuer_key_mismatch", "key_expired", "key_revoked"}
)


def _fill_required(model: A2AModel, data: dict[str, Any]) -> None:
    """Add REQUIRED fields that ``exclude_defaults`` dropped, recursively."""
    cls = type(model)
    required = set(cls.__required_fields__) | _ALSO_REQUIRED.get(cls, frozenset())
    for name, info in cls.model_fields.items():
        alias = info.alias or name
        value = getattr(model, name)
        if alias not in data:
            if name in required:
                data[alias] = (
                    card_presence_form(value)
                    if isinstance(value, A2AModel)
                    else model.model_dump(mode="json", include={name})[alias]
                )
            continue
        sub = data[alias]
        if isinstance(value, A2AModel) and isinstance(sub, dict):
            _fill_required(value, sub)
        elif isinstance(value, list) and isinstance(sub, list):
            for item, item_data in zip(value, sub, strict=False):
                if isinstance(item, A2AModel) and isinstance(item_data, dict):
                    _fill_required(item, item_data)
        elif isinstance(value, dict) and isinstance(sub, dict):
            for key, item in value.items():
                if isinstance(item, A2AModel) and isinstance(sub.get(key), dict):
                    _fill_required(item, sub[key])


def card_presence_form(model: A2AModel) -> dict[str, Any]:
    """The ProtoJSON of ``model`` under the §8.4.1 presence rules (``signatures`` included)."""
    data = model.to_dict()
    _fill_required(model, data)
    return data


def _strip_empty(value: Any) -> Any:
    """a2a-sdk's rule: drop every ``""``, ``[]`` and ``{}``, recursively (``None`` = dropped)."""
    if isinstance(value, dict):
        cleaned = {
            k: v for k, v in ((k, _strip_empty(v)) for k, v in value.items()) if v is not None
        }
        return cleaned or None
    if isinstance(value, list):
        items = [v for v in (_strip_empty(v) for v in value) if v is not None]
        return items or None
    if value == "" or value is None:
        return None
    return value


def _payload_form(card: AgentCard, mode: CardCanonicalization) -> Any:
    data = card_presence_form(card)
    data.pop("signatures", None)  # §8.4.1 rule 3
    return data if mode == "spec" else (_strip_empty(data) or {})


def canonical_card(card: AgentCard, *, mode: CardCanonicalization = "spec") -> bytes:
    """The bytes a card signature covers: JCS of the presence form without ``signatures``."""
    return canonicalize(_payload_form(card, mode), max_bytes=MAX_CARD_BYTES)


def sign_card(
    card: AgentCard,
    key: PrivateKey,
    *,
    jku: str | None = None,
    header: Mapping[str, Any] | None = None,
    mode: Literal["strict", "spec", "a2a-sdk"] = "strict",
) -> AgentCard:
    """Return a copy of ``card`` with one more signature (existing ones are kept).

    The protected header is ``{"alg", "kid", "typ": "JOSE"}`` plus ``jku`` when
    given (it should be the JWKS URL on the card's own origin).  With
    ``mode="strict"`` a card with an empty REQUIRED field (``skills``
    included) is refused with :class:`IdentityError`: a2a-sdk 1.3 verifiers
    drop such fields and could never verify it.  Other empty values the SDK
    also drops (an explicitly empty ``documentationUrl``, a requirement with no
    scopes) are signed as the spec says; :func:`canonical_card` shows both forms.
    """
    spec = canonical_card(card, mode="spec")
    if mode == "strict" and (required_violations(card) or not card.skills):
        raise IdentityError(
            "card has empty REQUIRED fields (description, skills, tags...) that "
            "a2a-sdk verifiers drop before canonicalizing; fill them, or sign with "
            "mode='spec' (spec-literal) or mode='a2a-sdk'"
        )
    payload = canonical_card(card, mode="a2a-sdk") if mode == "a2a-sdk" else spec
    protected: dict[str, Any] = {"alg": key.alg, "kid": key.kid, "typ": CARD_TYP}
    if jku is not None:
        protected["jku"] = jku
    protected.update(header or {})
    entry = sign_detached(payload, key, protected)
    signature = AgentCardSignature(protected=entry.protected, signature=entry.signature)
    return card.model_copy(update={"signatures": [*card.signatures, signature]})


@dataclass(frozen=True)
class VerifiedCard:
    """A card whose signature verified: ``card`` is the signed content, parsed."""

    card: AgentCard
    issuer: str
    kid: str
    alg: str
    canonicalization: CardCanonicalization


@dataclass(frozen=True)
class _Prepared:
    card: AgentCard
    entries: list[SignatureEntry]
    headers: list[tuple[str, str, str | None]]  # (alg, kid, jku) per entry


def _prepare(card: Mapping[str, Any] | bytes | str, algs: frozenset[str]) -> _Prepared:
    try:
        raw = loads(card, max_bytes=MAX_CARD_BYTES) if isinstance(card, (bytes, str)) else card
        if not isinstance(raw, Mapping):
            raise fail("malformed_payload")
        check_value(raw)
    except StrictJSONError as exc:
        raise fail("too_large" if exc.kind == "too_large" else "malformed_payload") from None
    if not raw.get("signatures"):
        raise fail("no_signature")
    entries = parse_entries(raw["signatures"], max_signatures=MAX_CARD_SIGNATURES)
    try:
        model = AgentCard.from_dict({k: v for k, v in raw.items() if k != "signatures"})
    except ValidationError:
        raise fail("malformed_payload") from None
    headers = []
    for entry in entries:
        header = decode_protected(entry.protected)
        alg, kid = check_header(
            header, algs=algs, typs=(CARD_TYP, None), unprotected=entry.header, allow_jku=True
        )
        headers.append((alg, kid, header.get("jku")))
    return _Prepared(model, entries, headers)


def _check(
    prepared: _Prepared,
    index: int,
    key: PublicKey,
    issuer: str,
    compat: CardCanonicalization,
    payloads: dict[str, bytes],
) -> VerifiedCard:
    alg, kid, _ = prepared.headers[index]
    modes: tuple[CardCanonicalization, ...] = (
        ("spec", "a2a-sdk") if compat == "a2a-sdk" else ("spec",)
    )
    error: SignatureError | None = None
    for mode in modes:
        if mode not in payloads:
            payloads[mode] = canonicalize(
                _payload_form(prepared.card, mode), max_bytes=MAX_CARD_BYTES
            )
        try:
            verify_entry(prepared.entries[index], alg, key, payloads[mode])
        except SignatureError as exc:
            if exc.detail != "bad_signature":
                raise
            error = exc
            continue
        return VerifiedCard(prepared.card, issuer, kid, alg, mode)
    assert error is not None
    raise error


def verify_card(
    card: Mapping[str, Any] | bytes | str,
    store: TrustStore,
    *,
    card_url: str,
    compat: CardCanonicalization = "spec",
    algs: frozenset[str] = ALGORITHMS,
) -> VerifiedCard:
    """Verify a received card (its JSON, as received) against trusted keys for ``card_url``.

    Succeeds on the first signature made by a trusted key that verifies; a
    signature whose key is not trusted is skipped (key rotation, several
    signers).  Raises :class:`SignatureError`: ``no_signature``, header and
    payload errors, ``bad_signature`` (fail closed), or the key error of the
    last skipped signature when none was usable.
    """
    prepared = _prepare(card, algs)
    payloads: dict[str, bytes] = {}
    last: SignatureError | None = None
    for index, (_, kid, _jku) in enumerate(prepared.headers):
        try:
            key = store.resolve(card_url, kid)
        except SignatureError as exc:
            if exc.detail not in _KEY_TROUBLE:  # pragma: no cover - resolve raises only these
                raise
            last = exc
            continue
        return _check(prepared, index, key, card_url, compat, payloads)
    assert last is not None
    raise last


async def verify_card_async(
    card: Mapping[str, Any] | bytes | str,
    store: TrustStore,
    *,
    card_url: str,
    compat: CardCanonicalization = "spec",
    algs: frozenset[str] = ALGORITHMS,
) -> VerifiedCard:
    """:func:`verify_card`, fetching the card origin's JWKS when a key is unknown.

    Only the card's own origin is ever fetched; a same-origin ``jku`` may
    choose the path, a foreign one is ignored.
    """
    prepared = _prepare(card, algs)
    payloads: dict[str, bytes] = {}
    last: SignatureError | None = None
    for index, (_, kid, jku) in enumerate(prepared.headers):
        try:
            key = await store.resolve_async(
                card_url, kid, jku=jku if isinstance(jku, str) else None
            )
        except SignatureError as exc:
            last = exc
            continue
        return _check(prepared, index, key, card_url, compat, payloads)
    assert last is not None
    raise last
