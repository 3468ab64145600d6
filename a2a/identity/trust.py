"""Where verification keys come from: the verifier's trust anchors, never the signer.

A signature names its key (``kid``) and claims an issuer (``iss``, or the card
URL).  The key is looked up only among keys the verifier already trusts for
that issuer (identity.md §1.2, spec issue #2096):

1. keys pinned for the exact issuer string (a URL, a DID, any name);
2. keys pinned for the issuer's origin (``https://host[:port]``);
3. the JWKS published on the issuer's own origin, fetched over HTTPS by an
   injected callable (so this module does no I/O) from
   ``/.well-known/jwks.json`` or from a ``jku`` hint **on the same origin**.
   A ``jku``, ``jwk`` or ``x5u`` pointing anywhere else is never fetched.

A ``kid`` known only under another issuer fails with ``issuer_key_mismatch``;
an unknown one with ``unknown_key``.  Revoked keys (:meth:`TrustStore.revoke`,
or removed from a refreshed JWKS) and keys outside their ``nbf``/``exp``
window are refused.  Unknown ``kid`` values trigger at most one refetch per
origin per ``refresh_interval``, so spraying random kids cannot turn the
verifier into a request generator.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

from a2a.identity.errors import KeyFormatError, SignatureError
from a2a.identity.jwk import PrivateKey, PublicKey, parse_jwks
from a2a.identity.jws import fail
from a2a.identity.strict_json import StrictJSONError, loads

__all__ = [
    "JWKS_PATH",
    "FetchedJwks",
    "JwksFetcher",
    "TrustStore",
    "jwks_url",
    "origin_of",
    "same_origin",
]

JWKS_PATH: Final = "/.well-known/jwks.json"
MAX_JWKS_BYTES: Final = 64 * 1024
_LOOPBACK: Final = frozenset({"127.0.0.1", "::1", "localhost"})


@dataclass(frozen=True)
class FetchedJwks:
    """What a fetcher returns: the body and the ``Cache-Control: max-age`` (if any)."""

    body: bytes | Mapping[str, Any]
    max_age: int | None = None


JwksFetcher = Callable[[str], Awaitable[FetchedJwks]]
"""``async fetch(url) -> FetchedJwks``; raises on any failure (SSRF guard is its job)."""


def origin_of(url: str, *, require_https: bool = True) -> str | None:
    """``scheme://host[:port]`` of an absolute URL, normalized; ``None`` if unusable.

    With ``require_https`` only ``https`` URLs have an origin; otherwise plain
    ``http`` is accepted for loopback hosts only (tests, local development).
    Hosts are lower-cased and IDNA-encoded, so look-alike spellings of one
    host compare equal and different hosts never do.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host or parts.username is not None or parts.password is not None:
        return None
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    scheme = parts.scheme.lower()
    if scheme == "http" and (require_https or host not in _LOOPBACK):
        return None
    if scheme not in ("https", "http"):
        return None
    default = 443 if scheme == "https" else 80
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != default:
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}"


def same_origin(a: str, b: str, *, require_https: bool = True) -> bool:
    """Whether two URLs share one (usable) origin."""
    origin = origin_of(a, require_https=require_https)
    return origin is not None and origin == origin_of(b, require_https=require_https)


def jwks_url(issuer: str, jku: str | None = None, *, require_https: bool = True) -> str | None:
    """The JWKS URL to trust for ``issuer``: a same-origin ``jku``, else the well-known path."""
    origin = origin_of(issuer, require_https=require_https)
    if origin is None:
        return None
    if jku is not None and origin_of(jku, require_https=require_https) == origin:
        return jku
    return origin + JWKS_PATH


@dataclass
class _OriginCache:
    keys: dict[str, PublicKey] = field(default_factory=dict)
    fetched_at: float = 0.0
    fresh_until: float = 0.0
    last_attempt: float | None = None


