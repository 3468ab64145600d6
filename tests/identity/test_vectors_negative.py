"""Runs every case of ``spec/vectors/identity/cases/`` (identity.md §6.2, plus our own).

Each case names the expected verdict: ``ok``, or the detail code of the error.
A recording fetcher serves the case's JWKS and the test checks which URLs
were fetched (none, for hostile ``kid``/``jku``/DID cases).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from a2a.identity.card import verify_card_async
from a2a.identity.errors import HTTPSignatureError, SignatureError
from a2a.identity.httpauth import RequestVerifier
from a2a.identity.httpsig import HttpRequest
from a2a.identity.policy import EnvelopePolicy, PolicySet
from a2a.identity.trust import FetchedJwks, TrustStore
from a2a.identity.verifier import EnvelopeVerifier
from tests.identity.fixtures import BOB_ISS

CASES = Path(__file__).resolve().parents[2] / "spec" / "vectors" / "identity" / "cases"
ALL = sorted(CASES.glob("*.json"))


def _wire(case: dict[str, Any]) -> bytes:
    if "wire_text" in case:
        return case["wire_text"].encode("utf-8", "surrogatepass")
    if "wire_repeat" in case:
        spec = case["wire_repeat"]
        return (spec["prefix"] + spec["unit"] * spec["count"] + spec["suffix"]).encode()
    return json.dumps(case["wire"]).encode()


def _store(case: dict[str, Any], fetched: list[str]) -> TrustStore:
    keys = case["keys"]
    served = keys.get("served")

    async def fetch(url: str) -> FetchedJwks:
        fetched.append(url)
        if url not in served:
            raise OSError("404")
        return FetchedJwks(json.dumps(served[url]).encode())

    store = TrustStore(fetch=fetch if served is not None else None, clock=lambda: case["now"])
    for issuer, jwks in keys.get("pinned", {}).items():
        store.pin(issuer, jwks)
    for kid in keys.get("revoked", []):
        store.revoke(kid)
    return store


async def _verdict(case: dict[str, Any], fetched: list[str]) -> str | None:
    store = _store(case, fetched)
    policy = case["policy"]
    kind = case["object_type"]
    clock = lambda: case["now"]  # noqa: E731
    if kind in ("message", "task"):
        # Negative cases judge the signature itself, so the default mode is "require".
        options = {"mode": "require", **policy.get("envelope", {})}
        verifier = EnvelopeVerifier(
            store,
            local_identities=[BOB_ISS],
            policies=PolicySet(default=EnvelopePolicy(**options)),
            clock=clock,
        )
        for earlier in case.get("before", []):
            await verifier.verify_async(json.dumps(earlier).encode(), kind, peer=policy.get("peer"))
        try:
            identity = await verifier.verify_async(
                _wire(case),
                kind,
                peer=policy.get("peer"),
                transport_identity=policy.get("transport_identity"),
                expected_irt=policy.get("expected_irt"),
            )
        except SignatureError as exc:
            return exc.detail
        return None if identity is not None else "accepted without identity"
    if kind == "card":
        try:
            await verify_card_async(
                _wire(case), store, card_url=policy["card_url"], compat=policy.get("compat", "spec")
            )
        except SignatureError as exc:
            return exc.detail
        return None
    assert kind == "http"
    verifier_http = RequestVerifier(store, clock=clock)

    def request(wire: dict[str, Any]) -> HttpRequest:
        headers = [(k, v) for k, v in wire["headers"]]
        return HttpRequest(wire["method"], wire["url"], headers, wire["body"].encode())

    for earlier in case.get("before", []):
        await verifier_http.verify_async(request(earlier))
    try:
        await verifier_http.verify_async(request(case["wire"]))
    except HTTPSignatureError as exc:
        return exc.detail
    return None


def test_the_suite_covers_the_fifty_negative_cases() -> None:
    ids = {path.stem for path in ALL}
    for number in range(1, 51):
        assert any(i.startswith(f"NEG-{number:02d}") for i in ids), number


LOADED = [json.loads(path.read_text(encoding="utf-8")) for path in ALL]


@pytest.mark.parametrize("case", LOADED, ids=[p.stem for p in ALL])
async def test_case(case: dict[str, Any]) -> None:
    fetched: list[str] = []
    detail = await _verdict(case, fetched)
    expect = case["expect"]
    if expect["ok"]:
        assert detail is None, f"{case['id']}: {case['description']}"
    else:
        assert detail == expect["error"], f"{case['id']}: {case['description']}"
    if "fetched" in expect:
        assert fetched == expect["fetched"]
