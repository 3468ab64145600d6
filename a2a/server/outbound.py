"""Outbound requests to URLs that a peer chose: checked, resolved, then pinned.

A server dereferences URLs it was handed (push webhooks, ACP session history).
Checking the URL's text is not enough: a public-looking name may resolve to
``127.0.0.1`` or to a cloud metadata address, and resolving twice (once to
check, once to connect) lets a name answer differently the second time.  So
the name is resolved once, every address is checked, and the request goes to
the checked address literally, with the original ``Host`` header (and SNI
name for HTTPS, so certificates are still verified against the name).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from a2a.protocol.ssrf import UnsafeURLError, UrlPolicy, check_address, check_url, is_ip_literal

__all__ = ["PinnedRequest", "Resolver", "pin_url", "system_resolver"]

#: ``(host, port) -> addresses``: how names are resolved (injectable for tests).
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the operating system gives for ``host``, in its order."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise UnsafeURLError(f"could not resolve {host}") from None
    return [str(sockaddr[0]) for _family, _type, _proto, _name, sockaddr in infos]


@dataclass(frozen=True, slots=True)
class PinnedRequest:
    """Where to send a request so that it reaches exactly the address that was checked."""

    #: The URL with the checked IP address in place of the host name.
    url: str
    #: ``Host`` as the original URL names it.
    headers: dict[str, str] = field(default_factory=dict)
    #: httpx request extensions (``sni_hostname`` for HTTPS).
    extensions: dict[str, Any] = field(default_factory=dict)


async def pin_url(
    url: str, policy: UrlPolicy, resolve: Resolver = system_resolver
) -> PinnedRequest:
    """Check ``url``, resolve its host and pick the first address the policy allows.

    Raises :class:`~a2a.protocol.ssrf.UnsafeURLError` when the URL is refused,
    the name does not resolve, or every address it resolves to is refused.
    """
    scheme, host, port = check_url(url, policy)
    address = await _checked_address(host, port, policy, resolve)
    parts = urlsplit(url)
    literal = f"[{address}]" if ":" in address else address
    pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
    return PinnedRequest(
        url=pinned,
        headers={"host": parts.netloc.rsplit("@", 1)[-1]},
        extensions={"sni_hostname": host} if scheme == "https" else {},
    )


async def _checked_address(host: str, port: int, policy: UrlPolicy, resolve: Resolver) -> str:
    if is_ip_literal(host):
        return host  # already checked with the URL
    last: UnsafeURLError | None = None
    for address in await resolve(host, port):
        try:
            check_address(address, policy)
        except UnsafeURLError as exc:
            last = exc
            continue
        return address
    raise last or UnsafeURLError(f"could not resolve {host}")
