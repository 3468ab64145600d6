"""Trust anchors: pinned keys, same-origin JWKS discovery, rate limits, expiry, revocation."""

from __future__ import annotations

import json

import pytest

from a2a.identity.errors import SignatureError
from a2a.identity.jwk import generate_key, jwks_document
from a2a.identity.trust import FetchedJwks, TrustStore, jwks_url, origin_of, same_origin
from tests.identity.fixtures import ALICE, ALICE_ISS, MALLORY

JWKS = "https://alice.example/.well-known/jwks.json"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Fetcher:
    def __init__(self, documents: dict[str, object]) -> None:
        self.documents = documents
        self.calls: list[str] = []

    async def __call__(self, url: str) -> FetchedJwks:
        self.calls.append(url)
        document = self.documents.get(url)
        if isinstance(document, Exception):
            raise document
        if document is None:
            raise OSError("not found")
        if isinstance(document, bytes):
            return FetchedJwks(document)
        return FetchedJwks(json.dumps(document).encode(), max_age=60)


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Alice.Example/x", "https://alice.example"),
        ("https://alice.example:443/x", "https://alice.example"),
        ("https://alice.example:8443/x", "https://alice.example:8443"),
        ("https://b\u00fccher.example/", "https://xn--bcher-kva.example"),
        ("https://[::1]:9/", "https://[::1]:9"),
        ("http://alice.example/", None),
        ("https://user:pw@alice.example/", None),
        ("ftp://alice.example/", None),
        ("did:web:alice.example", None),
        ("https://[bad/", None),
    ],
)
def test_origin_of(url: str, origin: str | None) -> None:
    assert origin_of(url) == origin


def test_loopback_http_only_when_allowed() -> None:
    assert origin_of("http://127.0.0.1:8000/x", require_https=False) == "http://127.0.0.1:8000"
    assert origin_of("http://10.0.0.1/x", require_https=False) is None
    assert same_origin("https://a.example/x", "https://a.example:443/y")
    assert not same_origin("https://a.example/x", "https://b.example/x")


def test_jwks_url_uses_only_same_origin_hints() -> None:
    assert jwks_url(ALICE_ISS) == JWKS
    assert jwks_url(ALICE_ISS, "https://alice.example/keys") == "https://alice.example/keys"
    assert jwks_url(ALICE_ISS, "https://mallory.example/keys") == JWKS
    assert jwks_url("did:web:alice.example") is None


def test_pinned_by_exact_issuer_and_by_origin() -> None:
    store = TrustStore()
    store.pin("did:key:alice", [ALICE])
    store.pin("https://mallory.example", jwks_document([MALLORY]))
    assert store.resolve("did:key:alice", ALICE.kid).kid == ALICE.kid
    assert store.resolve("https://mallory.example/card", MALLORY.kid).kid == MALLORY.kid
    with pytest.raises(SignatureError) as info:
        store.resolve("https://mallory.example/card", ALICE.kid)
    assert info.value.detail == "issuer_key_mismatch"
    assert store.find_pinned(ALICE.kid) == ("did:key:alice", ALICE.public)
    with pytest.raises(SignatureError):
        store.find_pinned("nope")


async def test_unknown_kid_spray_fetches_once_per_interval() -> None:
    clock = Clock()
    fetch = Fetcher({JWKS: jwks_document([ALICE])})
    store = TrustStore(fetch=fetch, clock=clock, refresh_interval=300)
    assert (await store.resolve_async(ALICE_ISS, ALICE.kid)).kid == ALICE.kid
    for n in range(20):
        with pytest.raises(SignatureError) as info:
            await store.resolve_async(ALICE_ISS, f"random-{n}")
        assert info.value.detail == "unknown_key"
    assert fetch.calls == [JWKS]
    clock.now += 301  # past the interval (and the 60 s max-age): one more fetch
    with pytest.raises(SignatureError):
        await store.resolve_async(ALICE_ISS, "random-x")
    assert fetch.calls == [JWKS, JWKS]


async def test_revocation_by_removal_from_the_jwks() -> None:
    clock = Clock()
    fetch = Fetcher({JWKS: jwks_document([ALICE])})
    store = TrustStore(fetch=fetch, clock=clock)
    await store.resolve_async(ALICE_ISS, ALICE.kid)
    new = generate_key()
    fetch.documents[JWKS] = jwks_document([new])
    clock.now += 61  # the cached copy went stale (max-age 60)
    with pytest.raises(SignatureError) as info:
        await store.resolve_async(ALICE_ISS, ALICE.kid)
    assert info.value.detail == "unknown_key"
    assert store.resolve(ALICE_ISS, new.kid).kid == new.kid


@pytest.mark.parametrize(
    "document", [OSError("down"), b"x" * 70_000, b"{not json", b"[]", {"keys": "no"}]
)
async def test_bad_fetches_mean_no_keys(document: object) -> None:
    store = TrustStore(fetch=Fetcher({JWKS: document}))
    with pytest.raises(SignatureError) as info:
        await store.resolve_async(ALICE_ISS, ALICE.kid)
    assert info.value.detail == "unknown_key"


async def test_allowed_origins_and_non_https_issuers_are_never_fetched() -> None:
    fetch = Fetcher({JWKS: jwks_document([ALICE])})
    store = TrustStore(fetch=fetch, allowed_origins={"https://bob.example"})
    with pytest.raises(SignatureError):
        await store.resolve_async(ALICE_ISS, ALICE.kid)
    plain = TrustStore(fetch=fetch)
    with pytest.raises(SignatureError):
        await plain.resolve_async("http://alice.example/card", ALICE.kid)
    assert fetch.calls == []
    assert not plain.can_refresh("did:web:alice.example")


def test_key_validity_window_and_revocation() -> None:
    clock = Clock()
    store = TrustStore(clock=clock)
    jwk = {**ALICE.public.to_jwk(), "nbf": int(clock.now) + 10, "exp": int(clock.now) + 20}
    store.pin("https://alice.example", {"keys": [jwk]})
    for now, detail in ((clock.now, "key_expired"), (clock.now + 25, "key_expired")):
        clock.now = now
        with pytest.raises(SignatureError) as info:
            store.resolve(ALICE_ISS, ALICE.kid)
        assert info.value.detail == detail
    clock.now = 1_000_015.0
    assert store.resolve(ALICE_ISS, ALICE.kid).kid == ALICE.kid
    store.revoke(ALICE.kid)
    with pytest.raises(SignatureError) as info:
        store.resolve(ALICE_ISS, ALICE.kid)
    assert info.value.detail == "key_revoked"
    with pytest.raises(SignatureError):
        store.find_pinned(ALICE.kid)


def test_add_jwks_needs_an_https_origin() -> None:
    with pytest.raises(ValueError, match="https"):
        TrustStore().add_jwks("http://alice.example", jwks_document([ALICE]))
