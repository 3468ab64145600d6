"""Our Client with an identity: signed requests, verified replies and stream events, live."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from a2a.client import Client
from a2a.client.identity import ClientIdentity
from a2a.identity.errors import SignatureError
from a2a.identity.policy import EnvelopePolicy
from a2a.identity.trust import TrustStore
from a2a.server import create_app
from a2a.server.identity import ServerIdentity, with_identity
from examples.echo import echo
from tests.identity.fixtures import ALICE, ALICE_ISS, BOB
from tests.support.live import serve_app


def tampering(app: ASGIApp, old: bytes = b"echo:", new: bytes = b"ECHO:") -> ASGIApp:
    """A man in the middle that rewrites part of every response body."""

    async def layer(scope: Scope, receive: Receive, send: Send) -> None:
        async def altered(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": message.get("body", b"").replace(old, new)}
            elif message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message["headers"] if k != b"content-length"]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, altered)

    return layer


def server(*, tamper: bool = False, duplicate: bool = False) -> ASGIApp:
    trust = TrustStore()
    trust.pin("https://alice.example", [ALICE])
    app = with_identity(create_app(echo), ServerIdentity(key=BOB, trust=trust))
    if duplicate:
        # Same signed object, plus a duplicate member a lenient parser would drop.
        return tampering(app, b'"parts":', b'"parts":[{"text":"injected"}],"parts":')
    return tampering(app) if tamper else app


@pytest.fixture(scope="module")
def honest() -> Iterator[str]:
    with serve_app(server()) as url:
        yield url


@pytest.fixture(scope="module")
def duplicated() -> Iterator[str]:
    with serve_app(server(duplicate=True)) as url:
        yield url


@pytest.fixture(scope="module")
def tampered() -> Iterator[str]:
    with serve_app(server(tamper=True)) as url:
        yield url


def alice_for(url: str) -> ClientIdentity:
    trust = TrustStore(require_https=False)
    trust.pin(url, [BOB])  # Bob's key, for Bob's origin
    return ClientIdentity(
        key=ALICE,
        issuer=ALICE_ISS,
        trust=trust,
        peer=url + "/.well-known/agent-card.json",
        policy=EnvelopePolicy(mode="require"),
    )


@pytest.mark.parametrize("binding", ["jsonrpc", "rest"])
async def test_signed_send_and_stream(honest: str, binding: str) -> None:
    async with Client(honest, binding=binding, identity=alice_for(honest)) as client:
        result = await client.send_text("hello")
        assert result.text == "echo: hello"
        async with client.stream("streamed") as stream:
            events = [event async for event in stream]
        assert len(events) >= 4
        assert stream.text == "echo: streamed"


@pytest.mark.parametrize("binding", ["jsonrpc", "rest"])
async def test_tampered_replies_are_refused(tampered: str, binding: str) -> None:
    async with Client(tampered, binding=binding, identity=alice_for(tampered)) as client:
        with pytest.raises(SignatureError):
            await client.send_text("hello")
        with pytest.raises(SignatureError):
            await drain(client, "streamed")


async def drain(client: Client, text: str) -> None:
    async with client.stream(text) as stream:
        async for _ in stream:
            pass


@pytest.mark.parametrize("binding", ["jsonrpc", "rest"])
async def test_replies_with_duplicate_members_are_refused(duplicated: str, binding: str) -> None:
    async with Client(duplicated, binding=binding, identity=alice_for(duplicated)) as client:
        with pytest.raises(SignatureError) as caught:
            await client.send_text("hello")
        assert caught.value.detail == "malformed_payload"
        with pytest.raises(SignatureError):
            await drain(client, "streamed")
