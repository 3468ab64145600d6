"""Server-sent event frames (WHATWG HTML §9.2), without I/O."""

from __future__ import annotations

__all__ = ["KEEPALIVE", "encode_event"]

#: A comment frame: keeps idle connections open through proxies; clients ignore it.
KEEPALIVE = b": keep-alive\n\n"


def encode_event(data: bytes, event: str | None = None) -> bytes:
    """One SSE frame carrying ``data`` (compact JSON never holds a raw newline)."""
    head = b"event: " + event.encode() + b"\n" if event else b""
    if b"\n" in data:
        data = data.replace(b"\n", b"\ndata: ")
    return head + b"data: " + data + b"\n\n"
