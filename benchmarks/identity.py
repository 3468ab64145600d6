"""Signed-envelope throughput next to the raw signature primitive, on this machine.

    python benchmarks/identity.py [--rounds 25] [--seconds 0.1] [--breakdown]
                                  [--instructions] [--jcs orjson|json] [--out FILE.json]

For Ed25519 (``EdDSA``) and P-256 (``ES256``) it measures, on the canonical
bytes of a ~700-byte message:

* raw sign and raw verify: the ``cryptography`` primitive alone, the limit any
  implementation can reach;
* envelope sign: guard + JCS + protected header + detached JWS into
  ``metadata`` (``sign_object``);
* envelope verify: strict parse of the wire bytes, JCS, header and claim
  checks, key lookup, signature check and replay-cache insert
  (``EnvelopeVerifier.verify``).

The headline is the **combined** ratio of the target (issue 8): envelope
(sign + verify) per second over raw (sign + verify) per second, that is
``(raw sign + raw verify) / (envelope sign + envelope verify)`` in CPU time per
operation.  The per-operation ratios stand beside it.

Time is CPU time of this process (``time.process_time``), so other jobs on a
shared machine slow the clock less than wall time would.  Each round runs a
batch of every operation, in an order that rotates between rounds; a round's
ratios compare batches that ran a fraction of a second apart.  Every figure
is the median over the rounds.  ``--breakdown`` adds where an envelope's time
goes, component by component, measured the same way.  ``--instructions``
counts instructions per operation under valgrind's callgrind: deterministic,
so it shows what a code change does even on a busy machine.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import platform
import re
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import cryptography
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from a2a.identity import jcs
from a2a.identity.b64 import b64url_decode, b64url_encode
from a2a.identity.envelope import (
    SIGNATURES_KEY,
    TYPES,
    _audience,
    _claims,
    _protected,
    payload_bytes,
    sign_object,
)
from a2a.identity.jwk import PrivateKey, generate_key
from a2a.identity.jws import check_header, decode_protected, parse_entries, signing_input
from a2a.identity.policy import EnvelopePolicy
from a2a.identity.replay import MemoryReplayCache
from a2a.identity.strict_json import parse, scan
from a2a.identity.trust import TrustStore
from a2a.identity.verifier import EnvelopeVerifier
from a2a.types import Message, Part

SENDER = "https://alice.example/.well-known/agent-card.json"
RECEIVER = "https://bob.example/.well-known/agent-card.json"
OPERATIONS = ("raw_sign", "raw_verify", "envelope_sign", "envelope_verify")


def sample_message() -> dict[str, Any]:
    """A realistic message: text, structured data and tracing metadata (~700 bytes of JCS)."""
    text = "Book a table for four at 19:30 near the station; vegetarian options please. " * 6
    data = {"guests": 4, "time": "19:30", "budget": 42.5, "tags": ["quiet", "terrace"]}
    message = Message.user(text, Part.from_data(data), metadata={"traceId": "4bf92f35" * 4})
    return message.to_dict()


def raw_primitives(
    key: PrivateKey, data: bytes
) -> tuple[Callable[[], object], Callable[[], object]]:
    """``cryptography`` sign and verify of ``data`` with nothing of ours around them."""
    crypto = key.crypto
    if isinstance(crypto, ed25519.Ed25519PrivateKey):
        public = crypto.public_key()
        signature = crypto.sign(data)
        return lambda: crypto.sign(data), lambda: public.verify(signature, data)
    ecdsa = ec.ECDSA(hashes.SHA256())
    ec_public = crypto.public_key()
    der = crypto.sign(data, ecdsa)
    return lambda: crypto.sign(data, ecdsa), lambda: ec_public.verify(der, data, ecdsa)


class Bench:
    """One algorithm's operations, and the signed wires ``envelope_verify`` consumes."""

    def __init__(self, alg: str) -> None:
        self.key = generate_key(alg)
        self.message = sample_message()
        self.payload = payload_bytes(self.message)
        self.raw_sign, self.raw_verify = raw_primitives(self.key, self.payload)
        store = TrustStore()
        store.pin("https://alice.example", [self.key])
        self.verifier = EnvelopeVerifier(
            store, local_identities=[RECEIVER], policies=EnvelopePolicy(mode="require")
        )
        self.wires: list[bytes] = []

    def envelope_sign(self) -> object:
        return sign_object(self.message, "message", self.key, issuer=SENDER, audience=RECEIVER)

    def prepare_wires(self, count: int) -> None:
        """Signed wire bytes, untimed: the replay cache accepts each ``jti`` once."""
        now = int(time.time())
        self.wires = [
            json.dumps(
                sign_object(
                    self.message, "message", self.key, issuer=SENDER, audience=RECEIVER, now=now
                )
            ).encode()
            for _ in range(count)
        ]

    def envelope_verify_batch(self) -> float:
        wires, verify = self.wires, self.verifier.verify
        start = time.process_time()
        for wire in wires:
            verify(wire, "message")
        return (time.process_time() - start) / len(wires)


