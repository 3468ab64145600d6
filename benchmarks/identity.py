"""Signed-envelope throughput next to the raw signature primitive, on this machine.

    python benchmarks/identity.py [--seconds 1.0] [--rounds 5] [--out FILE.json]

For Ed25519 and ES256 it measures, in operations per second (median of
``--rounds`` runs of about ``--seconds`` each):

* raw ``cryptography`` sign and verify of the canonical bytes of a ~1 KB message
  (the limit any implementation can reach);
* envelope sign: JCS + protected header + detached JWS into ``metadata``;
* envelope verify: strict JSON parse of the wire bytes, JCS, header and claim
  checks, key lookup, signature check and replay-cache insert.

Each round measures all four back to back, and the envelope/raw ratio is taken
per round, so a busy machine moves both sides of a ratio together.  It prints
a table and writes the numbers as JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cryptography

from a2a.identity.envelope import payload_bytes, sign_object
from a2a.identity.jwk import PrivateKey, generate_key
from a2a.identity.policy import EnvelopePolicy
from a2a.identity.trust import TrustStore
from a2a.identity.verifier import EnvelopeVerifier
from a2a.types import Message, Part

SENDER = "https://alice.example/.well-known/agent-card.json"
RECEIVER = "https://bob.example/.well-known/agent-card.json"


def sample_message() -> dict[str, Any]:
    """A realistic ~1 KB message: text, structured data and tracing metadata."""
    text = "Book a table for four at 19:30 near the station; vegetarian options please. " * 6
    data = {"guests": 4, "time": "19:30", "budget": 42.5, "tags": ["quiet", "terrace"]}
    message = Message.user(text, Part.from_data(data), metadata={"traceId": "4bf92f35" * 4})
    return message.to_dict()


def rate(operation: Callable[[], object], seconds: float) -> float:
    """Operations per second of ``operation`` over about ``seconds``."""
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(50):
            operation()
        count += 50
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def measure(key: PrivateKey, seconds: float, rounds: int) -> dict[str, float]:
    """Medians over ``rounds``; each round runs the four measurements back to back,
    so raw and envelope numbers of one round share the machine's load."""
    message = sample_message()
    data = payload_bytes(message)
    signature = key.sign(data)
    store = TrustStore()
    store.pin("https://alice.example", [key])
    verifier = EnvelopeVerifier(
        store, local_identities=[RECEIVER], policies=EnvelopePolicy(mode="require")
    )
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        # Each verification needs its own jti (the replay cache refuses a second
        # copy), so the round's wires are signed beforehand, untimed.
        now = int(time.time())
        wires = [
            json.dumps(
                sign_object(message, "message", key, issuer=SENDER, audience=RECEIVER, now=now)
            ).encode()
            for _ in range(max(200, int(1500 * seconds)))
        ]
        start = time.perf_counter()
        for wire in wires:
            verifier.verify(wire, "message")
        envelope_verify = len(wires) / (time.perf_counter() - start)
        round_numbers = {
            "raw_sign": rate(lambda: key.sign(data), seconds),
            "envelope_sign": rate(
                lambda: sign_object(message, "message", key, issuer=SENDER, audience=RECEIVER),
                seconds,
            ),
            "raw_verify": rate(lambda: key.public.verify(signature, data), seconds),
            "envelope_verify": envelope_verify,
        }
        round_numbers["sign_ratio"] = round_numbers["envelope_sign"] / round_numbers["raw_sign"]
        round_numbers["verify_ratio"] = (
            round_numbers["envelope_verify"] / round_numbers["raw_verify"]
        )
        for name, value in round_numbers.items():
            samples.setdefault(name, []).append(value)
    result = {name: statistics.median(values) for name, values in samples.items()}
    result["payload_bytes"] = float(len(data))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "identity.json"))
    args = parser.parse_args()
    results = {
        alg: measure(generate_key(alg), args.seconds, args.rounds) for alg in ("EdDSA", "ES256")
    }
    size = int(results["EdDSA"]["payload_bytes"])
    print(f"payload: {size} bytes of JCS; ops/s and ratios are medians of {args.rounds} rounds")
    print(f"{'alg':<6} {'operation':<8} {'raw':>10} {'envelope':>10} {'ratio':>7}")
    for alg, numbers in results.items():
        for op in ("sign", "verify"):
            raw, env = numbers[f"raw_{op}"], numbers[f"envelope_{op}"]
            ratio = numbers[f"{op}_ratio"]
            print(f"{alg:<6} {op:<8} {raw:>10,.0f} {env:>10,.0f} {ratio:>7.2f}")
    report = {
        "machine": {
            "python": platform.python_version(),
            "cryptography": cryptography.__version__,
            "processor": platform.machine(),
        },
        "seconds_per_round": args.seconds,
        "rounds": args.rounds,
        "ops_per_second": results,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
