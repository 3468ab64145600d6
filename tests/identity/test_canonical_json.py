"""Strict JSON reading and canonicalization: limits, refusals, and properties."""

from __future__ import annotations

import json
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.jcs import canonicalize
from a2a.identity.strict_json import MAX_SAFE_INTEGER, StrictJSONError, check_value, loads

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs",))),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(st.characters(blacklist_categories=("Cs",)), max_size=5), inner, max_size=4
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_canonical_form_is_stable_and_matches_rfc8785(value: Any) -> None:
    canonical = canonicalize(value)
    assert canonical == rfc8785.dumps(value)
    assert canonicalize(loads(canonical)) == canonical
    # Any JSON spelling of the same value canonicalizes to the same bytes.
    assert canonicalize(loads(json.dumps(value, indent=2, ensure_ascii=True))) == canonical


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_base64url_round_trip(data: bytes) -> None:
    assert b64url_decode(b64url_encode(data)) == data


@pytest.mark.parametrize("text", ["a", "ab=", "a+b/", "abc!", "AB", "x" * 5])
def test_base64url_refusals(text: str) -> None:
    with pytest.raises(ValueError, match="base64url"):
        b64url_decode(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (b'{"a":1,"a":2}', "malformed"),
        (b"[NaN]", "malformed"),
        (b"[-Infinity]", "malformed"),
        (b"[1e400]", "malformed"),
        (b'["\\udc00"]', "malformed"),
        (b'{"\\ud800":1}', "malformed"),
        (b"[9007199254740993]", "malformed"),
        (b"\xef\xbb\xbf{}", "malformed"),
        (b"\xff", "malformed"),
        (b"[1,]", "malformed"),
        (b"[[]", "malformed"),
        (b"[" * 65 + b"]" * 65, "too_large"),
        (b"[" * 100_000, "malformed"),
        (b" " * 5_000_000, "too_large"),
    ],
)
def test_strict_reader_refusals(text: bytes, kind: str) -> None:
    with pytest.raises(StrictJSONError) as info:
        loads(text)
    assert info.value.kind == kind


def test_strict_reader_accepts_what_it_should() -> None:
    assert loads('{"s":"[[[{{{","n":[' * 10 + "1" + "]}" * 10) is not None
    # An integer beyond 2^53 that a double holds exactly is read as that double.
    assert loads(b"[9007199254740992]") == [2.0**53]
    assert loads(b"[9007199254740993]", safe_integers=False) == [2**53 + 1]
    assert loads("[" * 64 + "]" * 64) is not None


@pytest.mark.parametrize("value", [{"a": object()}, {"a": float("nan")}, {"a": {1, 2}}])
def test_check_value_refuses_non_json(value: Any) -> None:
    with pytest.raises(StrictJSONError):
        check_value(value)
