"""Sessions: descriptors, the resources their history points at, and loading history.

A session's history is a list of URLs, each dereferencing to one serialized
:class:`Message` (ACP "distributed sessions").  URLs served by this server
(``/resources/{id}``) are read from memory; any other URL is fetched over
HTTP, after the SSRF guard (the URL, then every address its host resolves to;
the request goes to the checked address), with a size limit and a timeout.  Each session
owns its resources: when the session is evicted, they go with it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

import httpx
from pydantic import ValidationError

from a2a.protocol.ssrf import UnsafeURLError, UrlPolicy
from a2a.server.outbound import Resolver, pin_url, system_resolver
from acp.errors import InvalidInputError, NotFoundError, ServerError
from acp.server.store import BoundedStore, Clock
from acp.types import Message, Session

__all__ = ["SessionRecord", "Sessions"]

_LOCAL = re.compile(r"/resources/([0-9a-fA-F-]{36})/?$")


@dataclass(slots=True)
class SessionRecord:
    """A session descriptor and the ids of the resources this server stores for it."""

    descriptor: Session
    owner: str | None = None
    resources: list[uuid.UUID] = field(default_factory=list)


class Sessions:
    """Session descriptors and history resources, bounded in count, age and length."""

    def __init__(
        self,
        *,
        max_sessions: int,
        ttl: float,
        max_history: int,
        max_resource_bytes: int,
        fetch_timeout: float,
        url_policy: UrlPolicy,
        clock: Clock,
        http_client: httpx.AsyncClient | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.max_history = max_history
        self.max_resource_bytes = max_resource_bytes
        self.fetch_timeout = fetch_timeout
        self.url_policy = url_policy
        self._resolve = resolver
        self.resources: dict[uuid.UUID, bytes] = {}
        self.records: BoundedStore[uuid.UUID, SessionRecord] = BoundedStore(
            max_entries=max_sessions, ttl=ttl, clock=clock, on_evict=self._evicted
        )
        # A client passed in is the caller's to close; one made here is ours.
        self._client = http_client
        self._owns_client = http_client is None

    def _evicted(self, _: uuid.UUID, record: SessionRecord) -> None:
        for rid in record.resources:
            self.resources.pop(rid, None)

    async def aclose(self) -> None:
        if self._client is not None and self._owns_client:
            await self._client.aclose()
            self._client = None

    # -- descriptors -----------------------------------------------------

    def join(
        self, session_id: uuid.UUID | None, forwarded: Session | None, owner: str | None
    ) -> SessionRecord:
        """The record a new run belongs to (created if new; replaced by a forwarded descriptor)."""
        if forwarded is not None and len(forwarded.history) > self.max_history:
            raise InvalidInputError(
                f"Invalid request: session.history: at most {self.max_history} entries"
            )
        sid = session_id or uuid.uuid4()
        record = self.records.get(sid)
        if record is not None and record.owner != owner:
            # Another principal's session: never shared, never overwritten.
            raise NotFoundError(f"Session {sid} not found")
        if record is None:
            record = SessionRecord(descriptor=Session(id=sid), owner=owner)
        if forwarded is not None:
            record.descriptor = forwarded.model_copy(deep=True)
        self.records.put(sid, record)
        return record

    def read(self, session_id: uuid.UUID, owner: str | None) -> Session | None:
        record = self.records.get(session_id)
        if record is None or record.owner != owner:
            return None
        return record.descriptor

    def record(self, record: SessionRecord, messages: list[Message], base_url: str) -> None:
        """Store ``messages`` as resources and append their URLs to the session's history."""
        history = record.descriptor.history
        for message in messages:
            rid = uuid.uuid4()
            self.resources[rid] = message.to_json()
            record.resources.append(rid)
            history.append(f"{base_url.rstrip('/')}/resources/{rid}")
        while len(history) > self.max_history:
            dropped = history.pop(0)
            match = _LOCAL.search(dropped)
            if match is not None:
                rid = uuid.UUID(match.group(1))
                if rid in record.resources:
                    record.resources.remove(rid)
                    self.resources.pop(rid, None)
        # Re-stored, not touched: a session evicted while this run was active must be
        # tracked again, or the resources just added would never be evicted.
        self.records.put(record.descriptor.id, record)

    # -- history -----------------------------------------------------------

    async def load(self, urls: list[str]) -> list[Message]:
        """The messages behind ``urls``, in order; :class:`ServerError` if one cannot be read."""
        out: list[Message] = []
        for url in urls:
            data = self._local(url)
            if data is None:
                data = await self._fetch(url)
            try:
                out.append(Message.model_validate_json(data))
            except ValidationError:
                raise ServerError(f"Session history entry {url} is not a message") from None
        return out

    def _local(self, url: str) -> bytes | None:
        match = _LOCAL.search(url.split("?", 1)[0])
        if match is None:
            return None
        try:
            return self.resources.get(uuid.UUID(match.group(1)))
        except ValueError:
            return None

    async def _fetch(self, url: str) -> bytes:
        try:
            target = await pin_url(url, self.url_policy, self._resolve)
        except UnsafeURLError as exc:
            raise ServerError(f"Session history URL refused: {exc}") from None
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self.fetch_timeout, follow_redirects=False, trust_env=False
            )
        try:
            async with self._client.stream(
                "GET", target.url, headers=target.headers, extensions=target.extensions
            ) as response:
                if response.status_code != 200:
                    raise ServerError(
                        f"Session history entry {url} answered {response.status_code}"
                    )
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > self.max_resource_bytes:
                        raise ServerError(f"Session history entry {url} is too large")
                return bytes(body)
        except httpx.HTTPError:
            raise ServerError(f"Session history entry {url} could not be fetched") from None
