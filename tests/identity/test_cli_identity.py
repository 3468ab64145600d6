"""The ``a2a serve --signing-key`` options and the ``a2a card --verify`` report, on loopback."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import httpx

from a2a.cli.keys import add_serve_arguments, apply_serve_arguments
from a2a.client.identity import card_report
from a2a.identity.jwk import jwks_document
from a2a.identity.keyfile import write_private_key
from a2a.identity.trust import TrustStore
from a2a.protocol.ssrf import UrlPolicy
from a2a.server import create_app
from examples.echo import echo
from tests.identity.fixtures import ALICE, BOB
from tests.support.live import serve_app

LOOPBACK = UrlPolicy(allow_private=True, allow_http=True)


def _serve_args(*argv: str) -> argparse.Namespace:
    # What `a2a serve` parses once it calls add_serve_arguments (see the report).
    parser = argparse.ArgumentParser()
    parser.add_argument("--public-url")
    add_serve_arguments(parser)
    return parser.parse_args(list(argv))


def test_without_a_key_the_app_is_unchanged() -> None:
    app = create_app(echo)
    assert apply_serve_arguments(app, _serve_args()) is app


async def test_signing_key_serves_a_signed_card_that_verifies(tmp_path: Path) -> None:
    key_file = tmp_path / "key.jwk"
    write_private_key(key_file, BOB, password="pw", iterations=1000)
    trusted = tmp_path / "alice.json"
    trusted.write_text(json.dumps(jwks_document([ALICE])))
    args = _serve_args(
        "--signing-key", str(key_file), "--signing-key-password-env", "KEY_PW",
        "--trust", f"https://alice.example={trusted}",
    )  # fmt: skip
    import os

    os.environ["KEY_PW"] = "pw"
    try:
        app = apply_serve_arguments(create_app(echo), args)
    finally:
        del os.environ["KEY_PW"]
    with serve_app(app) as url:
        async with httpx.AsyncClient(base_url=url) as http:
            jwks = (await http.get("/.well-known/jwks.json")).json()
        report = await card_report(url + "/.well-known/agent-card.json", policy=LOOPBACK)
        pinned = TrustStore(require_https=False)
        pinned.pin(url, [ALICE])  # the wrong key: verification must fail
        refused = await card_report(
            url + "/.well-known/agent-card.json", trust=pinned, policy=LOOPBACK
        )
    assert jwks["keys"][0]["kid"] == BOB.kid
    assert report["verified"] is True
    assert report["kid"] == BOB.kid
    assert refused == {
        "url": url + "/.well-known/agent-card.json",
        "verified": False,
        "reason": "SIGNATURE_INVALID",
        "detail": "unknown_key",
    }
