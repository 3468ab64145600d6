"""Messages, parts and artifacts (A2A §4.1: ``Message``, ``Part``, ``Artifact``, ``Role``)."""

from __future__ import annotations

import os
from typing import Annotated, Any

from pydantic import MISSING, Field, model_validator

from a2a.types._base import REQUIRED, A2AModel, Base64Bytes, ProtoEnum

__all__ = ["Artifact", "Message", "Part", "Role", "new_id"]


def new_id() -> str:
    """A fresh random identifier (UUID 4), as the spec suggests for every id."""
    # Same bits as uuid.uuid4(), without building a UUID object (on the hot path).
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class Role(ProtoEnum):
    """The sender of a message."""

    ROLE_UNSPECIFIED = "ROLE_UNSPECIFIED"
    ROLE_USER = "ROLE_USER"
    ROLE_AGENT = "ROLE_AGENT"


_PART_CONTENT = ("text", "raw", "url", "data")


class Part(A2AModel):
    """One piece of content: exactly one of ``text``, ``raw``, ``url`` or ``data``."""

    text: str | None = None
    raw: Base64Bytes | None = None
    url: str | None = None
    # A ``google.protobuf.Value``: JSON null is a legitimate value here, so
    # "unset" needs its own sentinel.
    data: Any = MISSING
    metadata: dict[str, Any] | None = None
    filename: str = ""
    media_type: str = ""

    @model_validator(mode="after")
    def _one_content(self) -> Part:
        count = (
            (self.text is not None)
            + (self.raw is not None)
            + (self.url is not None)
            + (self.data is not MISSING)
        )
        if count != 1:
            raise ValueError(
                f"a Part must hold exactly one of text, raw, url or data (found {count})"
            )
        return self

    @property
    def kind(self) -> str:
        """Which content member is set: ``"text"``, ``"raw"``, ``"url"`` or ``"data"``."""
        if self.text is not None:
            return "text"
        if self.raw is not None:
            return "raw"
        if self.url is not None:
            return "url"
        return "data"

    @classmethod
    def from_text(cls, text: str, *, media_type: str = "") -> Part:
        return cls(text=text, media_type=media_type)

    @classmethod
    def from_data(cls, data: Any, *, media_type: str = "") -> Part:
        return cls(data=data, media_type=media_type)

    @classmethod
    def from_bytes(cls, raw: bytes, *, media_type: str = "", filename: str = "") -> Part:
        return cls(raw=raw, media_type=media_type, filename=filename)

    @classmethod
    def from_url(cls, url: str, *, media_type: str = "", filename: str = "") -> Part:
        return cls(url=url, media_type=media_type, filename=filename)


def _joined_text(parts: list[Part]) -> str:
    return "".join([part.text for part in parts if part.text is not None])


class Message(A2AModel):
    """One unit of communication between a client (``ROLE_USER``) and an agent."""

    message_id: Annotated[str, REQUIRED] = ""
    context_id: str = ""
    task_id: str = ""
    role: Annotated[Role, REQUIRED] = Role.ROLE_UNSPECIFIED
    parts: Annotated[list[Part], REQUIRED] = Field(default_factory=list)
    metadata: dict[str, Any] | None = None
    extensions: list[str] = Field(default_factory=list)
    reference_task_ids: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The concatenated text of all text parts (``""`` if there are none)."""
        return _joined_text(self.parts)

    @classmethod
    def user(
        cls,
        *content: str | Part,
        context_id: str = "",
        task_id: str = "",
        metadata: dict[str, Any] | None = None,
    ) -> Message:
        """A client message with a fresh id; strings become text parts."""
        return cls._build(Role.ROLE_USER, content, context_id, task_id, metadata)

    @classmethod
    def agent(
        cls,
        *content: str | Part,
        context_id: str = "",
        task_id: str = "",
        metadata: dict[str, Any] | None = None,
    ) -> Message:
        """An agent message with a fresh id; strings become text parts."""
        return cls._build(Role.ROLE_AGENT, content, context_id, task_id, metadata)

    @classmethod
    def _build(
        cls,
        role: Role,
        content: tuple[str | Part, ...],
        context_id: str,
        task_id: str,
        metadata: dict[str, Any] | None,
    ) -> Message:
        # Texts go in as plain data: validating a dict skips a Python-level
        # constructor call per Part (about a third cheaper for the usual one-text
        # reply); Parts are already valid and pass through as they are.
        parts: list[Part | dict[str, str]] = []
        for item in content:
            if isinstance(item, str):
                parts.append({"text": item})
            elif isinstance(item, Part):
                parts.append(item)
            else:
                raise TypeError(f"message content must be str or Part, not {type(item).__name__}")
        data: dict[str, Any] = {
            "message_id": new_id(),
            "role": role,
            "parts": parts,
            "context_id": context_id,
        }
        if task_id:
            data["task_id"] = task_id
        if metadata is not None:
            data["metadata"] = metadata
        return cls.model_validate(data)


class Artifact(A2AModel):
    """An output of a task."""

    artifact_id: Annotated[str, REQUIRED] = ""
    name: str = ""
    description: str = ""
    parts: Annotated[list[Part], REQUIRED] = Field(default_factory=list)
    metadata: dict[str, Any] | None = None
    extensions: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The concatenated text of all text parts (``""`` if there are none)."""
        return _joined_text(self.parts)
