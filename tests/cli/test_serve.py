"""`a2a serve` as a user runs it: a subprocess on a loopback port."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from a2a.client.identity import card_report
from a2a.identity.trust import TrustStore
from a2a.protocol.ssrf import UrlPolicy
from tests.interop.peers import free_port, running
from tests.interop.venvs import ROOT

ECHO = str(ROOT / "examples" / "echo.py")


def a2a(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "a2a", *args], capture_output=True, text=True, check=False
    )


async def test_serve_echo_answers_both_bindings() -> None:
    port = free_port()
    with running(sys.executable, ["-m", "a2a", "serve", ECHO, "--port", str(port)], port):
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient() as http:
            body = {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "SendMessage",
                "params": {
                    "message": {"messageId": "m", "role": "ROLE_USER", "parts": [{"text": "hi"}]}
                },
            }
            reply = (await http.post(base + "/", json=body, headers={"A2A-Version": "1.0"})).json()
            assert reply["result"]["task"]["status"]["state"] == "TASK_STATE_COMPLETED"
            rest = await http.post(
                base + "/rest/message:send", json=body["params"], headers={"A2A-Version": "1.0"}
            )
            assert rest.json()["task"]["artifacts"][0]["parts"][1] == {"text": "hi"}


async def test_serve_with_signing_key_publishes_a_verifiable_card(tmp_path: Path) -> None:
    key = tmp_path / "key.jwk"
    generated = a2a("keys", "generate", "--alg", "EdDSA", "--out", str(key))
    assert generated.returncode == 0, generated.stderr
    jwks = json.loads(a2a("keys", "public", str(key)).stdout)
    port = free_port()
    args = ["-m", "a2a", "serve", ECHO, "--port", str(port), "--signing-key", str(key)]
    with running(sys.executable, args, port):
        base = f"http://127.0.0.1:{port}"
        trust = TrustStore(require_https=False)
        trust.pin(base, jwks)
        card_url = base + "/.well-known/agent-card.json"
        report = await card_report(card_url, trust=trust, policy=UrlPolicy(allow_private=True))
        assert report["verified"] is True
        assert report["kid"] == jwks["keys"][0]["kid"]
        # A key that did not sign the card does not verify it.
        other = tmp_path / "other.jwk"
        assert a2a("keys", "generate", "--alg", "EdDSA", "--out", str(other)).returncode == 0
        stranger = TrustStore(require_https=False)
        stranger.pin(base, json.loads(a2a("keys", "public", str(other)).stdout))
        refused = await card_report(card_url, trust=stranger, policy=UrlPolicy(allow_private=True))
        assert refused["verified"] is False


def test_serve_refuses_a_bad_target_or_key(tmp_path: Path) -> None:
    missing = a2a("serve", str(tmp_path / "nope.py"))
    assert missing.returncode == 2
    assert "no such file" in missing.stderr
    bad_key = tmp_path / "bad.jwk"
    bad_key.write_text("{}")
    refused = a2a("serve", ECHO, "--signing-key", str(bad_key), "--port", str(free_port()))
    assert refused.returncode == 2


def test_card_verify_command(tmp_path: Path) -> None:
    key = tmp_path / "key.jwk"
    assert a2a("keys", "generate", "--alg", "ES256", "--out", str(key)).returncode == 0
    public = tmp_path / "public.json"
    public.write_text(a2a("keys", "public", str(key)).stdout)
    other = tmp_path / "other.jwk"
    assert a2a("keys", "generate", "--alg", "EdDSA", "--out", str(other)).returncode == 0
    stranger = tmp_path / "stranger.json"
    stranger.write_text(a2a("keys", "public", str(other)).stdout)
    port = free_port()
    args = ["-m", "a2a", "serve", ECHO, "--port", str(port), "--signing-key", str(key)]
    with running(sys.executable, args, port):
        base = f"http://127.0.0.1:{port}"
        by_origin = a2a("card", base, "--verify")
        assert by_origin.returncode == 0, by_origin.stderr
        assert "signature: verified (ES256" in by_origin.stdout
        pinned = a2a("card", base, "--verify", "--trust", str(public), "--json")
        assert pinned.returncode == 0
        assert json.loads(pinned.stdout)["verified"] is True
        wrong = a2a("card", base, "--verify", "--trust", str(stranger))
        assert wrong.returncode == 1
        assert "NOT verified" in wrong.stdout
    unsigned_port = free_port()
    with running(
        sys.executable, ["-m", "a2a", "serve", ECHO, "--port", str(unsigned_port)], unsigned_port
    ):
        unsigned = a2a("card", f"http://127.0.0.1:{unsigned_port}", "--verify")
        assert unsigned.returncode == 1
        assert "NOT verified" in unsigned.stdout


def test_conformance_of_a_served_agent_with_push_delivery(tmp_path: Path) -> None:
    # The suite's webhook receiver is on loopback: the server must be told to allow it.
    agent = str(ROOT / "examples" / "conformance_agent.py")
    port = free_port()
    args = ["-m", "a2a", "serve", agent, "--port", str(port), "--allow-private-webhooks"]
    report = tmp_path / "report.json"
    with running(sys.executable, args, port):
        done = a2a("conformance", f"http://127.0.0.1:{port}", "--report", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(report.read_text())["results"]
    push = [r for r in results if r["id"].startswith("A2A-PUSH-")]
    assert push
    assert all(r["outcome"] == "passed" for r in push), push
