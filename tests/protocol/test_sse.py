"""Server-sent event frames (WHATWG HTML §9.2)."""

from __future__ import annotations

from a2a.protocol import KEEPALIVE, encode_event
from a2a.types import Message, StreamResponse


def _parse(stream: bytes) -> list[tuple[str | None, str]]:
    """A minimal SSE reader, as the HTML standard describes it, for the tests."""
    events = []
    for block in stream.decode().split("\n\n")[:-1]:
        name, data = None, []
        for line in block.split("\n"):
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
        if data:
            events.append((name, "\n".join(data)))
    return events


def test_a_json_event_is_one_data_line() -> None:
    payload = StreamResponse.wrap(Message.agent("hi ü")).to_json()
    frame = encode_event(payload)
    assert frame == b"data: " + payload + b"\n\n"
    assert _parse(frame) == [(None, payload.decode())]


def test_named_events_and_multi_line_data() -> None:
    frame = encode_event(b"line1\nline2", event="update")
    assert frame == b"event: update\ndata: line1\ndata: line2\n\n"
    assert _parse(frame) == [("update", "line1\nline2")]


def test_keepalive_is_a_comment_that_readers_ignore() -> None:
    assert KEEPALIVE.startswith(b":")
    stream = KEEPALIVE + encode_event(b"{}") + KEEPALIVE
    assert _parse(stream) == [(None, "{}")]
