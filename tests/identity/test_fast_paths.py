"""The fast paths of canonical JSON, strict parsing and the verifier agree with the reference.

:mod:`a2a.identity.jcs` writes *plain* values with a C encoder (orjson or the
json module) instead of ``rfc8785``; :mod:`a2a.identity.strict_json` decides
what is plain while it checks.  Every encoder must give ``rfc8785``'s bytes on
random values (unicode of every plane, control characters, U+007F,
U+2028/2029, integers at the 2^53 edge, floats of every exponent, nesting),
on every single code point, and on the RFC 8785 vectors; and the guard must
refuse the same values whichever path a value takes.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import struct
import sys
from collections import OrderedDict
from enum import Enum, IntEnum
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from hypothesis import example, given, settings
from hypothesis import strategies as st

from a2a.identity import jcs
from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.envelope import (
    SIGNATURES_KEY,
    VerifiedIdentity,
    _verified_identity,
    payload_bytes,
    sign_object,
)
from a2a.identity.errors import EXTENSION_URI
from a2a.identity.jcs import canonicalize
from a2a.identity.jws import SignatureEntry, decode_protected, encode_protected, parse_entries
from a2a.identity.strict_json import MAX_SAFE_INTEGER, StrictJSONError, parse, scan
from tests.identity.fixtures import ALICE, ALICE_ISS, BOB_ISS, NOW

ENCODERS = sorted(jcs._PLAIN_ENCODERS.items())
VECTORS = Path(__file__).resolve().parents[2] / "spec" / "vectors" / "identity"
RFC8785 = json.loads((VECTORS / "rfc8785.json").read_text(encoding="utf-8"))

# Characters that stress both escaping and ordering: controls, quote and
# backslash, DEL, C1, line/paragraph separators, the private use area just
# above the surrogates (where UTF-16 and code point order part), BOM, U+FFFF,
# and characters beyond the BMP.
_SPECIAL = (
    "\x00\x07\x08\t\n\x0b\x0c\r\x1f \"'/\\\x7f\x80\x85\xa0\u2028\u2029\ue000\ufb33\ufeff\uffff"
)
_SPECIAL += "\U00010000\U0001f600\U0010ffff"
characters = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(_SPECIAL)
texts = st.text(characters, max_size=12)
# Floats of every exponent, with the ones where Python and ECMAScript part.
_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, 1e-7, 1e-6, 1.5e-5, 1e-4, 0.1, 1e15, 1e16, 1e21, 1e22]
floats = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [*_EDGES, 123456789.125, 2.0**53, 5e-324, 1.7976931348623157e308, 9007199254740993.0]
)
integers = st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER) | st.sampled_from(
    [0, -1, MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER, 2**31, -(2**31)]
)
scalars = st.none() | st.booleans() | integers | floats | texts
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(texts, inner, max_size=5),
    max_leaves=30,
)


def _each_encoder_agrees(value: Any) -> None:
    expected = rfc8785.dumps(value)
    assert canonicalize(value, max_bytes=2**30) == expected
    if scan(value):
        for name, encode in ENCODERS:
            assert encode(value) == expected, name


@settings(max_examples=600, deadline=None)
@given(json_values)
@example({"\U0001f600": 1, "\ufb33": 2})
@example({"\ue000": 1, "\U00010000": 2, "a": [1e16, 1e-5, 2.0**53]})
def test_fast_path_equals_rfc8785(value: Any) -> None:
    _each_encoder_agrees(value)


@settings(max_examples=400, deadline=None)
@given(json_values, st.booleans())
def test_parsed_values_carry_a_correct_plain_flag(value: Any, ascii_only: bool) -> None:
    # Any spelling of a value: escaped (surrogate pairs included) or raw UTF-8.
    wire = json.dumps(value, ensure_ascii=ascii_only, indent=1).encode("utf-8")
    parsed, plain = parse(wire)
    expected = rfc8785.dumps(parsed)
    assert canonicalize(parsed, plain=plain) == expected
    assert canonicalize(parsed) == expected
    if plain:
        assert scan(parsed)


def test_every_code_point_is_escaped_as_rfc8785_does() -> None:
    text = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    _each_encoder_agrees(text)
    _each_encoder_agrees({text: text})


def test_member_names_of_the_whole_bmp_sort_as_utf16() -> None:
    names = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    value = {name + suffix: 0 for name in names[::-1] for suffix in ("", "a")}
    assert scan(value)
    _each_encoder_agrees(value)
    # One name outside the BMP changes the order: such values are not plain.
    value["\U00010000"] = 1
    assert not scan(value)
    _each_encoder_agrees(value)


@pytest.mark.parametrize("case", RFC8785["numbers"], ids=lambda c: c["ieee754"])
def test_rfc8785_numbers_through_every_encoder(case: dict[str, Any]) -> None:
    value = struct.unpack(">d", bytes.fromhex(case["ieee754"]))[0]
    if case["expected"] is None:
        with pytest.raises(StrictJSONError):
            scan([value])
        return
    if scan([value]):
        for name, encode in ENCODERS:
            assert encode([value]) == f"[{case['expected']}]".encode(), name
    assert canonicalize([value]) == f"[{case['expected']}]".encode()


@pytest.mark.parametrize("part", ["sorting", "example"])
def test_rfc8785_documents_from_the_wire(part: str) -> None:
    case = RFC8785[part]
    parsed, plain = parse(case["input"])
    assert canonicalize(parsed, plain=plain) == case["expected"].encode("utf-8")


class _Colour(str, Enum):
    RED = "red"


class _Level(IntEnum):
    HIGH = 3


@pytest.mark.parametrize(
    "value",
    [
        {"v": 1.0},
        {"v": 1e-5},
        {"v": 1e16},
        {"v": -0.0},
        {"\U0001f600": 0},
        {"v": _Colour.RED},
        {"v": _Level.HIGH},
        OrderedDict(b=1, a=2),
        {"v": OrderedDict(b=1, a=2)},
    ],
)
def test_values_the_c_encoders_would_write_differently_take_rfc8785(value: Any) -> None:
    assert not scan(value)
    assert canonicalize(value) == rfc8785.dumps(value)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ({"v": 2**53}, "malformed"),
        ({"v": -(2**53)}, "malformed"),
        ({"v": float("nan")}, "malformed"),
        ({"v": float("-inf")}, "malformed"),
        ({"v": "a\ud800"}, "malformed"),
        ({"a\udfff": 1}, "malformed"),
        ({"v": [_Colour.RED, "\ud800"]}, "malformed"),
        ({1: "x"}, "malformed"),
        ({"v": (1, 2)}, "malformed"),
        ({"v": b"x"}, "malformed"),
        ({"v": {1, 2}}, "malformed"),
        ([[[[[[[[[]]]]]]]]], "too_large"),
    ],
)
def test_the_guard_refuses_before_any_encoder(value: Any, kind: str) -> None:
    with pytest.raises(StrictJSONError) as info:
        canonicalize(value, max_depth=8)
    assert info.value.kind == kind


def test_size_limit_applies_to_the_fast_path() -> None:
    value = {"text": "x" * 100}
    assert scan(value)
    assert len(canonicalize(value, max_bytes=200)) == 111
    with pytest.raises(StrictJSONError) as info:
        canonicalize(value, max_bytes=110)
    assert info.value.kind == "too_large"


def test_a_cycle_is_refused_as_too_deep() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(StrictJSONError) as info:
        canonicalize(loop)
    assert info.value.kind == "too_large"


def test_orjson_nesting_limit_falls_back_to_the_json_module() -> None:
    deep: Any = "leaf"
    for _ in range(300):
        deep = [deep]
    expected = rfc8785.dumps(deep)
    assert canonicalize(deep, max_depth=400) == expected
    for name, encode in ENCODERS:
        assert encode(deep) == expected, name


@pytest.mark.parametrize(
    ("wire", "plain"),
    [
        (b'{"a":[1,2.5,"x"]}', True),
        (b'{"a":1.0}', False),  # Python writes 1.0, JCS 1
        (b'{"a":1E2}', False),
        (b'{"a":9007199254740992}', False),  # read as the double 2^53
        ('{"\U0001f600":1}'.encode(), False),
        (b'{"\\ud83d\\ude00":1}', False),
        ('{"a":"\U0001f600"}'.encode(), True),  # outside the BMP in a value only
        (b'{"a":"\\ud83d\\ude00"}', True),
    ],
)
def test_parse_reports_what_is_plain(wire: bytes, plain: bool) -> None:
    value, reported = parse(wire)
    assert reported is plain
    assert canonicalize(value, plain=reported) == rfc8785.dumps(value)


@pytest.mark.parametrize(
    "wire",
    [
        b' \n{"a":1} \r\n\t',
        b"[]",
        b'"text"',
        b"12",
        b"true",
    ],
)
def test_parse_accepts_any_json_text(wire: bytes) -> None:
    assert parse(wire)[0] == json.loads(wire)


@pytest.mark.parametrize("wire", [b"", b" ", b'{"a":1} x', b"{} {}", b"\xef\xbb\xbf{}", b"nul"])
def test_parse_refuses_trailing_or_missing_values(wire: bytes) -> None:
    with pytest.raises(StrictJSONError) as info:
        parse(wire)
    assert info.value.kind == "malformed"


# -- base64url ----------------------------------------------------------------

_CANONICAL = re.compile(r"[A-Za-z0-9_-]*")


def _reference_decode(text: str) -> bytes | None:
    """The definition: alphabet, no padding, no length 1 mod 4, round trip."""
    if _CANONICAL.fullmatch(text) is None or len(text) % 4 == 1:
        return None
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return data if base64.urlsafe_b64encode(data).rstrip(b"=").decode() == text else None


@settings(max_examples=1000, deadline=None)
@given(st.text("AQgwBRhxZz09_-+/=! \n\u00e9", max_size=9))
def test_base64url_decoder_matches_its_definition(text: str) -> None:
    expected = _reference_decode(text)
    if expected is None:
        with pytest.raises(ValueError, match="base64url"):
            b64url_decode(text)
    else:
        assert b64url_decode(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=70))
def test_base64url_encoder_matches_its_definition(data: bytes) -> None:
    assert b64url_encode(data) == base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# -- the signer's shortcuts ---------------------------------------------------


@pytest.mark.parametrize(
    ("audience", "irt", "now", "jti"),
    [
        (BOB_ISS, None, NOW, "AAAAAAAAAAAAAAAAAAAAAA"),
        (None, "x" * 43, NOW, "AAAAAAAAAAAAAAAAAAAAAA"),
        ("https://b\u00fccher.example/card", None, NOW, "AAAAAAAAAAAAAAAAAAAAAA"),
        (BOB_ISS, None, float(NOW), "AAAAAAAAAAAAAAAAAAAAAA"),  # not the cached form
    ],
)
def test_cached_header_prefix_writes_what_encode_protected_writes(
    audience: str | None, irt: str | None, now: Any, jti: str
) -> None:
    signed = sign_object(
        {"messageId": "m"},
        "message",
        ALICE,
        issuer=ALICE_ISS,
        audience=audience,
        now=now,
        jti=jti,
        irt=irt,
    )
    protected = signed["metadata"][SIGNATURES_KEY][0]["protected"]
    header: dict[str, Any] = {"alg": ALICE.alg, "kid": ALICE.kid, "typ": "a2a-message+jws"}
    header["iss"] = ALICE_ISS
    if audience is not None:
        header["aud"] = audience
    header.update(iat=now, exp=now + 300, jti=jti)
    if irt is not None:
        header["irt"] = irt
    assert protected == encode_protected(header)
    assert decode_protected(protected) == header


def test_signing_copies_what_it_changes_and_leaves_the_input_alone() -> None:
    message: dict[str, Any] = {
        "messageId": "m",
        "parts": [{"text": "hi"}],
        "extensions": ["urn:other"],
        "metadata": {"trace": "t"},
    }
    before = json.dumps(message)
    signed = sign_object(message, "message", ALICE, issuer=ALICE_ISS, audience=BOB_ISS, now=NOW)
    assert json.dumps(message) == before
    assert signed["extensions"] == ["urn:other", EXTENSION_URI]
    assert signed["metadata"] is not message["metadata"]
    assert payload_bytes(signed) == rfc8785.dumps(
        {**message, "extensions": ["urn:other", EXTENSION_URI]}
    )


def test_direct_constructors_build_the_dataclasses_they_stand_for() -> None:
    values: dict[str, Any] = {
        "issuer": ALICE_ISS,
        "kid": ALICE.kid,
        "alg": "EdDSA",
        "jti": "j" * 22,
        "issued_at": NOW,
        "expires_at": NOW + 300,
        "audience": (BOB_ISS,),
        "irt": None,
        "claims": {"iss": ALICE_ISS},
    }
    # Every field, so a field added to VerifiedIdentity must be added there too.
    assert set(values) == {f.name for f in dataclasses.fields(VerifiedIdentity)}
    fast, slow = _verified_identity(**values), VerifiedIdentity(**values)
    assert fast == slow
    assert vars(fast) == vars(slow)
    assert repr(fast) == repr(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.issuer = "someone else"  # type: ignore[misc]
    entry = parse_entries([{"protected": "e30", "signature": "", "header": {"x": 1}}])[0]
    assert entry == SignatureEntry("e30", "", {"x": 1})
    assert vars(entry) == vars(SignatureEntry("e30", "", {"x": 1}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.signature = "forged"  # type: ignore[misc]
