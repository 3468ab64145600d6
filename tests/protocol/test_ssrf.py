"""The outbound URL guard: schemes, credentials, names and addresses."""

from __future__ import annotations

import pytest

from a2a.errors import A2AError
from a2a.protocol.ssrf import UnsafeURLError, UrlPolicy, check_address, check_url

PRIVATE = UrlPolicy(allow_private=True)
HTTP = UrlPolicy(allow_http=True)


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "1.1.1.1",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",  # IPv4-mapped public address
        "2606:4700:4700::1111",
    ],
)
def test_public_addresses_pass(address: str) -> None:
    check_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.255.254",
        "10.0.0.1",
        "172.16.5.4",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata endpoint
        "169.254.0.1",
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "0.1.2.3",
        "224.0.0.1",  # multicast
        "255.255.255.255",
        "240.0.0.1",  # reserved
        "192.0.2.1",  # documentation
        "198.18.0.1",  # benchmarking
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",  # link-local with a zone
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1",
        "2001:db8::1",  # documentation
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    with pytest.raises(UnsafeURLError, match="not public"):
        check_address(address)
    check_address(address, PRIVATE)  # tests opt in to loopback receivers


@pytest.mark.parametrize("address", ["localhost", "example.com", "", "1.2.3", "::g", "8.8.8.8:80"])
def test_check_address_wants_an_ip_literal(address: str) -> None:
    with pytest.raises(UnsafeURLError, match="not an IP address"):
        check_address(address)


def test_unsafe_url_error_is_in_the_error_tree_and_a_value_error() -> None:
    assert issubclass(UnsafeURLError, A2AError)
    assert issubclass(UnsafeURLError, ValueError)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/hook", ("https", "example.com", 443)),
        ("HTTPS://Example.COM./x", ("https", "example.com", 443)),
        ("https://example.com:8443/x?q=1#f", ("https", "example.com", 8443)),
        ("https://8.8.8.8/", ("https", "8.8.8.8", 443)),
        ("https://[2001:4860:4860::8888]:444/", ("https", "2001:4860:4860::8888", 444)),
        ("https://bücher.example/", ("https", "bücher.example", 443)),
        ("https://localhost.example.com/", ("https", "localhost.example.com", 443)),
        ("https://1.2.3.4.5/", ("https", "1.2.3.4.5", 443)),  # not an address: a name
    ],
)
def test_acceptable_urls(url: str, expected: tuple[str, str, int]) -> None:
    assert check_url(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.com/", "scheme 'http'"),
        ("ftp://example.com/", "scheme 'ftp'"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("gopher://example.com/", "scheme 'gopher'"),
        ("javascript:alert(1)", "scheme 'javascript'"),
        ("//example.com/x", r"scheme '\(none\)'"),
        ("example.com", r"scheme '\(none\)'"),
        ("https://user:pass@example.com/", "credentials"),
        ("https://user@example.com/", "credentials"),
        ("https://:@example.com/", "credentials"),
        ("https://localhost:443@evil.example/", "credentials"),
        ("https:///path", "no host"),
        ("https://example.com:99999/", "malformed"),
        ("https://example.com:port/", "malformed"),
        ("https://[::1/", "malformed"),
        ("https://localhost/", "not public"),
        ("https://LOCALHOST./", "not public"),
        ("https://api.localhost/", "not public"),
        ("https://127.0.0.1/", "not public"),
        ("https://[::1]/", "not public"),
        ("https://[::ffff:127.0.0.1]/", "not public"),
        ("https://[fe80::1%25eth0]/", "not public"),
        ("https://169.254.169.254/latest/meta-data/", "not public"),
        ("https://10.1.2.3:8443/", "not public"),
        # Forms a resolver reads as IPv4 literals.
        ("https://127.1/", "not public"),
        ("https://2130706433/", "not public"),
        ("https://0x7f.0.0.1/", "not public"),
        ("https://0x7f000001/", "not public"),
        ("https://017700000001/", "not public"),
        ("https://0/", "not public"),
        # Look-alikes and encodings of localhost.
        ("https://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/", "not public"),
        ("https://\uff11\uff12\uff17.0.0.1/", "not public"),
        ("https://%6c%6f%63%61%6c%68%6f%73%74/", "percent-encoded"),
        ("https://example.com/" + "a" * 2100, "too long"),
    ],
)
def test_refused_urls(url: str, message: str) -> None:
    with pytest.raises(UnsafeURLError, match=message):
        check_url(url)


def test_policy_opt_ins() -> None:
    assert check_url("http://example.com/", HTTP) == ("http", "example.com", 80)
    with pytest.raises(UnsafeURLError, match="not public"):
        check_url("http://127.0.0.1:9000/", HTTP)
    assert check_url("http://127.0.0.1:9000/", PRIVATE) == ("http", "127.0.0.1", 9000)
    assert check_url("https://localhost/", PRIVATE) == ("https", "localhost", 443)
    assert check_url("http://[::1]:80/", PRIVATE) == ("http", "::1", 80)
    assert check_url("https://127.1/", PRIVATE) == ("https", "127.1", 443)
    with pytest.raises(UnsafeURLError, match="scheme"):
        check_url("ftp://127.0.0.1/", PRIVATE)
    with pytest.raises(UnsafeURLError, match="too long"):
        check_url("https://example.com/abc", UrlPolicy(max_url_length=10))
