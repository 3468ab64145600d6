"""Signed envelopes for the benchmark: keys for both sides and pools of signed requests.

The client's messages carry a signed envelope (``spec/signed-envelope.md``);
each one has its own ``jti``, which the server's replay cache remembers, so a
run needs one freshly signed request per request it sends.  The harness signs
a pool before each run, and the load generator sends it in order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from a2a.identity import EnvelopeSigner, PrivateKey, generate_key, jwks_document

__all__ = ["CLIENT_ISSUER", "BenchIdentity", "write_pool"]

#: Who the benchmark client says it is (its key is pinned on the server: nothing is fetched).
CLIENT_ISSUER = "https://client.bench.example/.well-known/agent-card.json"
CARD_PATH = "/.well-known/agent-card.json"


@dataclass(frozen=True)
class BenchIdentity:
    """A key for the server and one for the client, made fresh for a run."""

    server_key: PrivateKey
    client_key: PrivateKey

    @classmethod
    def generate(cls, alg: str = "EdDSA") -> BenchIdentity:
        return cls(generate_key(alg), generate_key(alg))

    def server_env(self) -> str:
        """What ``benchmarks/servers/ours_signed.py`` reads from ``BENCH_IDENTITY``."""
        return json.dumps({
            "server_key": self.server_key.to_jwk(),
            "client_issuer": CLIENT_ISSUER,
            "client_jwks": jwks_document([self.client_key]),
        })  # fmt: skip


def write_pool(path: Path, identity: BenchIdentity, port: int, count: int) -> None:
    """``count`` JSON-RPC SendMessage bodies with signed messages, one per line."""
    signer = EnvelopeSigner(identity.client_key, CLIENT_ISSUER)
    audience = f"http://127.0.0.1:{port}{CARD_PATH}"
    with path.open("w") as out:
        for index in range(count):
            message = {"messageId": f"bench-{index:010d}", "role": "ROLE_USER",
                       "parts": [{"text": "echo"}]}  # fmt: skip
            signed = signer.sign(message, "message", audience=audience)
            body = {"jsonrpc": "2.0", "id": 1, "method": "SendMessage",
                    "params": {"message": signed}}  # fmt: skip
            out.write(json.dumps(body, separators=(",", ":")) + "\n")