def cpu_per_op(operation: Callable[[], object], count: int) -> float:
    """CPU seconds per call of ``operation``, over ``count`` calls."""
    start = time.process_time()
    for _ in range(count):
        operation()
    return (time.process_time() - start) / count


def calibrate(operation: Callable[[], object], seconds: float) -> int:
    """How many calls of ``operation`` take about ``seconds`` of CPU."""
    count = 20
    while True:
        spent = cpu_per_op(operation, count) * count
        if spent >= seconds / 4:
            return max(20, int(count * seconds / spent))
        count *= 4


def measure(alg: str, rounds: int, seconds: float) -> dict[str, Any]:
    """Per-operation CPU times and ratios for one algorithm (medians over rounds)."""
    bench = Bench(alg)
    calls: dict[str, Callable[[], object]] = {
        "raw_sign": bench.raw_sign,
        "raw_verify": bench.raw_verify,
        "envelope_sign": bench.envelope_sign,
    }
    counts = {name: calibrate(call, seconds) for name, call in calls.items()}
    counts["envelope_verify"] = max(20, int(counts["raw_verify"] / 2))
    samples: dict[str, list[float]] = {}
    for index in range(rounds):
        bench.prepare_wires(counts["envelope_verify"])
        times: dict[str, float] = {}
        for offset in range(len(OPERATIONS)):  # rotate the order: no operation always goes first
            name = OPERATIONS[(index + offset) % len(OPERATIONS)]
            if name == "envelope_verify":
                times[name] = bench.envelope_verify_batch()
            else:
                times[name] = cpu_per_op(calls[name], counts[name])
        derived = {
            "sign_ratio": times["raw_sign"] / times["envelope_sign"],
            "verify_ratio": times["raw_verify"] / times["envelope_verify"],
            "combined_ratio": (times["raw_sign"] + times["raw_verify"])
            / (times["envelope_sign"] + times["envelope_verify"]),
        }
        for name, value in {**times, **derived}.items():
            samples.setdefault(name, []).append(value)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    ops = {name: 1 / medians[name] for name in OPERATIONS}
    ops["raw_sign_verify"] = 1 / (medians["raw_sign"] + medians["raw_verify"])
    ops["envelope_sign_verify"] = 1 / (medians["envelope_sign"] + medians["envelope_verify"])
    return {
        "ops_per_second": ops,
        "microseconds": {name: medians[name] * 1e6 for name in OPERATIONS},
        "ratios": {n: medians[n] for n in ("sign_ratio", "verify_ratio", "combined_ratio")},
        "combined_ratio_range": [min(samples["combined_ratio"]), max(samples["combined_ratio"])],
        "payload_bytes": len(bench.payload),
    }


class _NoSignature:
    """A key whose primitive costs nothing: what an envelope costs in Python alone.

    It plays both roles the envelope code asks of a key (``PrivateKey`` for
    ``sign_object``, ``PublicKey`` for the verifier) and accepts any signature,
    so it only ever runs in :func:`components`.
    """

    not_before = None
    expires = None

    def __init__(self, key: PrivateKey) -> None:
        self.public = self
        self.kid = key.kid
        self.alg = key.alg
        self.thumbprint = key.public.thumbprint

    def allows(self, alg: str) -> bool:
        return True

    def sign(self, data: bytes) -> bytes:
        return bytes(64)

    def verify(self, signature: bytes, data: bytes) -> bool:
        return True


class _Counter:
    """Distinct ``(iss, jti)`` keys, so every timed replay-cache insert is a new one."""

    def __init__(self) -> None:
        self.value = 0

    def key(self) -> tuple[str, str]:
        self.value += 1
        return (SENDER, str(self.value))


