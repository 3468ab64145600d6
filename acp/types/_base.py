"""The wire convention shared by every ACP model.

ACP is REST with snake_case JSON, described by ``docs/spec/openapi.yaml`` of
``i-am-bee/acp`` (spec 0.2.0) and, where the two differ, by what ``acp-sdk``
1.0.3 puts on the wire (see ``spec/acp.md``).  The rules live here once:

* **Lenient on input.**  Unknown fields are ignored (or kept, on the few
  models the SDK declares open: part, metadata, annotations, generic
  payloads); timestamps are read with any RFC 3339 offset, or naive as UTC.
* **Exact on output.**  Every declared field is written, ``null`` included,
  in declaration order, because SDK peers validate and display the full
  shape.  Timestamps are written in UTC with six fraction digits and ``Z``
  (``2026-11-26T03:42:32.883672Z``), as the SDK does.

No call site passes serializer options: use :meth:`ACPModel.to_json` /
:meth:`ACPModel.to_dict`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer

from a2a.types import parse_timestamp

__all__ = ["ACPModel", "OpenModel", "Timestamp", "format_timestamp", "utc_now"]

_M = TypeVar("_M", bound="ACPModel")


class ACPModel(BaseModel):
    """Base of every ACP wire model."""

    model_config = ConfigDict(
        extra="ignore",
        validate_by_name=True,
        serialize_by_alias=True,
        use_enum_values=False,
        cache_strings="keys",
    )

    def to_dict(self) -> dict[str, Any]:
        """The wire value of this object as plain Python data."""
        return self.model_dump(mode="json")

    def to_json(self) -> bytes:
        """The wire encoding of this object (compact UTF-8 JSON)."""
        return self.model_dump_json().encode()

    @classmethod
    def from_json(cls: type[_M], data: str | bytes | bytearray) -> _M:
        """Parse wire bytes; raises ``pydantic.ValidationError`` on bad input."""
        return cls.model_validate_json(data)

    @classmethod
    def from_dict(cls: type[_M], data: Any) -> _M:
        """Parse already-decoded JSON; raises ``pydantic.ValidationError``."""
        return cls.model_validate(data)


class OpenModel(ACPModel):
    """A model that keeps unknown fields and writes them back (SDK ``extra="allow"``)."""

    model_config = ConfigDict(extra="allow")


def _timestamp_in(value: Any) -> Any:
    if isinstance(value, str):
        return parse_timestamp(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    return value


def format_timestamp(value: datetime) -> str:
    """UTC, six fraction digits, ``Z``: the form acp-sdk writes."""
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(timezone.utc)
    text = value.isoformat(timespec="microseconds")  # C-fast; years padded to 4 digits
    return (text[:-6] if text.endswith("+00:00") else text) + "Z"


Timestamp = Annotated[
    datetime,
    BeforeValidator(_timestamp_in),
    PlainSerializer(format_timestamp, return_type=str, when_used="json"),
]
"""An RFC 3339 date-time, held as an aware UTC ``datetime``."""


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(timezone.utc)
