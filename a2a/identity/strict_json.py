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

How it stays fast (signed envelopes parse every message): the C parser does
the work, through one decoder built once; its hooks see only objects and
numbers.  The depth pre-scan runs only when the text has more brackets than
the depth limit (fewer brackets cannot nest deeper).  Both :func:`parse` and
:func:`scan` also report whether a value is *plain*: its RFC 8785 form is
what a C encoder writes with sorted keys (orjson, or ``json.dumps``), which
:mod:`a2a.identity.jcs` then uses instead of the pure-Python canonicalizer.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable
from typing import Any, Final, Literal

import rfc8785

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "MAX_SAFE_INTEGER",
    "StrictJSONError",
    "check_value",
    "loads",
    "parse",
    "scan",
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
_INT_DIGITS: Final = 15  # any literal this short (sign included) is a safe integer


class StrictJSONError(ValueError):
    """The input is not acceptable JSON; ``kind`` is ``"too_large"`` or ``"malformed"``."""

    def __init__(self, kind: Literal["too_large", "malformed"], message: str) -> None:
        super().__init__(message)
        self.kind: Literal["too_large", "malformed"] = kind


def _is_plain_float(value: float) -> bool:
    """Whether Python's ``repr`` of a finite float is its ECMAScript form (RFC 8785 §3.2.2.3).

    Both print the shortest round-tripping digits; they differ only where
    Python uses an exponent (below 1e-4, from 1e16) or a trailing ``.0``.
    """
    text = float.__repr__(value)
    return "e" not in text and not text.endswith(".0")


# The parse hooks report non-plain numbers here.  A parse runs without yielding
# to other code of its thread, so a per-thread flag cannot mix two parses up.
_state = threading.local()


def _not_plain() -> None:
    _state.plain = False


def _has_astral(text: str) -> bool:
    """Whether ``text`` (valid UTF-8 decoded, so surrogate-free) has characters beyond U+FFFF."""
    return len(text.encode("utf-16-le")) != 2 * len(text)


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
    out = dict(pairs)
    if len(out) != len(pairs):
        raise StrictJSONError("malformed", "duplicate member name")
    return out


def _constant(name: str) -> Any:
    raise StrictJSONError("malformed", f"{name} is not JSON")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 parses to inf
        raise StrictJSONError("malformed", "number out of range")
    if not _is_plain_float(value):
        _not_plain()
    return value


def _int(text: str) -> int | float:
    if len(text) <= _INT_DIGITS:
        return int(text)
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
    _not_plain()  # Python writes 2^53 as 9007199254740992.0
    return double


def _big_int(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_SAFE_INTEGER:
        _not_plain()
    return value


# The decoders' scanners, built once (json.loads builds a decoder per call when
# given hooks) and called directly: JSONDecoder.decode adds only the whitespace
# handling done in parse().
def _scanner(safe_integers: bool) -> Callable[[str, int], tuple[Any, int]]:
    decoder = json.JSONDecoder(
        object_pairs_hook=_object,
        parse_constant=_constant,
        parse_float=_float,
        parse_int=_int if safe_integers else _big_int,
    )
    scan_once: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]
    return scan_once


_SCANNERS: Final = {safe: _scanner(safe) for safe in (True, False)}
_WHITESPACE = re.compile(r"[ \t\n\r]+")  # RFC 8259 §2
_OPENERS: Final = ("{", "[")