def components(alg: str, rounds: int, seconds: float) -> dict[str, dict[str, float]]:
    """Where an envelope's CPU time goes: microseconds per piece (medians over rounds).

    Each piece runs alone on the sample message, in the same rounds as the
    whole ``sign_object`` and ``verify`` calls; ``rest`` is the whole minus the
    pieces: control flow, copies, small objects and calls between them.
    """
    bench = Bench(alg)
    bench.prepare_wires(1)
    wire = bench.wires[0]
    data, plain = parse(wire)
    entry = data["metadata"][SIGNATURES_KEY][0]
    protected, signature_text = entry["protected"], entry["signature"]
    header = decode_protected(protected)
    payload = payload_bytes(data, plain=plain)
    signed_input = signing_input(protected, payload)
    signature = b64url_decode(signature_text)
    sign, verify = raw_primitives(bench.key, signed_input)
    message, key, public = bench.message, bench.key, bench.key.public
    policy = EnvelopePolicy()
    store = bench.verifier.store
    replay, counter = MemoryReplayCache(), _Counter()
    now = time.time()
    ours = frozenset([RECEIVER])

    def claims() -> object:
        iss, _iat, _exp, jti = _claims(header)
        return ours & set(_audience(header) or ()), replay.seen((iss, jti), now)

    def header_and_jti() -> object:
        jti = b64url_encode(secrets.token_bytes(16))
        return _protected(
            key, TYPES["message"], SENDER, RECEIVER, int(now), int(now) + 300, jti, None
        )

    sign_pieces: dict[str, Callable[[], object]] = {
        "guard walk of the message": lambda: scan(message),
        "JCS encode (plain value)": lambda: jcs._encode_plain(message),
        "protected header + jti": header_and_jti,
        "signing input (base64url of the payload)": lambda: signing_input(protected, payload),
        "signature primitive": sign,
        "base64url of the signature": lambda: b64url_encode(signature),
    }
    verify_pieces: dict[str, Callable[[], object]] = {
        "strict parse of the wire bytes": lambda: parse(wire),
        "signature entries: shape": lambda: parse_entries(data["metadata"][SIGNATURES_KEY]),
        "JCS of the payload (view + encode)": lambda: payload_bytes(data, plain=plain),
        "protected header: decode + profile": lambda: check_header(
            decode_protected(protected), algs=policy.algs, typs=(TYPES["message"],)
        ),
        "claims, audience, replay pre-check": claims,
        "key lookup (trust store)": lambda: store.resolve(SENDER, key.kid),
        "signature: base64url + signing input": lambda: (
            b64url_decode(signature_text),
            signing_input(protected, payload),
        ),
        "signature primitive": verify,
        "replay record": lambda: replay.add(counter.key(), now + 360, now),
    }
    del public
    stub = cast(PrivateKey, _NoSignature(key))
    stub_store = TrustStore()
    stub_store.pin("https://alice.example", [stub])
    stub_verifier = EnvelopeVerifier(
        stub_store, local_identities=[RECEIVER], policies=EnvelopePolicy(mode="require")
    )
    everything = {
        **{("sign", name): call for name, call in sign_pieces.items()},
        **{("verify", name): call for name, call in verify_pieces.items()},
        ("sign", "total"): bench.envelope_sign,
        ("sign", "stubbed"): lambda: sign_object(
            message, "message", stub, issuer=SENDER, audience=RECEIVER
        ),
    }
    counts = {name: calibrate(call, seconds / 4) for name, call in everything.items()}
    verify_count = max(20, counts[("verify", "signature primitive")] // 2)
    samples: dict[tuple[str, str], list[float]] = {name: [] for name in everything}
    samples[("verify", "total")] = []
    samples[("verify", "stubbed")] = []
    for _ in range(rounds):
        bench.prepare_wires(verify_count)
        samples[("verify", "total")].append(bench.envelope_verify_batch())
        bench.prepare_wires(verify_count)
        start = time.process_time()
        for wire in bench.wires:
            stub_verifier.verify(wire, "message")
        samples[("verify", "stubbed")].append((time.process_time() - start) / verify_count)
        for name, call in everything.items():
            samples[name].append(cpu_per_op(call, counts[name]))
    medians = {name: statistics.median(values) * 1e6 for name, values in samples.items()}
    out: dict[str, dict[str, float]] = {}
    for op, pieces in (("sign", sign_pieces), ("verify", verify_pieces)):
        parts = {name: medians[(op, name)] for name in pieces if name != "signature primitive"}
        total, stubbed = medians[(op, "total")], medians[(op, "stubbed")]
        primitive = medians[(op, "signature primitive")]
        out[op] = {
            **parts,
            "other Python (calls, copies, small objects)": stubbed - sum(parts.values()),
            "= Python alone (primitive stubbed out)": stubbed,
            "signature primitive": primitive,
            "Python slowed beside the primitive (caches)": total - stubbed - primitive,
            "= total": total,
        }
    return out


_COLLECTED = re.compile(r"Collected : (\d+)")
_INSTRUCTION_CALLS = 200


def _callgrind_child(op: str, alg: str) -> None:
    """Run ``op`` under callgrind: collection covers only the timed loop (see below)."""
    bench = Bench(alg)
    bench.prepare_wires(_INSTRUCTION_CALLS + 20)
    calls: dict[str, Callable[[], object]] = {
        "raw_sign": bench.raw_sign,
        "raw_verify": bench.raw_verify,
        "envelope_sign": bench.envelope_sign,
    }
    wires = iter(bench.wires)
    verify = bench.verifier.verify
    call = calls.get(op) or (lambda: verify(next(wires), "message"))
    for _ in range(20):  # warm up: caches, lazy imports, the header prefix LRU
        call()

    def loop(accumulated: int, _: object) -> int:
        for _ in range(_INSTRUCTION_CALLS):
            call()
        return accumulated

    # The parent passes --toggle-collect=functools_reduce: only this call counts.
    functools.reduce(loop, [None], 0)


def instructions(alg: str, encoder: str) -> dict[str, float]:
    """Instructions per operation, counted by valgrind's callgrind (deterministic).

    CPU time on a shared machine moves with its load; instruction counts do
    not, so they show what a change does to our code.  They are not time:
    the primitive runs more instructions per cycle than the interpreter.
    """
    counts: dict[str, float] = {}
    for op in OPERATIONS:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=functools_reduce",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--jcs",
            encoder,
            "--callgrind-child",
            f"{op}:{alg}",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        match = _COLLECTED.search(done.stderr)
        if match is None:
            raise RuntimeError(f"callgrind printed no count: {done.stderr[-500:]}")
        counts[op] = int(match.group(1)) / _INSTRUCTION_CALLS
    counts["combined_ratio"] = (counts["raw_sign"] + counts["raw_verify"]) / (
        counts["envelope_sign"] + counts["envelope_verify"]
    )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=0.1, help="CPU seconds per batch")
    parser.add_argument("--breakdown", action="store_true", help="also time the components")
    parser.add_argument(
        "--jcs",
        choices=sorted(jcs._PLAIN_ENCODERS),
        default="orjson" if "orjson" in jcs._PLAIN_ENCODERS else "json",
        help="the C encoder for plain canonical JSON (orjson needs the fast extra)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions per operation with valgrind (about 2 minutes)",
    )
    parser.add_argument("--callgrind-child", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "identity.json"))
    args = parser.parse_args()
    jcs._encode_plain = jcs._PLAIN_ENCODERS[args.jcs]
    if args.callgrind_child:
        _callgrind_child(*args.callgrind_child.split(":"))
        return
    results = {alg: measure(alg, args.rounds, args.seconds) for alg in ("EdDSA", "ES256")}
    size = results["EdDSA"]["payload_bytes"]
    print(f"payload: {size} bytes of JCS ({args.jcs}); CPU time, medians of {args.rounds} rounds")
    print(f"{'alg':<6} {'operation':<12} {'raw ops/s':>10} {'env ops/s':>10} {'ratio':>7}")
    for alg, result in results.items():
        ops, ratios = result["ops_per_second"], result["ratios"]
        for op, raw, env, ratio in (
            ("sign", "raw_sign", "envelope_sign", "sign_ratio"),
            ("verify", "raw_verify", "envelope_verify", "verify_ratio"),
            ("sign+verify", "raw_sign_verify", "envelope_sign_verify", "combined_ratio"),
        ):
            print(f"{alg:<6} {op:<12} {ops[raw]:>10,.0f} {ops[env]:>10,.0f} {ratios[ratio]:>7.2f}")
    report: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "machine": {
            "python": platform.python_version(),
            "cryptography": cryptography.__version__,
            "processor": platform.machine(),
        },
        "clock": "process_time",
        "jcs_encoder": args.jcs,
        "rounds": args.rounds,
        "seconds_per_batch": args.seconds,
        "results": results,
    }
    if args.breakdown:
        report["components_us"] = {}
        for alg in results:
            pieces = components(alg, args.rounds, args.seconds)
            report["components_us"][alg] = pieces
            for op, parts in pieces.items():
                print(f"\n{alg} envelope {op}: CPU microseconds per call")
                for name, value in parts.items():
                    print(f"  {name:<42} {value:>7.1f}")
    if args.instructions:
        report["instructions_per_operation"] = {}
        print("\ninstructions per operation (callgrind)")
        heads = ("raw sign", "raw verify", "env sign", "env verify")
        print(f"{'alg':<6} " + " ".join(f"{head:>11}" for head in heads) + f" {'ratio':>6}")
        for alg in results:
            counts = instructions(alg, args.jcs)
            report["instructions_per_operation"][alg] = counts
            cells = " ".join(f"{counts[op]:>11,.0f}" for op in OPERATIONS)
            print(f"{alg:<6} {cells} {counts['combined_ratio']:>6.2f}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
