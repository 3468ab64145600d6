"""Less travelled paths: malformed cards, odd results, racing replays, custom kids."""

from __future__ import annotations

import json
from typing import Any

import pytest

from a2a.identity.b64 import b64url_encode
from a2a.identity.binding import (
    SSEResultSigner,
    request_message,
    result_objects,
    sign_result_document,
)
from a2a.identity.card import sign_card, verify_card, verify_card_async
from a2a.identity.envelope import payload_bytes, sign_object
from a2a.identity.errors import SignatureError
from a2a.identity.jwk import public_key_from_jwk
from a2a.identity.jws import decode_protected, encode_protected, signing_input
from a2a.identity.trust import TrustStore
from a2a.identity.verifier import EnvelopeVerifier
from a2a.types import Message
from tests.identity.fixtures import ALICE, ALICE_ISS, BOB_ISS, NOW
from tests.identity.make_vectors import CARD


def _detail(call: Any) -> str:
    with pytest.raises(SignatureError) as info:
        call()
    return info.value.detail


def _store() -> TrustStore:
    store = TrustStore(clock=lambda: NOW)
    store.pin("https://alice.example", [ALICE])
    return store


@pytest.mark.parametrize(
    ("card", "detail"),
    [
        (b"[1]", "malformed_payload"),
        (b"{nope", "malformed_payload"),
        (b"[" * 70 + b"]" * 70, "too_large"),
        ({"name": 5, "signatures": [{"protected": "e30", "signature": ""}]}, "malformed_payload"),
        ({"name": "x", "signatures": []}, "no_signature"),
    ],
)
def test_malformed_cards(card: Any, detail: str) -> None:
    assert _detail(lambda: verify_card(card, _store(), card_url=ALICE_ISS)) == detail


async def test_async_card_paths() -> None:
    signed = sign_card(CARD, ALICE).to_dict()
    assert (await verify_card_async(signed, _store(), card_url=ALICE_ISS)).kid == ALICE.kid
    signed["name"] = "Changed"
    with pytest.raises(SignatureError) as info:
        await verify_card_async(signed, _store(), card_url=ALICE_ISS, compat="a2a-sdk")
    assert info.value.detail == "bad_signature"
    with pytest.raises(SignatureError) as info:
        await verify_card_async(signed, TrustStore(), card_url=ALICE_ISS)
    assert info.value.detail == "unknown_key"


def test_binding_helpers_ignore_what_they_do_not_know() -> None:
    assert request_message([], "SendMessage") is None
    assert request_message({"message": "x"}, "SendMessage") is None
    assert request_message({"message": {}}, "GetTask") is None
    assert list(result_objects("x")) == []
    assert list(result_objects({"other": 1})) == []
    sign = lambda obj, kind: {**obj, "signed": kind}  # noqa: E731
    assert sign_result_document(b"not json", sign, jsonrpc=True) == b"not json"
    error = b'{"jsonrpc":"2.0","id":1,"error":{"code":1}}'
    assert sign_result_document(error, sign, jsonrpc=True) == error
    bare = json.loads(sign_result_document(b'{"id":"t","status":{}}', sign, jsonrpc=False))
    assert bare["signed"] == "task"
    events = SSEResultSigner(sign, jsonrpc=False)
    assert events.feed(b': keep-alive\n\nid: 1\ndata: {"task"') == b": keep-alive\n\n"
    out = events.feed(b': {"id":"t"}}\n\n')
    assert out.startswith(b"id: 1\ndata: ")
    assert json.loads(out.split(b"data: ")[1])["task"]["signed"] == "task"


def test_payload_limits_are_typed() -> None:
    big = {"parts": [{"text": "x" * 100}]}
    assert _detail(lambda: payload_bytes(big, max_bytes=50)) == "too_large"
    assert _detail(lambda: payload_bytes({"n": float("nan")})) == "malformed_payload"
    # Without an audience (a reply to an unsigned request) no "aud" is emitted.
    reply = sign_object(Message.agent("x").to_dict(), "message", ALICE, issuer=ALICE_ISS, now=NOW)
    entry = next(iter(reply["metadata"].values()))[0]
    assert "aud" not in decode_protected(entry["protected"])


class _RacingCache:
    """Says "not seen" to the pre-check, then loses the insert race."""

    def seen(self, key: tuple[str, str], now: float) -> bool:
        return False

    def add(self, key: tuple[str, str], expires_at: float, now: float) -> bool:
        return False


def test_replay_insert_race_is_caught() -> None:
    signed = sign_object(Message.user("x").to_dict(), "message", ALICE, issuer=ALICE_ISS,
                         audience=BOB_ISS, now=NOW)  # fmt: skip
    verifier = EnvelopeVerifier(
        _store(), local_identities=[BOB_ISS], replay=_RacingCache(), clock=lambda: NOW
    )
    assert _detail(lambda: verifier.verify(signed, "message")) == "replayed"


def test_sync_verify_fails_closed_on_revoked_keys_and_custom_kids() -> None:
    signed = sign_object(Message.user("x").to_dict(), "message", ALICE, issuer=ALICE_ISS,
                         audience=BOB_ISS, now=NOW)  # fmt: skip
    store = _store()
    store.revoke(ALICE.kid)
    verifier = EnvelopeVerifier(store, local_identities=[BOB_ISS], clock=lambda: NOW)
    assert _detail(lambda: verifier.verify(signed, "message")) == "key_revoked"
    # A key pinned under a kid that is not its thumbprint cannot sign envelopes.
    custom = public_key_from_jwk({**ALICE.public.to_jwk(), "kid": "key-1"})
    other = TrustStore(clock=lambda: NOW)
    other.pin("https://alice.example", [custom])
    forged = sign_object(Message.user("x").to_dict(), "message", ALICE, issuer=ALICE_ISS,
                         audience=BOB_ISS, now=NOW)  # fmt: skip
    entry = forged["metadata"][next(iter(forged["metadata"]))][0]
    header = {**decode_protected(entry["protected"]), "kid": "key-1"}
    entry["protected"] = encode_protected(header)
    entry["signature"] = b64url_encode(
        ALICE.sign(signing_input(entry["protected"], payload_bytes(forged)))
    )
    verifier = EnvelopeVerifier(other, local_identities=[BOB_ISS], clock=lambda: NOW)
    assert _detail(lambda: verifier.verify(forged, "message")) == "unknown_key"
