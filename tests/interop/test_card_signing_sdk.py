"""Signed Agent Cards between this library and a2a-sdk 1.3.0's signer/verifier, both ways.

a2a-sdk canonicalizes after deleting *every* empty value, REQUIRED ones
included; A2A §8.4.1 keeps REQUIRED fields even when empty.  So:

* cards whose REQUIRED fields are filled verify in both directions;
* a card with an empty REQUIRED field (``description: ""``) signed by the SDK
  does not verify under the spec rule, and does under ``compat="a2a-sdk"``;
* our signer refuses such a card by default; signed spec-literally
  (``mode="spec"``) the SDK rejects it; signed with ``mode="a2a-sdk"`` the SDK
  accepts it.
"""

from __future__ import annotations

from typing import Any

import pytest

from a2a.identity.card import canonical_card, sign_card, verify_card
from a2a.identity.errors import IdentityError, SignatureError
from a2a.identity.jwk import PrivateKey, generate_key
from a2a.identity.trust import TrustStore
from a2a.types import AgentExtension
from tests.identity.make_vectors import CARD
from tests.interop.peers import DRIVERS, run_json
from tests.interop.venvs import peer_python

pytestmark = pytest.mark.interop

CARD_URL = "https://alice.example/.well-known/agent-card.json"
TYPICAL = {
    "typical": CARD,
    "non-ascii": CARD.model_copy(
        update={"description": "R\u00e9serve une table \u2014 \u6771\u4eac"}
    ),
    "extension-params": CARD.model_copy(
        update={
            "capabilities": CARD.capabilities.model_copy(
                update={
                    "extensions": [
                        AgentExtension(uri="https://x.example/ext", params={"n": 1, "f": 2.5})
                    ]
                }
            )
        }
    ),
}
EMPTY_REQUIRED = CARD.model_copy(update={"description": ""})


def _sdk(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    python = peer_python("a2a-sdk-1")
    result: list[dict[str, Any]] = run_json(python, [str(DRIVERS / "sdk1_sign_card.py")], requests)
    return result


def _store(key: PrivateKey) -> TrustStore:
    store = TrustStore()
    store.pin("https://alice.example", [key])
    return store


@pytest.fixture(scope="module", params=["ES256", "EdDSA"])
def key(request: pytest.FixtureRequest) -> PrivateKey:
    return generate_key(request.param)


def test_canonical_forms_agree_on_typical_cards() -> None:
    answers = _sdk([{"action": "canonical", "card": c.to_dict()} for c in TYPICAL.values()])
    for card, answer in zip(TYPICAL.values(), answers, strict=True):
        assert canonical_card(card) == answer["canonical"].encode()
    [empty] = _sdk([{"action": "canonical", "card": EMPTY_REQUIRED.to_dict()}])
    assert canonical_card(EMPTY_REQUIRED, mode="a2a-sdk") == empty["canonical"].encode()
    assert canonical_card(EMPTY_REQUIRED) != empty["canonical"].encode()


def test_sdk_signed_cards_verify_with_ours(key: PrivateKey) -> None:
    cards = {**TYPICAL, "empty-required": EMPTY_REQUIRED}
    requests = [
        {
            "action": "sign",
            "card": c.to_dict(),
            "jwk": key.to_jwk(),
            "alg": key.alg,
            "kid": key.kid,
            "jku": None,
        }
        for c in cards.values()
    ]
    signed = dict(zip(cards, (a["card"] for a in _sdk(requests)), strict=True))
    for name in TYPICAL:
        result = verify_card(signed[name], _store(key), card_url=CARD_URL)
        assert result.canonicalization == "spec", name
    with pytest.raises(SignatureError) as info:
        verify_card(signed["empty-required"], _store(key), card_url=CARD_URL)
    assert info.value.detail == "bad_signature"
    compat = verify_card(signed["empty-required"], _store(key), card_url=CARD_URL, compat="a2a-sdk")
    assert compat.canonicalization == "a2a-sdk"
    assert compat.card.description == ""


def test_our_signed_cards_verify_with_the_sdk(key: PrivateKey) -> None:
    with pytest.raises(IdentityError):
        sign_card(EMPTY_REQUIRED, key)
    ours = {name: sign_card(c, key) for name, c in TYPICAL.items()}
    ours["spec-literal-empty"] = sign_card(EMPTY_REQUIRED, key, mode="spec")
    ours["sdk-style-empty"] = sign_card(EMPTY_REQUIRED, key, mode="a2a-sdk")
    requests = [
        {"action": "verify", "card": c.to_dict(), "jwk": key.public.to_jwk(), "alg": key.alg}
        for c in ours.values()
    ]
    verdicts = dict(zip(ours, _sdk(requests), strict=True))
    for name in TYPICAL:
        assert verdicts[name] == {"ok": True}, name
    assert verdicts["spec-literal-empty"] == {"ok": False, "error": "InvalidSignaturesError"}
    assert verdicts["sdk-style-empty"] == {"ok": True}