class TrustStore:
    """Trust anchors and key resolution for one verifier.

    ``fetch`` enables origin-bound JWKS discovery; without it only pinned keys
    are trusted.  ``allowed_origins`` (when given) limits which origins may be
    fetched from.  ``clock`` returns Unix seconds.
    """

    def __init__(
        self,
        *,
        fetch: JwksFetcher | None = None,
        require_https: bool = True,
        allowed_origins: Collection[str] | None = None,
        refresh_interval: float = 300.0,
        max_cache_age: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.fetch = fetch
        self.require_https = require_https
        self.allowed_origins = None if allowed_origins is None else frozenset(allowed_origins)
        self.refresh_interval = refresh_interval
        self.max_cache_age = max_cache_age
        self.clock = clock
        self._pinned: dict[str, dict[str, PublicKey]] = {}
        self._origins: dict[str, _OriginCache] = {}
        self._revoked: set[str] = set()

    # -- configuration -------------------------------------------------------

    def pin(self, issuer: str, keys: Iterable[PublicKey | PrivateKey] | Mapping[str, Any]) -> None:
        """Trust ``keys`` (objects or a JWKS document) for an issuer string or an origin."""
        parsed = parse_jwks(keys) if isinstance(keys, Mapping) else keys
        bucket = self._pinned.setdefault(self._anchor(issuer), {})
        for key in parsed:
            public = key.public if isinstance(key, PrivateKey) else key
            bucket[public.kid] = public

    def revoke(self, kid: str) -> None:
        """Refuse ``kid`` from now on, whoever presents it."""
        self._revoked.add(kid)

    def add_jwks(
        self, origin: str, document: Mapping[str, Any], *, max_age: float | None = None
    ) -> None:
        """Install a JWKS fetched from ``origin`` (replacing the previous one)."""
        anchor = origin_of(origin, require_https=self.require_https)
        if anchor is None:
            raise ValueError("JWKS origin must be an https URL")
        now = self.clock()
        lifetime = min(max_age if max_age is not None else self.max_cache_age, self.max_cache_age)
        cache = self._origins.setdefault(anchor, _OriginCache())
        cache.keys = {k.kid: k for k in parse_jwks(document)}
        cache.fetched_at, cache.fresh_until = now, now + lifetime

    def _anchor(self, issuer: str) -> str:
        origin = origin_of(issuer, require_https=self.require_https) if _is_origin(issuer) else None
        return origin or issuer

    # -- resolution ----------------------------------------------------------

    def _buckets(self, issuer: str) -> list[Mapping[str, PublicKey]]:
        buckets: list[Mapping[str, PublicKey]] = []
        if issuer in self._pinned:
            buckets.append(self._pinned[issuer])
        origin = origin_of(issuer, require_https=self.require_https)
        if origin is not None:
            if origin in self._pinned:
                buckets.append(self._pinned[origin])
            cache = self._origins.get(origin)
            if cache is not None and self.clock() < cache.fresh_until:
                buckets.append(cache.keys)
        return buckets

    def resolve(self, issuer: str, kid: str, *, alg: str | None = None) -> PublicKey:
        """The trusted key ``kid`` of ``issuer``, from pinned keys and cached JWKS only.

        Raises :class:`SignatureError`: ``key_revoked``, ``key_expired``,
        ``issuer_key_mismatch`` (the kid belongs to someone else) or
        ``unknown_key``.  ``alg`` is not checked here (see ``jws.verify_entry``).
        """
        if kid in self._revoked:
            raise fail("key_revoked")
        for bucket in self._buckets(issuer):
            key = bucket.get(kid)
            if key is not None:
                return self._usable(key)
        if self._known_elsewhere(kid):
            raise fail("issuer_key_mismatch")
        raise fail("unknown_key")

    def find_pinned(self, kid: str) -> tuple[str, PublicKey]:
        """``(issuer, key)`` for a kid pinned under any issuer (for requests naming no issuer)."""
        if kid in self._revoked:
            raise fail("key_revoked")
        for issuer, bucket in self._pinned.items():
            if kid in bucket:
                return issuer, self._usable(bucket[kid])
        raise fail("unknown_key")

    def _usable(self, key: PublicKey) -> PublicKey:
        now = self.clock()
        if (key.not_before is not None and now < key.not_before) or (
            key.expires is not None and now >= key.expires
        ):
            raise fail("key_expired")
        return key

    def _known_elsewhere(self, kid: str) -> bool:
        now = self.clock()
        if any(kid in bucket for bucket in self._pinned.values()):
            return True
        return any(kid in c.keys and now < c.fresh_until for c in self._origins.values())

    def can_refresh(self, issuer: str) -> bool:
        """Whether :meth:`refresh` would fetch now (fetcher, allowed origin, rate limit)."""
        origin = origin_of(issuer, require_https=self.require_https)
        if self.fetch is None or origin is None:
            return False
        if self.allowed_origins is not None and origin not in self.allowed_origins:
            return False
        cache = self._origins.get(origin)
        if cache is None or cache.last_attempt is None:
            return True
        now = self.clock()
        return now >= cache.fresh_until or now - cache.last_attempt >= self.refresh_interval

    async def refresh(self, issuer: str, *, jku: str | None = None) -> bool:
        """Fetch the issuer's same-origin JWKS once (rate-limited); ``True`` if keys changed hands.

        A fetch failure, an oversized or malformed document all leave the
        previous keys in place until they go stale.
        """
        if not self.can_refresh(issuer) or self.fetch is None:
            return False
        url = jwks_url(issuer, jku, require_https=self.require_https)
        origin = origin_of(issuer, require_https=self.require_https)
        if url is None or origin is None:  # pragma: no cover - can_refresh checked it
            return False
        cache = self._origins.setdefault(origin, _OriginCache())
        # Mark the attempt before awaiting: concurrent misses do not fetch again.
        cache.last_attempt = self.clock()
        try:
            fetched = await self.fetch(url)
            body = fetched.body
            document = body if isinstance(body, Mapping) else loads(body, max_bytes=MAX_JWKS_BYTES)
            if not isinstance(document, Mapping):
                return False
            self.add_jwks(origin, document, max_age=fetched.max_age)
        except (StrictJSONError, KeyFormatError):
            return False
        except Exception:  # any fetch failure means "no keys", not tampering
            return False
        return True

    async def resolve_async(
        self, issuer: str, kid: str, *, alg: str | None = None, jku: str | None = None
    ) -> PublicKey:
        """Like :meth:`resolve`, refreshing the origin's JWKS once when ``kid`` is unknown."""
        try:
            return self.resolve(issuer, kid, alg=alg)
        except SignatureError as exc:
            if exc.detail not in ("unknown_key", "issuer_key_mismatch"):
                raise
            if not await self.refresh(issuer, jku=jku):
                raise
        return self.resolve(issuer, kid, alg=alg)


def _is_origin(text: str) -> bool:
    """Whether ``text`` is a bare origin (``https://host[:port]`` with no path)."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("https", "http") and parts.path in ("", "/") and not parts.query
