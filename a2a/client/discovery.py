"""Finding an agent: fetch its card, cache it as HTTP says, and choose an interface.

* :class:`CardResolver` GETs ``/.well-known/agent-card.json`` under the given
  URL and falls back to the legacy ``/.well-known/agent.json`` (A2A §8.2).
  Answers are cached per URL following ``Cache-Control`` (``max-age``,
  ``no-cache``, ``no-store``) and revalidated with ``If-None-Match`` /
  ``If-Modified-Since``; a ``304`` keeps the cached card (A2A §8.6).
* :func:`parse_card` reads 1.0 cards, hybrid cards and pure 0.3 cards.
* :func:`select_interface` applies A2A §8.3.2: the first ``supportedInterfaces``
  entry whose binding and version the client speaks wins; its ``url`` is used
  as is and its ``tenant`` is echoed on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from a2a.client._http import HttpChannel, check_auth, json_body
from a2a.compat.v03 import card_from_v03, is_v03_card
from a2a.errors import NoSupportedInterfaceError, TransportError
from a2a.protocol.negotiation import CURRENT_VERSION, major_minor
from a2a.types import AgentCard, AgentInterface, ProtocolBinding

__all__ = [
    "DEFAULT_CARD_TTL",
    "LEGACY_WELL_KNOWN_PATH",
    "MAX_CARD_BYTES",
    "WELL_KNOWN_PATH",
    "CardResolver",
    "NoSupportedInterfaceError",
    "card_urls",
    "normalize_binding",
    "parse_card",
    "select_interface",
]

WELL_KNOWN_PATH = "/.well-known/agent-card.json"
LEGACY_WELL_KNOWN_PATH = "/.well-known/agent.json"
#: How long a card without caching headers is reused (A2A §8.6 leaves it to the client).
DEFAULT_CARD_TTL = 300.0
#: Largest card the resolver accepts.
MAX_CARD_BYTES = 2**20

_BINDING_ALIASES = {
    "jsonrpc": ProtocolBinding.JSONRPC,
    "json-rpc": ProtocolBinding.JSONRPC,
    "rest": ProtocolBinding.HTTP_JSON,
    "http": ProtocolBinding.HTTP_JSON,
    "http+json": ProtocolBinding.HTTP_JSON,
    "grpc": ProtocolBinding.GRPC,
}


def normalize_binding(name: str) -> str:
    """``"rest"`` → ``"HTTP+JSON"``, ``"jsonrpc"`` → ``"JSONRPC"``; other names unchanged."""
    return _BINDING_ALIASES.get(name.strip().lower(), name.strip())


def card_urls(url: str) -> list[str]:
    """Where to look for a card: ``url`` itself if it names a ``.json`` file, else the
    well-known path under it, then the legacy path."""
    if urlsplit(url).path.endswith(".json"):
        return [url]
    base = url.rstrip("/")
    return [base + WELL_KNOWN_PATH, base + LEGACY_WELL_KNOWN_PATH]


def parse_card(data: Any) -> AgentCard:
    """A card from decoded JSON: 1.0, hybrid (1.0 plus 0.3 keys) or pure 0.3.

    Raises ``ValueError`` when ``data`` is not a card.
    """
    if not isinstance(data, dict):
        raise ValueError("an agent card must be a JSON object")
    if not is_v03_card(data) and "supportedInterfaces" not in data:
        raise ValueError("the card has neither supportedInterfaces nor a 0.3 url")
    # Reads 1.0 cards, hybrid cards (legacy keys ignored or understood) and 0.3 cards.
    return card_from_v03(data)


def select_interface(
    card: AgentCard,
    supported: Sequence[tuple[str, str]],
    *,
    binding: str | None = None,
    card_url: str | None = None,
) -> AgentInterface:
    """The interface to use, per A2A §8.3.2.

    ``supported`` lists ``(binding, version)`` pairs; ``binding`` restricts the
    choice to one binding.  The chosen entry comes back with its version
    reduced to ``Major.Minor`` and, if its ``url`` is relative, resolved
    against ``card_url``.  Raises :class:`NoSupportedInterfaceError`.
    """
    wanted = normalize_binding(binding) if binding else None
    for interface in card.supported_interfaces:
        version = major_minor(interface.protocol_version or CURRENT_VERSION)
        found = interface.protocol_binding
        if wanted is not None and found.upper() != wanted.upper():
            continue
        if (found, version) in supported:
            url = urljoin(card_url, interface.url) if card_url else interface.url
            return interface.model_copy(update={"protocol_version": version, "url": url})
    offered = (
        ", ".join(f"{i.protocol_binding} {i.protocol_version}" for i in card.supported_interfaces)
        or "none"
    )
    speaks = ", ".join(f"{b} {v}" for b, v in supported if wanted is None or b == wanted)
    raise NoSupportedInterfaceError(
        f"no usable interface: the agent offers {offered}; this client speaks {speaks or 'none'}"
    )


@dataclass
class _Cached:
    card: AgentCard
    raw: dict[str, Any]
    etag: str | None
    last_modified: str | None
    expires: float


def _freshness(headers: httpx.Headers, default_ttl: float) -> float | None:
    """Seconds the answer may be reused; ``None`` if it must not be stored."""
    directives = {}
    for item in headers.get("Cache-Control", "").split(","):
        name, _, value = item.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip().strip('"')
    if "no-store" in directives:
        return None
    if "no-cache" in directives:
        return 0.0
    max_age = directives.get("max-age", "")
    if max_age.isdigit():
        age = headers.get("Age", "0")
        return max(0.0, float(max_age) - (float(age) if age.isdigit() else 0.0))
    return default_ttl


class CardResolver:
    """Fetches agent cards through an :class:`HttpChannel`, with an HTTP cache per URL."""

    def __init__(
        self,
        channel: HttpChannel,
        *,
        default_ttl: float = DEFAULT_CARD_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.channel = channel
        self.default_ttl = default_ttl
        self._clock = clock
        self._cache: dict[str, _Cached] = {}
        #: The URL the last card came from (for resolving relative interface URLs).
        self.last_url: str | None = None
        #: The JSON of the last card as the agent served it (legacy keys included).
        self.last_raw: dict[str, Any] | None = None

    async def resolve(self, url: str) -> AgentCard:
        """The card of the agent at ``url`` (a base URL or the card's own URL).

        Raises :class:`~a2a.errors.TransportError` when no card is found or the
        answer is not a card, and the authentication errors on 401/403.
        """
        candidates = card_urls(url)
        for index, candidate in enumerate(candidates):
            found = await self._fetch(candidate, last=index == len(candidates) - 1)
            if found is not None:
                self.last_url = candidate
                self.last_raw = found.raw
                return found.card
        raise AssertionError("unreachable")  # pragma: no cover - the last try raises

    async def _fetch(self, url: str, *, last: bool) -> _Cached | None:
        cached = self._cache.get(url)
        now = self._clock()
        if cached is not None and now < cached.expires:
            return cached
        headers = {"Accept": "application/json"}
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        response = await self.channel.request(
            "GET", url, headers=headers, idempotent=True, timeout=self.channel.timeouts.request
        )
        if response.status_code == 304 and cached is not None:
            ttl = _freshness(response.headers, self.default_ttl)
            cached.expires = now + (ttl or 0.0)
            if ttl is None:
                del self._cache[url]
            return cached
        if response.status_code == 404 and not last:
            return None
        check_auth(response)
        if response.status_code >= 400:
            raise TransportError(f"no agent card at {url}: HTTP {response.status_code}")
        if len(response.content) > MAX_CARD_BYTES:
            raise TransportError(f"the agent card at {url} exceeds {MAX_CARD_BYTES} bytes")
        raw = json_body(response)
        try:
            card = parse_card(raw)
        except ValueError as exc:  # pydantic's ValidationError included
            raise TransportError(f"{url} does not hold a valid agent card: {exc}") from exc
        ttl = _freshness(response.headers, self.default_ttl)
        entry = _Cached(
            card,
            raw,
            response.headers.get("ETag"),
            response.headers.get("Last-Modified"),
            now + (ttl or 0.0),
        )
        if ttl is None:
            self._cache.pop(url, None)
        else:
            self._cache[url] = entry
        return entry
