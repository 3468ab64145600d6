"""Messages and their parts (spec ``Message``, ``MessagePart``, ``Artifact``).

A part carries inline ``content`` or a ``content_url``, never both; the spec
also allows neither.  A part with a ``name`` is an artifact.  Part
``metadata`` is a citation or a trajectory step, told apart by ``kind``.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from acp.types._base import ACPModel, OpenModel, Timestamp, utc_now

__all__ = [
    "ROLE_PATTERN",
    "Artifact",
    "CitationMetadata",
    "Message",
    "MessagePart",
    "PartMetadata",
    "TrajectoryMetadata",
]

#: Spec ``Message.role``: ``user``, ``agent`` or ``agent/{name}``.
ROLE_PATTERN = r"^(user|agent(\/[a-zA-Z0-9_\-]+)?)$"


class CitationMetadata(ACPModel):
    """A source for (a character range of) the message's ``text/*`` content."""

    kind: Literal["citation"] = "citation"
    start_index: int | None = None
    end_index: int | None = None
    url: str | None = None
    title: str | None = None
    description: str | None = None


class TrajectoryMetadata(ACPModel):
    """One reasoning step or tool call of the agent."""

    kind: Literal["trajectory"] = "trajectory"
    message: str | None = None
    tool_name: str | None = None
    tool_input: dict[str, Any] | None = None
    tool_output: dict[str, Any] | None = None


PartMetadata = Annotated[CitationMetadata | TrajectoryMetadata, Field(discriminator="kind")]


class MessagePart(OpenModel):
    """One MIME-typed piece of a message; unknown fields are kept (as the SDK does)."""

    name: str | None = None
    content_type: str | None = "text/plain"
    content: str | None = None
    content_encoding: Literal["plain", "base64"] | None = "plain"
    content_url: str | None = None
    metadata: PartMetadata | None = None

    @field_validator("content_url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if not parts.scheme or not (parts.netloc or parts.scheme in {"data", "urn"}):
                raise ValueError("content_url must be an absolute URL")
        return value

    @model_validator(mode="after")
    def _one_content(self) -> MessagePart:
        if self.content is not None and self.content_url is not None:
            raise ValueError("Only one of content or content_url can be provided")
        return self

    @property
    def is_artifact(self) -> bool:
        """A named part is an artifact."""
        return self.name is not None

    @property
    def data(self) -> bytes | None:
        """The inline content as bytes (base64 decoded when so encoded)."""
        if self.content is None:
            return None
        if self.content_encoding == "base64":
            try:
                return base64.b64decode(self.content, validate=True)
            except (binascii.Error, ValueError):
                raise ValueError("part content is not valid base64") from None
        return self.content.encode()

    @classmethod
    def text(cls, text: str, *, content_type: str = "text/plain") -> MessagePart:
        return cls(content=text, content_type=content_type)

    @classmethod
    def from_bytes(cls, data: bytes, *, content_type: str, name: str | None = None) -> MessagePart:
        return cls(
            content=base64.b64encode(data).decode("ascii"),
            content_encoding="base64",
            content_type=content_type,
            name=name,
        )

    @classmethod
    def from_url(cls, url: str, *, content_type: str, name: str | None = None) -> MessagePart:
        return cls(content_url=url, content_type=content_type, name=name)


class Artifact(MessagePart):
    """A named part (``name`` required)."""

    name: str


class Message(ACPModel):
    """A turn of conversation; ``role`` defaults to ``user`` as in the SDK."""

    role: str = Field(default="user", pattern=ROLE_PATTERN)
    parts: list[MessagePart] = Field(default_factory=list)
    created_at: Timestamp | None = Field(default_factory=utc_now)
    completed_at: Timestamp | None = Field(default_factory=utc_now)

    @property
    def text(self) -> str:
        """The concatenated inline ``text/plain`` content (what the SDK's ``str()`` gives)."""
        return "".join(
            p.content
            for p in self.parts
            if p.content is not None
            and p.content_type == "text/plain"
            and p.content_encoding != "base64"
        )

    @classmethod
    def user(cls, *content: str | MessagePart) -> Message:
        """A user message; strings become ``text/plain`` parts."""
        return cls(role="user", parts=_parts(content))

    @classmethod
    def agent(cls, *content: str | MessagePart, name: str | None = None) -> Message:
        """An agent message (role ``agent/{name}`` when ``name`` is given)."""
        return cls(role=f"agent/{name}" if name else "agent", parts=_parts(content))


def _parts(content: tuple[str | MessagePart, ...]) -> list[MessagePart]:
    return [MessagePart(content=c) if isinstance(c, str) else c for c in content]
