"""What the wire layer hands to checks: unary replies, stream events, streamed replies.

Each keeps the answer whole (status, headers, body text, decoded JSON) and
says in one line what it was (:func:`describe`), for the "seen" part of a
failing check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from a2a.errors import A2AError, AuthenticationError, UnknownProtocolError

__all__ = ["Event", "Reply", "StreamReply", "decode_json", "describe"]

#: Longest body text kept in a description.
_SHOWN = 240


def _short(text: str, limit: int = _SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode_json(text: str) -> tuple[Any, bool]:
    try:
        return json.loads(text), True
    except ValueError:
        return None, False


@dataclass
class Reply:
    """One unary answer, kept whole."""

    binding: str
    status: int
    headers: httpx.Headers
    text: str
    body: Any
    is_json: bool
    result: Any = None
    error: A2AError | None = None
    request_id: Any = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def content_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";", 1)[0].strip().lower()

    def describe(self) -> str:
        return describe(self)


@dataclass
class Event:
    """One SSE event: its raw data, decoded JSON, and the StreamResponse it carries."""

    data: str
    name: str
    json: Any
    payload: Any = None
    error: A2AError | None = None
    at: float = 0.0


@dataclass
class StreamReply:
    """A streaming answer: either a stream of events, or a plain (error) reply."""

    binding: str
    status: int
    headers: httpx.Headers
    request_id: Any = None
    events: list[Event] = field(default_factory=list)
    #: The agent ended the stream (as opposed to the suite giving up).
    closed: bool = False
    #: Set when the answer was not an event stream (an error found before streaming).
    reply: Reply | None = None
    #: The stream broke off with a transport failure (text of the failure).
    broken: str = ""

    @property
    def content_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";", 1)[0].strip().lower()

    @property
    def error(self) -> A2AError | None:
        """The error that ended the call: a plain error answer or an error event."""
        if self.reply is not None:
            return self.reply.error
        for event in self.events:
            if event.error is not None:
                return event.error
        return None

    @property
    def payloads(self) -> list[Any]:
        return [e.payload for e in self.events if e.payload is not None]

    def describe(self) -> str:
        if self.reply is not None:
            return describe(self.reply)
        kinds = ", ".join(_event_kind(p) for p in self.payloads) or "no events"
        end = "closed" if self.closed else "still open"
        return f"HTTP {self.status} stream of {len(self.events)} events ({kinds}), {end}"


def _event_kind(payload: Any) -> str:
    if isinstance(payload, dict):
        for key in ("task", "message", "statusUpdate", "artifactUpdate"):
            if key in payload:
                return key
        return "/".join(sorted(payload)) or "{}"
    return type(payload).__name__


def describe(reply: Reply) -> str:
    """One line: status, and the error or the shape of the result."""
    if isinstance(reply.error, AuthenticationError):
        return f"HTTP {reply.status} ({type(reply.error).__name__})"
    error = reply.error
    if error is not None:
        code = getattr(error, "code", None)
        reason = _reason(error)
        what = f"error {code}" if reply.binding == "JSONRPC" else f"HTTP {reply.status}"
        named = type(error).__name__ if not isinstance(error, UnknownProtocolError) else ""
        extra = f" {reason}" if reason else ""
        return _short(f"{what}{extra} {named}: {error.message}".replace("  ", " "))
    if not reply.is_json:
        return _short(f"HTTP {reply.status} non-JSON body: {reply.text!r}")
    return _short(f"HTTP {reply.status} result {json.dumps(reply.result)}")


def _reason(error: A2AError) -> str:
    for detail in getattr(error, "details", []) or []:
        if isinstance(detail, dict) and detail.get("@type", "").endswith("google.rpc.ErrorInfo"):
            return str(detail.get("reason", ""))
    return ""
