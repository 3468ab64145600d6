"""The wire convention shared by every A2A model (ProtoJSON of ``lf.a2a.v1``).

How it works, briefly:

* Field names go on the wire in lowerCamelCase, computed the way ``protoc``
  computes ``json_name``; snake_case names are accepted on input.
* Presence follows proto3.  A field without explicit presence has its zero
  value as default (``""``, ``0``, ``False``, ``[]``, ``{}``, the ``*_UNSPECIFIED``
  enum member) and is omitted on output while it holds it.  A field *with*
  presence (``optional`` scalars, message fields) defaults to ``None`` and is
  emitted whenever it was set, even to a zero value.  Both rules reduce to one
  pydantic switch, ``exclude_defaults``, applied by :meth:`A2AModel.to_dict`
  and :meth:`A2AModel.to_json`; no call site passes serializer options.
* ``REQUIRED`` in the proto (``google.api.field_behavior``) does not change
  parsing: like a protobuf parser we accept a message whose required string is
  empty, so that any peer's output can be read and written back unchanged.
  Servers check required fields separately, with :func:`required_violations`,
  and answer with a validation error that names each field.
* Unknown fields are ignored; JSON ``null`` means "unset" except inside
  ``Struct``/``Value`` content.
"""

from __future__ import annotations

import base64
import binascii
import copy
import enum
import re
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, ClassVar, Final, TypeVar, get_args

import pydantic_core
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    ValidationError,
)

__all__ = [
    "REQUIRED",
    "A2AModel",
    "Base64Bytes",
    "FieldViolation",
    "Int32",
    "ProtoEnum",
    "Timestamp",
    "format_timestamp",
    "parse_timestamp",
    "proto_json_name",
    "required_violations",
    "utc_now",
]

_M = TypeVar("_M", bound="A2AModel")


def proto_json_name(field_name: str) -> str:
    """Return the ProtoJSON name of a snake_case field, as ``protoc`` computes it."""
    head, *rest = field_name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class _Required:
    """Marker for fields annotated ``REQUIRED`` in ``a2a.proto``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Final = _Required()
"""Put in ``Annotated[...]`` metadata to mark a proto ``REQUIRED`` field."""


class A2AModel(BaseModel):
    """Base of every A2A wire model; holds the ProtoJSON rules in one place."""

    model_config = ConfigDict(
        alias_generator=proto_json_name,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="ignore",
        use_enum_values=False,
        # Large payloads (artifacts) are common; skip pydantic's string cache.
        cache_strings="keys",
    )

    # Filled per class by __pydantic_init_subclass__: names of REQUIRED fields.
    __required_fields__: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__required_fields__ = tuple(
            name
            for name, info in cls.model_fields.items()
            if any(meta is REQUIRED for meta in info.metadata)
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the ProtoJSON value of this object as plain Python data."""
        return self.model_dump(mode="json", exclude_defaults=True)

    def to_json(self) -> bytes:
        """Return the ProtoJSON encoding of this object (compact UTF-8 JSON)."""
        return self.model_dump_json(exclude_defaults=True).encode()

    @classmethod
    def from_json(cls: type[_M], data: str | bytes | bytearray) -> _M:
        """Parse ProtoJSON bytes; raises ``pydantic.ValidationError`` on bad input.

        A JSON ``null`` stands for the field's default, for every field
        (ProtoJSON); inside ``Struct``/``Value`` content it stays ``null``.
        """
        try:
            return cls.model_validate_json(data)
        except ValidationError as exc:
            # Invalid JSON is reported with the bytes as input, never a null.
            if not any(error["input"] is None for error in exc.errors(include_url=False)):
                raise
            decoded = pydantic_core.from_json(data)
            if not _drop_null_fields(decoded, exc):
                raise
        return cls.model_validate(decoded)

    @classmethod
    def from_dict(cls: type[_M], data: Any) -> _M:
        """Parse already-decoded ProtoJSON; raises ``pydantic.ValidationError``.

        ``None`` values are read like JSON ``null`` in :meth:`from_json`;
        ``data`` itself is never modified.
        """
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            data = copy.deepcopy(data)
            if not _drop_null_fields(data, exc):
                raise
        # pydantic reports every failing field at once, so one retry is enough.
        return cls.model_validate(data)


