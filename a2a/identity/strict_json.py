"""A strict JSON reader for signed data: the bytes verified are the bytes meant.

Python's :mod:`json` keeps the *last* of two duplicate members, accepts
``NaN``/``Infinity``, turns ``1e400`` into ``inf`` and recurses once per
nesting level.  Any of these lets a signer and a verifier (or a verifier and
the application) read different values from the same bytes (identity.md §6.1
items 7, 10, 14).  :func:`loads` rejects all of them, and bounds size and depth
*before* parsing, so hostile input fails fast and never reaches a
``RecursionError``.

:func:`check_value` applies the same rules to an already-parsed value (what a
transport hands over), walking it iteratively.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final, Literal

import rfc8785

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "MAX_SAFE_INTEGER",
    "StrictJSONError",
    "check_value",
    "loads",
]

DEFAULT_MAX_BYTES: Final = 4 * 1024 * 1024
DEFAULT_MAX_DEPTH: Final = 64
MAX_SAFE_INTEGER: Final = 2**53 - 1
"""Largest integer an IEEE double holds exactly; JCS (RFC 8785 §3.2.2.3) needs no more."""

# A JSON string, written so the regex engine never backtracks (unrolled loop).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_KEEP_BRACKETS = bytes.maketrans(b"[{]}", b"(())")
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_PAIR = re.compile(rb"\(\)")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Raw UTF-8 cannot hold a surrogate, so one can only come from a \uD800-\uDFFF escape.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class StrictJSONError(ValueError):
    """The input is not acceptable JSON; ``kind`` is ``"too_large"`` or ``"malformed"``."""

    def __init__(self, kind: Literal["too_large", "malformed"], message: str) -> None:
        super().__init__(message)
        self.kind: Literal["too_large", "malformed"] = kind


def _depth_exceeds(data: bytes, max_depth: int) -> bool:
    """Whether containers nest deeper than ``max_depth``, decided without recursion.

    Strings are removed, brackets kept; each pass deletes the innermost ``()``
    pairs, so ``k`` passes empty a document of depth ``k``.
    """
    brackets = _STRING.sub(b"", data).translate(_KEEP_BRACKETS, _NOT_BRACKETS)
    for _ in range(max_depth):
        if not brackets:
            return False
        reduced = _PAIR.sub(b"", brackets)
        if reduced == brackets:  # unbalanced: json.loads reports it as malformed
            return False
        brackets = reduced
    return b"()" in brackets


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise StrictJSONError("malformed", "duplicate member name")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise StrictJSONError("malformed", f"{name} is not JSON")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 parses to inf
        raise StrictJSONError("malformed", "number out of range")
    return value


def _int(text: str) -> int | float:
    value = int(text)
    if abs(value) <= MAX_SAFE_INTEGER:
        return value
    # JSON numbers are doubles (RFC 8785 §3.2.2.3).  A big integer literal is
    # accepted only if it is exactly how JCS writes some double: then it means
    # that double.  Anything else (2^53+1...) would be silently rounded.
    try:
        double = float(value)
    except OverflowError:
        raise StrictJSONError("malformed", "number out of range") from None
    if rfc8785.dumps(double) != text.encode("ascii"):
        raise StrictJSONError("malformed", "integer beyond 2^53 cannot be signed exactly")
    return double


def loads(
    data: bytes | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    safe_integers: bool = True,
) -> Any:
    """Parse UTF-8 JSON strictly; raise :class:`StrictJSONError`.

    Rejected as ``malformed``: invalid UTF-8, a BOM, duplicate member names,
    ``NaN``/``Infinity``, numbers that overflow a double, lone surrogates and
    (when ``safe_integers``) integer literals beyond ±(2^53-1) other than the
    JCS spelling of a double (those are returned as that ``float``).  Rejected as
    ``too_large``: more than ``max_bytes`` bytes, or containers nested deeper
    than ``max_depth``.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise StrictJSONError("too_large", "JSON text is too large")
    if _depth_exceeds(raw, max_depth):
        raise StrictJSONError("too_large", "JSON nesting is too deep")
    try:
        text = raw.decode("utf-8")
        value = json.loads(
            text,
            object_pairs_hook=_object,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int if safe_integers else int,
        )
    except StrictJSONError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise StrictJSONError("malformed", "invalid JSON") from None
    # Depth, numbers and member names were checked above or by the parse hooks;
    # only a surrogate escape needs the walk (paired ones are legitimate).
    if _SURROGATE_ESCAPE.search(raw):
        check_value(value, max_depth=max_depth, safe_integers=safe_integers)
    return value


def check_value(
    value: Any, *, max_depth: int = DEFAULT_MAX_DEPTH, safe_integers: bool = True
) -> None:
    """Check that ``value`` is plain JSON data within limits; raise :class:`StrictJSONError`.

    Plain JSON data is ``dict`` (string keys), ``list``, ``str`` without lone
    surrogates, ``bool``, ``None``, finite ``float`` and ``int`` (within
    ±(2^53-1) when ``safe_integers``).  Depth counts containers: ``{}`` is 1.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise StrictJSONError("malformed", "lone surrogate in string")
        elif isinstance(item, dict):
            if depth >= max_depth:
                raise StrictJSONError("too_large", "JSON nesting is too deep")
            for key, child in item.items():
                if not isinstance(key, str):
                    raise StrictJSONError("malformed", "member name is not a string")
                if _SURROGATE.search(key):
                    raise StrictJSONError("malformed", "lone surrogate in member name")
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            if depth >= max_depth:
                raise StrictJSONError("too_large", "JSON nesting is too deep")
            stack.extend((child, depth + 1) for child in item)
        elif item is None or isinstance(item, bool):
            continue
        elif isinstance(item, int):
            if safe_integers and abs(item) > MAX_SAFE_INTEGER:
                raise StrictJSONError("malformed", "integer beyond 2^53 cannot be signed exactly")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise StrictJSONError("malformed", "NaN and Infinity are not JSON")
        else:
            raise StrictJSONError("malformed", f"{type(item).__name__} is not JSON data")
