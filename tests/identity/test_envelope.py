"""Signed envelopes: signing models, policies, stickiness, replies, errors on the wire."""

from __future__ import annotations

import json
import logging

import pytest

from a2a.errors import InvalidParamsError, error_from_jsonrpc, error_from_rest
from a2a.identity.envelope import (
    EXTENSION_URI,
    SIGNATURES_KEY,
    EnvelopeSigner,
    extension_declaration,
    irt_of,
    kind_of,
    sign_object,
)
from a2a.identity.errors import (
    HTTPSignatureError,
    SignatureError,
    SignatureExpiredError,
    SignatureInvalidError,
    SignatureReplayedError,
    SignatureRequiredError,
    signature_error,
)
from a2a.identity.policy import EnvelopePolicy, PolicySet
from a2a.identity.replay import MemoryReplayCache
from a2a.identity.trust import TrustStore
from a2a.identity.verifier import EnvelopeVerifier
from a2a.types import (
    Artifact,
    Message,
    Part,
    Task,
    TaskArtifactUpdateEvent,
    TaskState,
    TaskStatus,
    TaskStatusUpdateEvent,
)
from tests.identity.fixtures import ALICE, ALICE_ISS, BOB, BOB_ISS, CAROL, NOW


def _verifier(**options: object) -> EnvelopeVerifier:
    store = TrustStore(clock=lambda: NOW)
    store.pin("https://alice.example", [ALICE, CAROL])
    store.pin("https://bob.example", [BOB])
    return EnvelopeVerifier(store, local_identities=[BOB_ISS], clock=lambda: NOW, **options)  # type: ignore[arg-type]


def test_signed_model_survives_serialization() -> None:
    signer = EnvelopeSigner(ALICE, ALICE_ISS, clock=lambda: NOW)
    message = Message.user("hello", Part.from_data({"n": 1.0, "t": [True, None]}))
    signed = signer.sign_model(message, audience=BOB_ISS)
    assert EXTENSION_URI in signed.extensions
    identity = _verifier().verify(signed.to_json(), "message")
    assert identity is not None
    assert identity.issuer == ALICE_ISS
    assert identity.audience == (BOB_ISS,)
    assert identity.kid == ALICE.kid


@pytest.mark.parametrize(
    "model",
    [
        Task(id="t", context_id="c", status=TaskStatus(state=TaskState.TASK_STATE_WORKING)),
        Artifact(artifact_id="a", parts=[Part.from_text("x")]),
        TaskStatusUpdateEvent(
            task_id="t", context_id="c", status=TaskStatus(state=TaskState.TASK_STATE_COMPLETED)
        ),
        TaskArtifactUpdateEvent(
            task_id="t", context_id="c", artifact=Artifact(artifact_id="a", parts=[])
        ),
    ],
)
def test_every_kind_signs_and_verifies(model: object) -> None:
    signer = EnvelopeSigner(CAROL, ALICE_ISS, clock=lambda: NOW)
    signed = signer.sign_model(model, audience=BOB_ISS)  # type: ignore[type-var]
    kind = kind_of(signed)
    assert _verifier().verify(signed.to_dict(), kind) is not None
    other = "message" if kind != "message" else "task"
    with pytest.raises(SignatureError) as info:
        _verifier().verify(signed.to_dict(), other)
    assert info.value.detail == "typ_mismatch"


def test_kind_of_refuses_other_models() -> None:
    with pytest.raises(TypeError):
        kind_of(Part.from_text("x"))


def test_countersigned_object_keeps_both_signatures() -> None:
    first = sign_object(Message.user("x").to_dict(), "message", ALICE, issuer=ALICE_ISS,
                        audience=BOB_ISS, now=NOW)  # fmt: skip
    both = sign_object(first, "message", CAROL, issuer=ALICE_ISS, audience=BOB_ISS, now=NOW)
    assert len(both["metadata"][SIGNATURES_KEY]) == 2
    assert both["extensions"] == [EXTENSION_URI]  # not added twice
    assert _verifier().verify(both, "message") is not None


def test_verify_if_present_policy() -> None:
    verifier = _verifier(policies=EnvelopePolicy())
    assert verifier.verify(Message.user("unsigned").to_dict(), "message") is None


def test_untrusted_key_is_accepted_without_identity(caplog: pytest.LogCaptureFixture) -> None:
    from tests.identity.fixtures import ed25519_key

    stranger = ed25519_key("stranger")
    signed = sign_object(Message.user("x").to_dict(), "message", stranger, issuer=ALICE_ISS,
                         audience=BOB_ISS, now=NOW)  # fmt: skip
    with caplog.at_level(logging.WARNING):
        assert _verifier().verify(signed, "message") is None
    assert "untrusted key" in caplog.text
    with pytest.raises(SignatureError) as info:
        _verifier(policies=EnvelopePolicy(mode="require")).verify(signed, "message")
    assert info.value.detail == "unknown_key"


def test_off_mode_ignores_everything() -> None:
    verifier = _verifier(policies=EnvelopePolicy(mode="off"))
    assert verifier.verify(b"not even json", "message") is None


