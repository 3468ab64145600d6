"""Outbound requests to peer-chosen URLs: names resolved once, every address checked, pinned."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from a2a.protocol.ssrf import UnsafeURLError, UrlPolicy
from a2a.server.outbound import Resolver, pin_url, system_resolver
from a2a.server.push import PushSender, RetryPolicy
from a2a.server.store import InMemoryStore
from a2a.types import TaskPushNotificationConfig
from tests.support.webhook import Receiver, webhook_receiver


def resolving(table: dict[str, list[str]]) -> Resolver:
    async def resolve(host: str, port: int) -> list[str]:
        return list(table.get(host, []))

    return resolve


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as hook:
        yield hook


@pytest.mark.parametrize(
    "addresses",
    [
        ["127.0.0.1"],
        ["10.0.0.7"],
        ["169.254.169.254"],
        ["::1"],
        ["::ffff:127.0.0.1"],
        ["fd00::1", "192.168.1.1"],
    ],
)
async def test_a_public_name_that_resolves_to_a_private_address_is_refused(
    addresses: list[str],
) -> None:
    resolve = resolving({"hooks.example.com": addresses})
    with pytest.raises(UnsafeURLError, match="not public"):
        await pin_url("https://hooks.example.com/hook", UrlPolicy(), resolve)


async def test_a_name_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(UnsafeURLError, match="could not resolve"):
        await pin_url("https://nowhere.example.com/", UrlPolicy(), resolving({}))


async def test_the_first_allowed_address_is_pinned_with_host_and_sni() -> None:
    resolve = resolving({"hooks.example.com": ["10.0.0.7", "2001:db8::1", "93.184.215.14"]})
    target = await pin_url("https://hooks.example.com:8443/a/b?x=1", UrlPolicy(), resolve)
    # 2001:db8::/32 is documentation space, not global: skipped like 10.0.0.7.
    assert target.url == "https://93.184.215.14:8443/a/b?x=1"
    assert target.headers == {"host": "hooks.example.com:8443"}
    assert target.extensions == {"sni_hostname": "hooks.example.com"}


async def test_ipv6_addresses_are_bracketed_and_http_has_no_sni() -> None:
    resolve = resolving({"v6.example.com": ["2606:4700::6810:85e5"]})
    target = await pin_url("http://v6.example.com/", UrlPolicy(allow_http=True), resolve)
    assert target.url == "http://[2606:4700::6810:85e5]:80/"
    assert target.extensions == {}


async def test_literals_are_not_resolved_again() -> None:
    async def fail(host: str, port: int) -> list[str]:
        raise AssertionError("a literal address needs no resolution")

    target = await pin_url("https://93.184.215.14/x", UrlPolicy(), fail)
    assert target.url == "https://93.184.215.14:443/x"


async def test_the_system_resolver_reads_localhost() -> None:
    assert set(await system_resolver("localhost", 80)) & {"127.0.0.1", "::1"}


async def test_push_reaches_the_checked_address_with_the_original_host(
    receiver: Receiver,
) -> None:
    port = urlsplit(receiver.url).port
    sender = PushSender(
        InMemoryStore(),
        policy=UrlPolicy(allow_private=True),
        retry=RetryPolicy(attempts=1),
        resolver=resolving({"hooks.test": ["127.0.0.1"]}),
    )
    config = TaskPushNotificationConfig(id="c", task_id="t", url=f"http://hooks.test:{port}/hook")
    try:
        assert await sender.deliver(config, b'{"task":{"id":"t"}}')
    finally:
        await sender.aclose()
    [call] = await receiver.wait_for(1)
    assert call.headers["host"] == f"hooks.test:{port}"
    assert call.body == {"task": {"id": "t"}}


async def test_push_to_a_name_resolving_to_loopback_is_refused_by_default(
    receiver: Receiver,
) -> None:
    port = urlsplit(receiver.url).port
    sender = PushSender(
        InMemoryStore(),
        policy=UrlPolicy(allow_http=True),  # plain HTTP allowed, private addresses not
        retry=RetryPolicy(attempts=1),
        resolver=resolving({"hooks.example.com": ["127.0.0.1"]}),
    )
    url = f"http://hooks.example.com:{port}/hook"
    config = TaskPushNotificationConfig(id="c", task_id="t", url=url)
    try:
        assert not await sender.deliver(config, b'{"task":{"id":"t"}}')
    finally:
        await sender.aclose()
    assert receiver.calls == []