def _drop_null_fields(data: Any, exc: ValidationError) -> bool:
    """Remove the ``null`` fields that ``exc`` rejected; return whether any were.

    pydantic validates ``null`` natively for fields with presence (``None`` is
    their default) and for ``Struct``/``Value`` content.  A field without
    presence (``"contextId": null``) fails instead; ProtoJSON reads it as the
    default, so the field is dropped and the input validated again.  Doing
    this only after a failure keeps the common path free of a Python-level
    validator, which would slow every parse.  A ``null`` map value is dropped
    the same way, with its entry.
    """
    dropped = False
    for error in exc.errors(include_url=False, include_context=False):
        loc = error["loc"]
        if error["input"] is not None or not loc or not isinstance(loc[-1], str):
            continue
        container = data
        for step in loc[:-1]:
            try:
                container = container[step]
            except (KeyError, IndexError, TypeError):
                container = None
                break
        if isinstance(container, dict) and loc[-1] in container and container[loc[-1]] is None:
            del container[loc[-1]]
            dropped = True
    return dropped


# ----------------------------------------------------------------------------
# Enums


class ProtoEnum(str, enum.Enum):
    """A proto enum: its wire form is the member name; numbers are accepted too.

    Members must be declared in proto number order, starting at 0.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        # ProtoJSON parsers accept the enum number instead of the name.
        if isinstance(value, int) and not isinstance(value, bool):
            members = list(cls)
            if 0 <= value < len(members):
                return members[value]
        return None

    @property
    def number(self) -> int:
        """The proto number of this member."""
        number = _ENUM_NUMBERS.get(self)
        if number is None:
            _ENUM_NUMBERS.update({member: n for n, member in enumerate(type(self))})
            number = _ENUM_NUMBERS[self]
        return number


_ENUM_NUMBERS: dict[ProtoEnum, int] = {}


# ----------------------------------------------------------------------------
# Scalars with a ProtoJSON form of their own

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_INT_RE = re.compile(r"-?[0-9]+")


def _int32(value: Any) -> Any:
    # ProtoJSON: a number or a numeric string; never a bool, never a fraction.
    if isinstance(value, bool):
        raise ValueError("expected an integer, got a boolean")
    if isinstance(value, str):
        # int() alone would also take "1_000", " 7 " and non-ASCII digits.
        if _INT_RE.fullmatch(value) is None:
            raise ValueError("expected an integer")
        value = int(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError("expected an integer, got a fraction")
        value = int(value)
    if isinstance(value, int) and not _INT32_MIN <= value <= _INT32_MAX:
        raise ValueError("integer out of int32 range")
    return value


Int32 = Annotated[int, BeforeValidator(_int32)]
"""A proto ``int32``: JSON number or numeric string on input, number on output."""


def _b64_decode(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # ProtoJSON accepts standard and URL-safe alphabets, with or without padding.
    text = value.strip().replace("-", "+").replace("_", "/")
    text += "=" * (-len(text) % 4)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("invalid base64") from None


def _b64_encode(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


Base64Bytes = Annotated[
    bytes,
    BeforeValidator(_b64_decode),
    PlainSerializer(_b64_encode, return_type=str, when_used="json"),
]
"""A proto ``bytes``: standard padded base64 on output."""


_TS_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))",
    re.ASCII,  # \d must not match other scripts' digits
)


def parse_timestamp(text: str) -> datetime:
    """Parse an RFC 3339 timestamp (any offset, up to 9 fraction digits) into UTC.

    Fractions below a microsecond are truncated, as Python datetimes cannot
    hold them.
    """
    m = _TS_RE.fullmatch(text.strip())
    if m is None:
        raise ValueError("expected an RFC 3339 timestamp such as 2025-01-01T00:00:00Z")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    micros = int((m.group(7) or "0")[:6].ljust(6, "0"))
    if second == 60:  # leap second: proto Timestamps have none
        second = 59
    if m.group(8):
        tz = timezone.utc
    else:
        sign = 1 if m.group(9) == "+" else -1
        tz = timezone(sign * timedelta(hours=int(m.group(10)), minutes=int(m.group(11))))
    try:
        return datetime(year, month, day, hour, minute, second, micros, tzinfo=tz).astimezone(
            timezone.utc
        )
    except OverflowError:  # e.g. 0001-01-01T00:00:00+01:00 is before year 1 in UTC
        raise ValueError("timestamp out of range") from None


def _timestamp_in(value: Any) -> Any:
    if isinstance(value, str):
        return parse_timestamp(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:  # naive datetimes are taken as UTC
            return value.replace(tzinfo=timezone.utc)
        try:
            return value.astimezone(timezone.utc)
        except OverflowError:
            raise ValueError("timestamp out of range") from None
    # ProtoJSON has no numeric form; pydantic alone would read a number as Unix time.
    raise ValueError("expected an RFC 3339 timestamp string")


def format_timestamp(value: datetime) -> str:
    """Format a datetime as ProtoJSON does: UTC, ``Z``, 0, 3 or 6 fraction digits."""
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(timezone.utc)
    # Not strftime: "%Y" does not pad years before 1000 to four digits on glibc.
    base = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    )
    micros = value.microsecond
    if micros == 0:
        return base + "Z"
    if micros % 1000 == 0:
        return f"{base}.{micros // 1000:03d}Z"
    return f"{base}.{micros:06d}Z"


Timestamp = Annotated[
    datetime,
    BeforeValidator(_timestamp_in),
    PlainSerializer(format_timestamp, return_type=str, when_used="json"),
]
"""A ``google.protobuf.Timestamp``: always UTC; ``Z`` on output."""


def utc_now() -> datetime:
    """The current UTC time at millisecond precision (what A2A recommends emitting)."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond - now.microsecond % 1000)