def test_per_peer_policy_and_stickiness() -> None:
    strict_peer = "https://carol.example"
    policies = PolicySet(per_peer={strict_peer: EnvelopePolicy(mode="require")})
    verifier = _verifier(policies=policies)
    unsigned = Message.user("x").to_dict()
    assert verifier.verify(unsigned, "message", peer="https://dave.example") is None
    with pytest.raises(SignatureRequiredError):
        verifier.verify(unsigned, "message", peer="https://carol.example/card")
    signed = sign_object(unsigned, "message", ALICE, issuer=ALICE_ISS, audience=BOB_ISS, now=NOW)
    assert verifier.verify(signed, "message", peer="https://alice.example") is not None
    with pytest.raises(SignatureRequiredError):
        verifier.verify(unsigned, "message", peer="https://alice.example")
    assert policies.for_peer(None) is policies.default


def test_reply_binding_with_irt() -> None:
    request = sign_object(Message.user("q").to_dict(), "message", BOB, issuer=BOB_ISS,
                          audience=ALICE_ISS, now=NOW)  # fmt: skip
    irt = irt_of(request)
    assert irt is not None
    assert len(irt) == 43
    reply = sign_object(Message.agent("a").to_dict(), "message", ALICE, issuer=ALICE_ISS,
                        audience=BOB_ISS, now=NOW, irt=irt)  # fmt: skip
    identity = _verifier().verify(reply, "message", expected_irt=irt)
    assert identity is not None
    assert identity.irt == irt
    unbound = sign_object(Message.agent("a").to_dict(), "message", ALICE, issuer=ALICE_ISS,
                          audience=BOB_ISS, now=NOW)  # fmt: skip
    with pytest.raises(SignatureError) as info:
        _verifier().verify(unbound, "message", expected_irt=irt)
    assert info.value.detail == "wrong_audience"
    assert irt_of(Message.user("x").to_dict()) is None
    assert irt_of({"metadata": {SIGNATURES_KEY: [{"signature": "***"}]}}) is None


def test_replies_to_unsigned_requests_need_no_audience() -> None:
    reply = sign_object(Message.agent("a").to_dict(), "message", ALICE, issuer=ALICE_ISS, now=NOW)
    assert _verifier().verify(reply, "message", audience_required=False) is not None
    with pytest.raises(SignatureError):
        _verifier().verify(reply, "message")


def test_malformed_metadata_and_entries() -> None:
    verifier = _verifier()
    for obj in ({"metadata": "x"}, {"metadata": {SIGNATURES_KEY: {}}}, [1]):
        with pytest.raises(SignatureError):
            verifier.verify(json.dumps(obj), "message")
    bad_entry = {"metadata": {SIGNATURES_KEY: [{"protected": "e30", "signature": "", "x": 1}]}}
    with pytest.raises(SignatureError) as info:
        verifier.verify(bad_entry, "message")
    assert info.value.detail == "malformed_header"


def test_declaration_for_the_card() -> None:
    ext = extension_declaration("https://alice.example/.well-known/jwks.json")
    assert ext.uri == EXTENSION_URI
    assert ext.required is False
    assert ext.params is not None
    assert ext.params["jwksUri"].endswith("jwks.json")


@pytest.mark.parametrize(
    ("detail", "cls", "http"),
    [
        ("bad_signature", SignatureInvalidError, 400),
        ("expired", SignatureExpiredError, 400),
        ("not_yet_valid", SignatureExpiredError, 400),
        ("replayed", SignatureReplayedError, 400),
        ("signature_required", SignatureRequiredError, 401),
    ],
)
def test_errors_travel_and_decode(detail: str, cls: type[SignatureError], http: int) -> None:
    error = signature_error(detail)
    assert isinstance(error, cls)
    assert isinstance(error, InvalidParamsError)
    wire = error.to_jsonrpc()
    assert wire["code"] == -32602
    info = wire["data"][0]
    assert info["domain"] == EXTENSION_URI
    assert info["metadata"] == {"detail": detail}
    decoded = error_from_jsonrpc(json.loads(json.dumps(wire)))
    assert type(decoded) is cls
    assert isinstance(decoded, SignatureError)
    assert decoded.detail == detail
    status, body = error.to_rest()
    assert status == http
    rest = error_from_rest(status, body)
    assert type(rest) is cls


def test_unknown_detail_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="detail"):
        SignatureInvalidError(detail="made_up")
    with pytest.raises(ValueError, match="detail"):
        HTTPSignatureError("made_up")
    assert SignatureInvalidError().detail == ""


def test_replay_cache_bounds_and_expiry() -> None:
    cache = MemoryReplayCache(max_entries=2)
    assert cache.add(("i", "a"), 10, 0)
    assert not cache.add(("i", "a"), 10, 1)
    assert cache.add(("i", "b"), 20, 1)
    assert cache.add(("i", "c"), 30, 2)  # evicts the entry closest to expiry ("a")
    assert len(cache) == 2
    assert not cache.seen(("i", "a"), 2)
    assert cache.seen(("i", "c"), 2)
    assert cache.add(("i", "d"), 40, 25)  # "b" expired and is purged first
    assert not cache.seen(("i", "b"), 25)


def test_policy_validation() -> None:
    with pytest.raises(ValueError, match="algs"):
        EnvelopePolicy(algs=frozenset({"HS256"}))
    with pytest.raises(ValueError, match="limits"):
        EnvelopePolicy(max_lifetime=0)
