"""JWK parsing and generation, key files (0600, encrypted), the JWS header profile."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwe, jwk

from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.errors import KeyFormatError, SignatureError
from a2a.identity.jwk import (
    generate_key,
    jwks_document,
    parse_jwks,
    private_key_from_jwk,
    public_key_from_jwk,
    thumbprint,
)
from a2a.identity.jws import check_header, decode_protected, parse_entries, sign_detached
from a2a.identity.keyfile import decrypt_jwk, encrypt_jwk, read_private_key, write_private_key
from tests.identity.fixtures import ALICE, CAROL


@pytest.mark.parametrize("alg", ["EdDSA", "Ed25519", "ES256"])
def test_generate_round_trip(alg: str) -> None:
    key = generate_key(alg)
    assert key.kid == thumbprint(key.public.to_jwk())
    again = private_key_from_jwk(key.to_jwk())
    assert again.kid == key.kid
    signature = again.sign(b"data")
    assert len(signature) == 64
    assert public_key_from_jwk(key.public.to_jwk()).verify(signature, b"data")


def test_unsupported_algorithm() -> None:
    with pytest.raises(KeyFormatError):
        generate_key("RS256")


def _with(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


PUBLIC = ALICE.public.to_jwk()
EC = CAROL.public.to_jwk()


@pytest.mark.parametrize(
    "bad",
    [
        [],
        _with(PUBLIC, d=ALICE.to_jwk()["d"]),
        _with(PUBLIC, use="enc"),
        _with(PUBLIC, key_ops=["sign"]),
        _with(PUBLIC, key_ops="verify"),
        _with(PUBLIC, alg="RS256"),
        _with(PUBLIC, alg="ES256"),
        _with(PUBLIC, x=PUBLIC["x"][:-2]),
        _with(PUBLIC, x=PUBLIC["x"] + "="),
        _with(PUBLIC, crv="Ed448"),
        _with(PUBLIC, kid=7),
        _with(PUBLIC, exp="soon"),
        _with(EC, y=EC["x"]),
        {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
        {"kty": "oct", "k": "c2VjcmV0"},
        _with(PUBLIC, x=b64url_encode(bytes.fromhex("ec" + "ff" * 30 + "7f"))),
    ],
)
def test_public_jwk_refusals(bad: Any) -> None:
    with pytest.raises(KeyFormatError):
        public_key_from_jwk(bad)


@pytest.mark.parametrize(
    "bad",
    [
        _with(ALICE.to_jwk(), x=CAROL.public.x),
        _with(ALICE.to_jwk(), d="short"),
        _with(CAROL.to_jwk(), d=b64url_encode(bytes(32))),
        _with(ALICE.to_jwk(), alg="ES256"),
        _with(ALICE.to_jwk(), kty="RSA"),
        "not a dict",
    ],
)
def test_private_jwk_refusals(bad: Any) -> None:
    with pytest.raises(KeyFormatError):
        private_key_from_jwk(bad)


def test_jwks_skips_unusable_keys_and_bounds_size() -> None:
    document = jwks_document([ALICE, CAROL])
    document["keys"].append({"kty": "RSA", "n": "x", "e": "AQAB"})
    assert [k.kid for k in parse_jwks(document)] == [ALICE.kid, CAROL.kid]
    with pytest.raises(KeyFormatError):
        parse_jwks({"keys": [PUBLIC] * 21})
    with pytest.raises(KeyFormatError):
        parse_jwks({"nokeys": []})
    with pytest.raises(KeyFormatError):
        thumbprint({"kty": "RSA"})


def test_key_file_is_created_0600_and_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "key.jwk"
    write_private_key(path, ALICE)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert read_private_key(path).kid == ALICE.kid
    with pytest.raises(FileExistsError):
        write_private_key(path, CAROL)
    os.chmod(path, 0o644)
    write_private_key(path, CAROL, overwrite=True)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert read_private_key(path).kid == CAROL.kid


def test_encrypted_key_file(tmp_path: Path) -> None:
    path = tmp_path / "key.jwe"
    write_private_key(path, CAROL, password="correct horse", iterations=2000)
    text = path.read_text()
    assert "d" not in json.loads(b64url_decode(text.split(".")[0]))
    assert read_private_key(path, password="correct horse").kid == CAROL.kid
    for password in (None, "wrong"):
        with pytest.raises(KeyFormatError):
            read_private_key(path, password=password)
    # An independent JOSE library decrypts it: the format is plain RFC 7517 §7.
    token = jwe.JWE()
    token.deserialize(text.strip(), key=jwk.JWK.from_password("correct horse"))
    assert json.loads(token.payload)["d"] == CAROL.to_jwk()["d"]


@pytest.mark.parametrize("part", [0, 1, 2, 3, 4])
def test_encrypted_key_tampering(part: int) -> None:
    token = encrypt_jwk(ALICE.to_jwk(), "pw", iterations=1000).split(".")
    token[part] = token[part][:-2] + ("AA" if token[part][-2:] != "AA" else "BA")
    with pytest.raises(KeyFormatError):
        decrypt_jwk(".".join(token), "pw")


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "dir", "enc": "A256GCM", "cty": "jwk+json"},
        {"alg": "PBES2-HS512+A256KW", "enc": "A256GCM", "cty": "text"},
        {
            "alg": "PBES2-HS512+A256KW",
            "enc": "A256GCM",
            "cty": "jwk+json",
            "p2c": 10**9,
            "p2s": "AAAAAAAAAAA",
        },
        {"alg": "PBES2-HS512+A256KW", "enc": "A256GCM", "cty": "jwk+json", "p2c": "1000"},
        {
            "alg": "PBES2-HS512+A256KW",
            "enc": "A256GCM",
            "cty": "jwk+json",
            "p2c": 1000,
            "p2s": "AA",
        },
    ],
)
def test_encrypted_key_header_limits(header: dict[str, Any]) -> None:
    token = encrypt_jwk(ALICE.to_jwk(), "pw", iterations=1000).split(".")
    token[0] = b64url_encode(json.dumps(header).encode())
    with pytest.raises(KeyFormatError):
        decrypt_jwk(".".join(token), "pw")


def test_key_file_refusals(tmp_path: Path) -> None:
    cases = {"big": "x" * 20_000, "public": json.dumps(PUBLIC), "junk": "{nope", "jwe": "a.b.c"}
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(KeyFormatError):
            read_private_key(path, password="pw")
    with pytest.raises(KeyFormatError):
        encrypt_jwk(ALICE.to_jwk(), "")


def test_header_profile() -> None:
    entry = sign_detached(b"x", ALICE, {"typ": "t"})
    header = decode_protected(entry.protected)
    assert check_header(header, algs={"EdDSA"}, typs=("t",)) == ("EdDSA", ALICE.kid)
    # a2a-sdk emits "jku": null; cards tolerate it, envelopes refuse any jku.
    with_null = {**header, "jku": None}
    assert check_header(with_null, algs={"EdDSA"}, typs=("t",), allow_jku=True)[1] == ALICE.kid
    with pytest.raises(SignatureError) as info:
        check_header(with_null, algs={"EdDSA"}, typs=("t",))
    assert info.value.detail == "malformed_header"
    with pytest.raises(SignatureError) as info:
        check_header({**header, "jku": 5}, algs={"EdDSA"}, typs=("t",), allow_jku=True)
    assert info.value.detail == "malformed_header"
    with pytest.raises(SignatureError) as info:
        check_header(header, algs={"EdDSA"}, typs=("t",), unprotected={"x": "y" * 5000})
    assert info.value.detail == "too_large"
    with pytest.raises(ValueError, match="cannot sign"):
        sign_detached(b"x", ALICE, {"alg": "ES256"})


@pytest.mark.parametrize(
    ("value", "detail"),
    [(None, "malformed_header"), ([], "malformed_header"), ([1], "malformed_header"),
     ([{"protected": 1, "signature": ""}], "malformed_header"),
     ([{"protected": "", "signature": "", "header": []}], "malformed_header")],
)  # fmt: skip
def test_entry_shapes(value: Any, detail: str) -> None:
    with pytest.raises(SignatureError) as info:
        parse_entries(value)
    assert info.value.detail == detail