# ----------------------------------------------------------------------------
# Required-field check


class FieldViolation(BaseModel):
    """One invalid field, as in ``google.rpc.BadRequest.FieldViolation``."""

    field: str
    description: str


def _may_hold_models(annotation: Any) -> bool:
    """Whether a field's type can contain A2A models (directly or in a list or map)."""
    if isinstance(annotation, type):
        return issubclass(annotation, A2AModel)
    return any(_may_hold_models(arg) for arg in get_args(annotation))


def _zero_member(annotation: Any) -> ProtoEnum | None:
    """The ``*_UNSPECIFIED`` member when the field is an enum (its "empty" value)."""
    if isinstance(annotation, type) and issubclass(annotation, ProtoEnum):
        return next(iter(annotation))
    return None


_RequiredPlan = tuple[tuple[str, str, "ProtoEnum | None"], ...]
_Nested = tuple[tuple[str, str], ...]
# Per model class: its REQUIRED fields (with the enum zero, if any), and the
# fields worth descending into.
_PLANS: dict[type[A2AModel], tuple[_RequiredPlan, _Nested]] = {}


def _plan(cls: type[A2AModel]) -> tuple[_RequiredPlan, _Nested]:
    plan = _PLANS.get(cls)
    if plan is None:
        fields = cls.model_fields
        required = tuple(
            (name, proto_json_name(name), _zero_member(fields[name].annotation))
            for name in cls.__required_fields__
        )
        nested = tuple(
            (name, proto_json_name(name))
            for name, info in fields.items()
            if _may_hold_models(info.annotation)
        )
        plan = _PLANS[cls] = (required, nested)
    return plan


def _walk(value: Any, path: str, out: list[FieldViolation]) -> None:
    if isinstance(value, A2AModel):
        required, nested = _plan(type(value))
        for name, wire, zero in required:
            field_value = getattr(value, name)
            # Empty is the proto zero value: "", [], {}, or the *_UNSPECIFIED member.
            if field_value is zero if zero is not None else not field_value:
                out.append(
                    FieldViolation(
                        field=f"{path}.{wire}" if path else wire,
                        description="required field is missing or empty",
                    )
                )
        for name, wire in nested:
            child = getattr(value, name)
            if child:
                _walk(child, f"{path}.{wire}" if path else wire, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", out)
    else:  # a map: _plan only descends into models, lists and maps of models
        for key, item in value.items():
            _walk(item, f"{path}[{key!r}]", out)


def _complete(value: Any) -> bool:
    """Whether no ``REQUIRED`` field below ``value`` is empty: :func:`_walk` without paths.

    Valid input is the common case, and naming the fields is only needed when
    some are missing; so this check runs first and builds no strings.
    """
    if isinstance(value, A2AModel):
        required, nested = _plan(type(value))
        for name, _, zero in required:
            field_value = getattr(value, name)
            if field_value is zero if zero is not None else not field_value:
                return False
        for name, _ in nested:
            child = getattr(value, name)
            if child and not _complete(child):
                return False
        return True
    # A plain loop: all() over a generator costs more on every request.
    for item in value if isinstance(value, list) else value.values():  # noqa: SIM110
        if not _complete(item):
            return False
    return True


def required_violations(model: A2AModel) -> list[FieldViolation]:
    """Return every ``REQUIRED`` field of ``model`` (recursively) that is unset or empty.

    Empty means the proto zero value: ``""``, ``[]``, ``{}`` or an ``*_UNSPECIFIED``
    enum member.  An empty required list is a violation (A2A §5.7), with the
    exceptions the spec's own examples make: models mark ``skills`` and
    ``ListTasksResponse.tasks`` as required without the marker.
    """
    if _complete(model):
        return []
    out: list[FieldViolation] = []
    _walk(model, "", out)
    return out
