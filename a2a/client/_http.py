"""The client's one boundary with httpx: requests, SSE streams, retries and error translation.

Every byte the client sends or receives passes through :class:`HttpChannel`.
httpx and httpx-sse exceptions are translated here, and only here, into the
library's error tree (``raise ... from exc``)::

    httpx.TimeoutException        -> a2a.errors.TimeoutError_
    httpx.HTTPError, SSEError     -> a2a.errors.TransportError
    HTTP 401 / 403                -> AuthenticationError / PermissionDeniedError

Protocol errors (JSON-RPC ``error`` members, ``google.rpc.Status`` bodies) are
decoded by the transports, which know the binding.

Timeouts follow what long-running agents need: the connect timeout is short,
a blocking send waits as long as the agent works unless the caller sets a
limit, and streams never time out while reading.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import httpx_sse

from a2a.client.sse import DEFAULT_MAX_EVENT_BYTES, bounded_events
from a2a.errors import (
    AuthenticationError,
    PermissionDeniedError,
    TimeoutError_,
    TransportError,
)

__all__ = [
    "DEFAULT_MAX_EVENT_BYTES",
    "HttpChannel",
    "RetryPolicy",
    "Timeouts",
    "check_auth",
    "is_event_stream",
    "json_body",
    "read_error_body",
    "translate_errors",
]


@dataclass(frozen=True)
class Timeouts:
    """How long the client waits, in seconds; ``None`` means no limit.

    * ``connect``: opening a connection.
    * ``request``: answers to unary calls other than a blocking send.
    * ``send``: a blocking ``SendMessage``; the agent may work for minutes, so
      by default there is no limit (A2A §3.2.2: the server answers when the task
      is terminal or interrupted).
    * streams never have a read timeout; only ``connect`` applies.
    """

    connect: float | None = 10.0
    request: float | None = 60.0
    send: float | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Retries for idempotent operations after a transient failure.

    A failure is transient when the connection failed before an answer came,
    or the server answered with one of ``statuses``.  Delays grow
    exponentially from ``backoff`` up to ``max_backoff``, with jitter, and a
    ``Retry-After`` header in seconds is honoured up to ``max_backoff``.
    Non-idempotent operations (send, cancel, create) are never retried.
    """

    attempts: int = 3
    backoff: float = 0.25
    max_backoff: float = 4.0
    statuses: frozenset[int] = field(default_factory=lambda: frozenset({429, 502, 503, 504}))

    def delay(self, retry: int, retry_after: str | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        if retry_after is not None and retry_after.strip().isdigit():
            return min(float(retry_after.strip()), self.max_backoff)
        base: float = min(self.backoff * 2.0 ** (retry - 1), self.max_backoff)
        return base * (0.5 + random.random() / 2)  # jitter, not crypto


@contextlib.contextmanager
def translate_errors(what: str = "request") -> Iterator[None]:
    """Turn httpx and httpx-sse exceptions into the library's client errors."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise TimeoutError_(f"{what} timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise TransportError(f"{what} failed: {type(exc).__name__}: {exc}") from exc
    except httpx_sse.SSEError as exc:
        raise TransportError(f"{what}: malformed event stream: {exc}") from exc


def check_auth(response: httpx.Response) -> None:
    """Raise the authentication errors that every binding reports the same way (A2A §3.3.2)."""
    if response.status_code == 401:
        raise AuthenticationError(
            _short_text(response) or None, challenge=response.headers.get("WWW-Authenticate")
        )
    if response.status_code == 403:
        raise PermissionDeniedError(_short_text(response) or None)


def _short_text(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])[:300]
        if isinstance(data.get("detail"), str):
            return str(data["detail"])[:300]
    return ""


def json_body(response: httpx.Response) -> Any:
    """The decoded JSON body; :class:`TransportError` if it is not JSON."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:
        raise TransportError(
            f"expected JSON from the agent, got HTTP {response.status_code} "
            f"{response.headers.get('content-type', 'without a content type')}"
        ) from exc


class HttpChannel:
    """An httpx client plus the headers, credentials and policies of one connection.

    ``headers`` go on every request (the caller's own; transports add
    ``A2A-Version`` and ``A2A-Extensions`` for the ``extensions`` asked for);
    ``auth`` is an :class:`httpx.Auth` applied per request.
    The channel does not own ``http`` unless ``owns_client`` is set.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        owns_client: bool = False,
        extensions: Sequence[str] = (),
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
    ) -> None:
        self.http = http
        self.headers = dict(headers or {})
        self.auth = auth
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self.owns_client = owns_client
        self.extensions = tuple(extensions)
        self.max_event_bytes = max_event_bytes
        #: Awaited with each SSE event's data before it is handed on (signature checks).
        self.check_event: Callable[[httpx.Response, str], Awaitable[None]] | None = None

    def _timeout(self, read: float | None) -> httpx.Timeout:
        # ``read`` bounds the wait for the answer; write and pool follow it.
        return httpx.Timeout(read, connect=self.timeouts.connect)

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        return {**self.headers, **(extra or {})}

    async def request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        params: Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool = False,
        timeout: float | None = None,
    ) -> httpx.Response:
        """Send one request and read the whole answer, retrying when that is safe."""
        attempts = max(1, self.retry.attempts) if idempotent else 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                with translate_errors(f"{method} {url}"):
                    response = await self.http.request(
                        method,
                        url,
                        content=content,
                        params=list(params) if params else None,
                        headers=self._headers(headers),
                        auth=self.auth if self.auth is not None else httpx.USE_CLIENT_DEFAULT,
                        timeout=self._timeout(timeout),
                    )
            except TransportError:
                if last:
                    raise
                await asyncio.sleep(self.retry.delay(attempt))
                continue
            if not last and response.status_code in self.retry.statuses:
                await asyncio.sleep(self.retry.delay(attempt, response.headers.get("Retry-After")))
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.asynccontextmanager
    async def stream(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        params: Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """Open a streaming response; only the connect timeout applies."""
        with translate_errors(f"{method} {url}"):
            async with self.http.stream(
                method,
                url,
                content=content,
                params=list(params) if params else None,
                headers=self._headers({"Accept": "text/event-stream", **(headers or {})}),
                auth=self.auth if self.auth is not None else httpx.USE_CLIENT_DEFAULT,
                timeout=self._timeout(None),
            ) as response:
                yield response

    async def events(self, response: httpx.Response) -> AsyncIterator[str]:
        """The ``data`` of each SSE event of ``response``; comments and empty events are skipped."""
        with translate_errors("event stream"):
            # Bounded while the text arrives, not after a whole event is buffered.
            async for event in bounded_events(response, self.max_event_bytes):
                if not event.data:
                    continue
                if self.check_event is not None:
                    await self.check_event(response, event.data)
                yield event.data

    async def aclose(self) -> None:
        if self.owns_client:
            await self.http.aclose()


def is_event_stream(response: httpx.Response) -> bool:
    """Whether the answer is an SSE stream (and not, say, a JSON error)."""
    ctype = str(response.headers.get("content-type", ""))
    return ctype.split(";", 1)[0].strip().lower() == "text/event-stream"


async def read_error_body(response: httpx.Response) -> Any:
    """Read and decode the body of a streaming response that turned out not to be a stream."""
    with translate_errors("reading the error answer"):
        await response.aread()
    try:
        return response.json()
    except ValueError:
        return None
