"""The load generator's HTTP/1.1 and SSE reading, without I/O: bytes in, responses out.

Lean on purpose: the generator must cost far less per request than the
servers it measures.  It handles exactly what the three servers send: a
status line, headers, then a ``Content-Length`` body or a chunked body (SSE
streams); no pipelining, no trailers, no ``Connection: close`` reuse.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ResponseReader", "SseCounter", "build_request"]


def build_request(
    method: str, path: str, port: int, body: bytes | None, headers: dict[str, str]
) -> bytes:
    """The bytes of one HTTP/1.1 request head (and body, if any)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head + (body or b"")


class SseCounter:
    """Counts server-sent events that carry data; keeps the last event's data.

    Comment frames (keep-alives, ``: ping``) are not events.  ``on_event``
    runs after each counted event.
    """

    __slots__ = ("_data", "_has_data", "_partial", "events", "last", "on_event")

    def __init__(self, on_event: Callable[[], None] | None = None) -> None:
        self._partial = b""
        self._has_data = False
        self._data: list[bytes] = []
        self.events = 0
        self.last = b""
        self.on_event = on_event

    def feed(self, data: bytes) -> None:
        lines = (self._partial + data).split(b"\n")
        self._partial = lines.pop()
        for raw in lines:
            line = raw[:-1] if raw.endswith(b"\r") else raw
            if not line:
                if self._has_data:
                    self.events += 1
                    self.last = b"\n".join(self._data)
                    self._data.clear()
                    self._has_data = False
                    if self.on_event is not None:
                        self.on_event()
            elif line.startswith(b"data:"):
                self._has_data = True
                self._data.append(line[5:])


class ResponseReader:
    """Reads one response at a time from a keep-alive connection.

    :meth:`feed` returns ``True`` when the current response is complete; then
    :attr:`status` and :attr:`body` hold it (for a chunked response the body
    goes to ``on_chunk`` instead, when given) and :meth:`reset` prepares for
    the next one.  Raises :class:`ValueError` on what it cannot read.
    """

    __slots__ = (
        "_buf",
        "_chunk_left",
        "_chunked",
        "_in_head",
        "_remaining",
        "body",
        "on_chunk",
        "status",
    )

    def __init__(self, on_chunk: Callable[[bytes], None] | None = None) -> None:
        self._buf = bytearray()
        self.on_chunk = on_chunk
        self.reset()

    def reset(self) -> None:
        self._in_head = True
        self._chunked = False
        self._remaining = 0
        self._chunk_left = -1
        self.status = 0
        self.body = bytearray()

    def feed(self, data: bytes) -> bool:
        buf = self._buf
        buf += data
        if self._in_head:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return False
            self._read_head(bytes(buf[:end]))
            del buf[: end + 4]
        if self._chunked:
            return self._read_chunks()
        take = min(self._remaining, len(buf))
        self.body += buf[:take]
        del buf[:take]
        self._remaining -= take
        return self._remaining == 0

    def _read_head(self, head: bytes) -> None:
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            raise ValueError(f"not an HTTP/1.x response: {lines[0]!r}")
        self.status = int(parts[1])
        self._in_head = False
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            key = name.strip().lower()
            if key == b"content-length":
                length = int(value)
            elif key == b"transfer-encoding" and b"chunked" in value.lower():
                self._chunked = True
        if not self._chunked:
            if length is None:
                raise ValueError("a response without Content-Length or chunked encoding")
            self._remaining = length

    def _read_chunks(self) -> bool:
        buf = self._buf
        while True:
            if self._chunk_left < 0:
                end = buf.find(b"\r\n")
                if end < 0:
                    return False
                size = int(bytes(buf[:end]).split(b";", 1)[0], 16)
                if size == 0:
                    if len(buf) < end + 4:  # the zero chunk, then the empty trailer line
                        return False
                    del buf[: end + 4]
                    return True
                del buf[: end + 2]
                self._chunk_left = size
            if len(buf) < self._chunk_left + 2:
                return False
            chunk = bytes(buf[: self._chunk_left])
            del buf[: self._chunk_left + 2]
            self._chunk_left = -1
            if self.on_chunk is not None:
                self.on_chunk(chunk)
            else:
                self.body += chunk
