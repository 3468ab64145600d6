"""RFC 8785 JSON Canonicalization Scheme, behind our own guard.

For the values agents exchange, RFC 8785 output is exactly what a C JSON
encoder writes with sorted keys, no whitespace and raw UTF-8: strings are
escaped the same way (§3.2.2.2), safe integers print the same, and so do most
floats and member-name orders.  :func:`a2a.identity.strict_json.scan` walks
the value once, iteratively, to check it (depth, plain JSON types, safe
integers, no lone surrogates) and to tell whether it is such a *plain* value.

* Plain values take a C encoder: ``orjson`` when it is installed (the
  ``fast`` extra), else CPython's own ``json`` encoder.  Several times faster
  than a pure-Python canonicalizer.
* Everything else goes to ``rfc8785`` (Trail of Bits): floats Python writes
  with an exponent or a trailing ``.0`` (ECMAScript number formatting,
  §3.2.2.3), member names outside the BMP (UTF-16 order, §3.2.3), subclasses
  of the JSON types.

``tests/identity/test_canonical_json.py`` checks every encoder against
``rfc8785`` on random values and against the RFC vectors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

import rfc8785

from a2a.identity.strict_json import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    StrictJSONError,
    scan,
)

__all__ = ["canonicalize"]

# check_circular=False: scan bounds the depth, so a cycle is refused as too deep.
_ENCODER: Final = json.JSONEncoder(
    ensure_ascii=False,
    sort_keys=True,
    separators=(",", ":"),
    allow_nan=False,
    check_circular=False,
)


def _stdlib_plain(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


_PLAIN_ENCODERS: dict[str, Callable[[Any], bytes]] = {"json": _stdlib_plain}

try:
    import orjson
except ImportError:  # pragma: no cover - the dev install has it
    pass
else:

    def _orjson_plain(value: Any) -> bytes:
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:  # nesting beyond orjson's own limit (254)
            return _stdlib_plain(value)

    _PLAIN_ENCODERS["orjson"] = _orjson_plain

_encode_plain: Callable[[Any], bytes] = _PLAIN_ENCODERS.get("orjson", _stdlib_plain)


def canonicalize(
    value: Any,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    plain: bool | None = None,
) -> bytes:
    """Return the RFC 8785 canonical UTF-8 bytes of a JSON value.

    Raises :class:`StrictJSONError` (``malformed`` or ``too_large``) for values
    JCS cannot represent exactly or that exceed the limits.  ``plain`` is for a
    value (or a part of one) that already passed the guard: what
    :func:`~a2a.identity.strict_json.parse` or
    :func:`~a2a.identity.strict_json.scan` said about it; ``None`` runs the guard.
    """
    if plain is None:
        plain = scan(value, max_depth=max_depth)
    try:
        out = _encode_plain(value) if plain else rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, UnicodeEncodeError):  # pragma: no cover
        # Unreachable after the guard: kept so a bypassed guard still fails closed.
        raise StrictJSONError("malformed", "value has no canonical JSON form") from None
    if len(out) > max_bytes:
        raise StrictJSONError("too_large", "canonical JSON is too large")
    return out
