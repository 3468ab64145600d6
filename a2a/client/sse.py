"""Reading server-sent events with a bound on how large one event may grow.

httpx-sse parses the stream, but it buffers a whole event before handing it
over, so a size check on the parsed event comes after the memory is spent: a
peer that never ends its event could fill it.  :func:`bounded_events` counts
the characters since the last event boundary (an empty line) while the text
arrives and stops the stream as soon as one event outgrows the limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import cast

import httpx
import httpx_sse

from a2a.errors import TransportError

__all__ = ["DEFAULT_MAX_EVENT_BYTES", "bounded_events"]

#: Largest SSE event a client accepts (its text, in characters).
DEFAULT_MAX_EVENT_BYTES = 16 * 2**20

# An event ends with an empty line: two line ends in a row, each "\r\n", "\r" or
# "\n".  Every such pair contains one of these (a "\r\n\r\n" ends one
# character after its "\n\r": close enough for a size bound).
_BOUNDARIES = ("\n\n", "\r\r", "\n\r")


class _BoundedText:
    """The parts of a response that httpx-sse reads, with the text stream bounded."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.headers = response.headers
        self._response = response
        self._limit = limit

    async def aiter_text(self) -> AsyncIterator[str]:
        pending = 0  # characters since the last event boundary
        last = ""  # the previous chunk's last character: a boundary may straddle chunks
        async for text in self._response.aiter_text():
            window = last + text
            end = max(window.rfind(boundary) for boundary in _BOUNDARIES)
            # A boundary found ends 2 characters after where it starts.
            pending = len(window) - end - 2 if end >= 0 else pending + len(text)
            if pending > self._limit:
                raise TransportError(f"an event grew past the limit of {self._limit} characters")
            last = text[-1:]
            yield text


async def bounded_events(
    response: httpx.Response, limit: int
) -> AsyncIterator[httpx_sse.ServerSentEvent]:
    """The events of ``response``; :class:`TransportError` once one is past ``limit``.

    While an event arrives, its whole text (field names, line ends included)
    is measured after each network read, so at most ``limit`` plus one read is
    ever held for it; an event that starts and ends within one read is
    measured by its ``data`` once parsed.  Characters, not bytes.
    """
    source = httpx_sse.EventSource(cast(httpx.Response, _BoundedText(response, limit)))
    async for event in source.aiter_sse():
        if len(event.data) > limit:
            raise TransportError(
                f"event size limit: an event of {len(event.data)} characters is past the "
                f"limit of {limit}"
            )
        yield event
