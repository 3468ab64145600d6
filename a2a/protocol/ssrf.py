"""Server-side request forgery guard: which URLs and addresses we agree to call.

Every URL the library dereferences on someone else's behalf (push webhooks,
JWKS, ``Part.url``) passes :func:`check_url` first, and the address a name
resolves to passes :func:`check_address` before connecting, so that a DNS
answer cannot steer us to loopback, private or link-local hosts.
"""

from __future__ import annotations

import ipaddress
import socket  # only the pure inet_aton/inet_ntoa conversions, never a connection
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from a2a.errors import A2AError

__all__ = ["UnsafeURLError", "UrlPolicy", "check_address", "check_url", "is_ip_literal"]


class UnsafeURLError(A2AError, ValueError):
    """A URL or address that the policy refuses."""


@dataclass(frozen=True, slots=True)
class UrlPolicy:
    """What outbound URLs may point at.

    The default refuses plain HTTP and every non-public address.  Tests that
    run a receiver on loopback opt in with ``allow_private=True``.
    """

    allow_private: bool = False
    allow_http: bool = False
    max_url_length: int = 2048


def check_address(address: str, policy: UrlPolicy = UrlPolicy()) -> None:
    """Raise :class:`UnsafeURLError` if ``address`` (an IP literal) is not public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        raise UnsafeURLError(f"not an IP address: {address!r}") from None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if policy.allow_private:
        return
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified:
        raise UnsafeURLError("destination address is not public")


def is_ip_literal(host: str) -> bool:
    """Whether ``host`` is an IP address as written (``::1%eth0`` included), not a name."""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def check_url(url: str, policy: UrlPolicy = UrlPolicy()) -> tuple[str, str, int]:
    """Validate an outbound URL; returns ``(scheme, host, port)``.

    Refuses other schemes than HTTPS (and HTTP when allowed), credentials in
    the URL, ``localhost`` names, and IP literals that are not public.  Names
    still have to be checked after resolution, with :func:`check_address`.
    """
    if len(url) > policy.max_url_length:
        raise UnsafeURLError("URL is too long")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeURLError("malformed URL") from None
    scheme = parts.scheme.lower()
    allowed = {"https", "http"} if policy.allow_http or policy.allow_private else {"https"}
    if scheme not in allowed:
        raise UnsafeURLError(f"URL scheme {scheme or '(none)'!r} is not allowed")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURLError("credentials in the URL are not allowed")
    # NFKC folds look-alikes an IDNA resolver folds too (full-width "localhost").
    host = unicodedata.normalize("NFKC", parts.hostname or "").rstrip(".").lower()
    if not host:
        raise UnsafeURLError("URL has no host")
    if port is None:
        port = 443 if scheme == "https" else 80
    if is_ip_literal(host):
        check_address(host, policy)
        return scheme, host, port
    if "%" in host:
        raise UnsafeURLError("percent-encoded host names are not allowed")
    legacy = _legacy_ipv4(host)
    if legacy is not None:
        check_address(legacy, policy)
    elif not policy.allow_private and (host == "localhost" or host.endswith(".localhost")):
        raise UnsafeURLError("destination address is not public")
    return scheme, host, port


def _legacy_ipv4(host: str) -> str | None:
    """The address a resolver reads in "127.1", "0x7f.0.0.1" or "2130706433", if any.

    getaddrinfo() accepts every inet_aton() form as a literal address, so these
    names would reach loopback without a DNS answer to check.
    """
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except (OSError, ValueError):
        return None