def _skip_whitespace(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return index if match is None else match.end()


def parse(
    data: bytes | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    safe_integers: bool = True,
) -> tuple[Any, bool]:
    """:func:`loads`, returning ``(value, plain)`` (*plain*: see :func:`scan`)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise StrictJSONError("too_large", "JSON text is too large")
    # Nesting deeper than max_depth needs more opening brackets than that.
    if raw.count(b"[") + raw.count(b"{") > max_depth and _depth_exceeds(raw, max_depth):
        raise StrictJSONError("too_large", "JSON nesting is too deep")
    _state.plain = True
    try:
        text = raw.decode("utf-8")
        start = 0 if text[:1] in _OPENERS else _skip_whitespace(text, 0)
        value, end = _SCANNERS[safe_integers](text, start)
    except StrictJSONError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError, StopIteration):
        raise StrictJSONError("malformed", "invalid JSON") from None
    if end != len(text) and _skip_whitespace(text, end) != len(text):
        raise StrictJSONError("malformed", "invalid JSON")
    plain: bool = _state.plain
    # Depth, numbers and member names were checked above or by the parse hooks;
    # a surrogate escape needs the walk (paired ones are legitimate, lone ones
    # are not), and so does a character outside the BMP (member name order).
    if _SURROGATE_ESCAPE.search(raw) or (not text.isascii() and _has_astral(text)):
        plain = scan(value, max_depth=max_depth, safe_integers=safe_integers) and plain
    return value, plain


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
    return parse(data, max_bytes=max_bytes, max_depth=max_depth, safe_integers=safe_integers)[0]


def check_value(
    value: Any, *, max_depth: int = DEFAULT_MAX_DEPTH, safe_integers: bool = True
) -> None:
    """Check that ``value`` is plain JSON data within limits; raise :class:`StrictJSONError`.

    Plain JSON data is ``dict`` (string keys), ``list``, ``str`` without lone
    surrogates, ``bool``, ``None``, finite ``float`` and ``int`` (within
    ±(2^53-1) when ``safe_integers``).  Depth counts containers: ``{}`` is 1.
    """
    scan(value, max_depth=max_depth, safe_integers=safe_integers)


def _bad_str(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def scan(value: Any, *, max_depth: int = DEFAULT_MAX_DEPTH, safe_integers: bool = True) -> bool:
    """:func:`check_value`, returning whether ``value`` is *plain*.

    Plain means ``json.dumps(value, ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))`` is its RFC 8785 form: only the built-in types
    themselves (no subclasses), integers within ±(2^53-1), floats that
    :func:`_is_plain_float`, and member names inside the BMP (so code point
    order is UTF-16 order, RFC 8785 §3.2.3).  String escaping already agrees
    (RFC 8785 §3.2.2.2: ``\\b \\t \\n \\f \\r \\" \\\\``, other controls as
    lowercase ``\\u00xx``, everything else raw, exactly CPython's encoder with
    ``ensure_ascii=False``).
    """
    plain = True
    stack: list[tuple[Any, int]] = [(value, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        kind = type(item)
        if kind is dict or kind is list:
            if depth >= max_depth:
                raise StrictJSONError("too_large", "JSON nesting is too deep")
            depth += 1
            children = item.values() if kind is dict else item
            if kind is dict:
                for key in item:
                    if type(key) is not str:
                        if not isinstance(key, str):
                            raise StrictJSONError("malformed", "member name is not a string")
                        plain = False
                    if not key.isascii():
                        if _SURROGATE.search(key):
                            raise StrictJSONError("malformed", "lone surrogate in member name")
                        if max(key) > "\uffff":
                            plain = False
            for child in children:
                child_kind = type(child)
                if child_kind is str:
                    if not child.isascii() and _SURROGATE.search(child):
                        raise StrictJSONError("malformed", "lone surrogate in string")
                elif child_kind is not bool and child is not None:
                    push((child, depth))
        elif kind is int:
            if abs(item) > MAX_SAFE_INTEGER:
                if safe_integers:
                    raise StrictJSONError(
                        "malformed", "integer beyond 2^53 cannot be signed exactly"
                    )
                plain = False
        elif kind is float:
            if not math.isfinite(item):
                raise StrictJSONError("malformed", "NaN and Infinity are not JSON")
            if not _is_plain_float(item):
                plain = False
        elif kind is str:
            if _bad_str(item):
                raise StrictJSONError("malformed", "lone surrogate in string")
        elif item is None or kind is bool:
            continue
        else:
            _check_subclass(item, depth, max_depth, safe_integers, push)
            plain = False
    return plain


def _check_subclass(item: Any, depth: int, max_depth: int, safe_integers: bool, push: Any) -> None:
    """The rules for subclasses of the JSON types (a ``str`` enum...): valid, never plain."""
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
            push((child, depth + 1))
    elif isinstance(item, list):
        if depth >= max_depth:
            raise StrictJSONError("too_large", "JSON nesting is too deep")
        for child in item:
            push((child, depth + 1))
    elif isinstance(item, int):
        if safe_integers and abs(item) > MAX_SAFE_INTEGER:
            raise StrictJSONError("malformed", "integer beyond 2^53 cannot be signed exactly")
    elif isinstance(item, float):
        if not math.isfinite(item):
            raise StrictJSONError("malformed", "NaN and Infinity are not JSON")
    else:
        raise StrictJSONError("malformed", f"{type(item).__name__} is not JSON data")
