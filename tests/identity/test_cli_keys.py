"""``a2a keys generate`` and ``a2a keys public``."""

from __future__ import annotations

import argparse
import json
import os
import stat
from pathlib import Path

import pytest

from a2a.cli import keys
from a2a.identity.jwk import parse_jwks
from a2a.identity.keyfile import read_private_key


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="a2a")
    keys.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


@pytest.mark.parametrize("alg", ["EdDSA", "ES256"])
def test_generate_then_public(tmp_path: Path, alg: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "key.jwk"
    assert run("keys", "generate", "--alg", alg, "--out", str(path)) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["alg"] == alg
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert run("keys", "public", str(path)) == 0
    jwks = json.loads(capsys.readouterr().out)
    assert "d" not in jwks["keys"][0]
    assert [k.kid for k in parse_jwks(jwks)] == [created["kid"]]


def test_encrypted_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "key.jwk"
    monkeypatch.setenv("KEY_PASSWORD", "s3cret")
    assert run("keys", "generate", "--out", str(path), "--password-env", "KEY_PASSWORD") == 0
    kid = json.loads(capsys.readouterr().out)["kid"]
    assert not path.read_text().startswith("{")
    assert read_private_key(path, password="s3cret").kid == kid
    assert run("keys", "public", str(path)) == 1
    assert "password" in capsys.readouterr().err
    assert run("keys", "public", str(path), "--password-env", "KEY_PASSWORD") == 0


def test_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "key.jwk"
    assert run("keys", "generate", "--out", str(path)) == 0
    assert run("keys", "generate", "--out", str(path)) == 1
    assert "exists" in capsys.readouterr().err
    assert run("keys", "generate", "--out", str(path), "--force") == 0
    assert run("keys", "generate", "--out", str(tmp_path / "x"), "--password-env", "UNSET_VAR") == 1
    assert run("keys", "public", str(tmp_path / "missing.jwk")) == 1


def test_registered_in_the_a2a_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from a2a.cli import main

    path = tmp_path / "k.jwk"
    assert main(["keys", "generate", "--alg", "ES256", "--out", str(path)]) == 0
    assert main(["keys", "public", str(path)]) == 0
    assert '"kty": "EC"' in capsys.readouterr().out
