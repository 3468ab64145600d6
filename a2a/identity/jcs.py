"""RFC 8785 JSON Canonicalization Scheme, behind our own guard.

``rfc8785`` (Trail of Bits) does the canonicalization: ECMAScript number
formatting (§3.2.2.3), UTF-16 key order (§3.2.3), minimal escaping with raw
UTF-8 (§3.2.2.2).  It recurses once per nesting level and accepts any depth,
so :func:`canonicalize` first runs :func:`a2a.identity.strict_json.check_value`
(iterative: depth, plain JSON types, safe integers, no lone surrogates) and
bounds the output size.
"""

from __future__ import annotations

from typing import Any

import rfc8785

from a2a.identity.strict_json import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    StrictJSONError,
    check_value,
)

__all__ = ["canonicalize"]


def canonicalize(
    value: Any,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    checked: bool = False,
) -> bytes:
    """Return the RFC 8785 canonical UTF-8 bytes of a JSON value.

    Raises :class:`StrictJSONError` (``malformed`` or ``too_large``) for values
    JCS cannot represent exactly or that exceed the limits.  ``checked=True``
    skips the guard for a value that already passed
    :func:`~a2a.identity.strict_json.check_value` (or came from its ``loads``).
    """
    if not checked:
        check_value(value, max_depth=max_depth)
    try:
        out = rfc8785.dumps(value)
    except rfc8785.CanonicalizationError:  # pragma: no cover - check_value rejects first
        raise StrictJSONError("malformed", "value has no canonical JSON form") from None
    if len(out) > max_bytes:
        raise StrictJSONError("too_large", "canonical JSON is too large")
    return out
