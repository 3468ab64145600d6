"""ProtoJSON scalars: timestamps, bytes, int32, enums, Struct numbers and text."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from a2a.types import (
    GetTaskRequest,
    ListTasksRequest,
    Message,
    Part,
    Role,
    TaskState,
    TaskStatus,
    format_timestamp,
    parse_timestamp,
    proto_json_name,
    utc_now,
)

# --------------------------------------------------------------------------
# Timestamps (google.protobuf.Timestamp: RFC 3339, always "Z" on output)


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z"),
        ("2025-01-01t00:00:00z", "2025-01-01T00:00:00Z"),
        ("2025-01-01T00:00:00.5Z", "2025-01-01T00:00:00.500Z"),
        ("2025-01-01T00:00:00.120Z", "2025-01-01T00:00:00.120Z"),
        ("2025-01-01T00:00:00.123400Z", "2025-01-01T00:00:00.123400Z"),
        ("2025-01-01T00:00:00.000001Z", "2025-01-01T00:00:00.000001Z"),
        ("2025-01-01T00:00:00.123456789Z", "2025-01-01T00:00:00.123456Z"),
        ("2025-01-01T00:00:00.999999999Z", "2025-01-01T00:00:00.999999Z"),
        ("2025-01-01T00:00:00.000000999Z", "2025-01-01T00:00:00Z"),
        # Offsets are normalized to UTC.
        ("2025-01-01T05:30:00+05:30", "2025-01-01T00:00:00Z"),
        ("2024-12-31T19:00:00.250-05:00", "2025-01-01T00:00:00.250Z"),
        ("2025-01-01T00:00:00+00:00", "2025-01-01T00:00:00Z"),
        ("2025-01-01T00:00:00-00:00", "2025-01-01T00:00:00Z"),
        # Leap second: proto Timestamps have none.
        ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z"),
        # Years before 1000 keep four digits.
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("0999-12-31T23:59:59Z", "0999-12-31T23:59:59Z"),
        ("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999Z"),
        (" 2025-01-01T00:00:00Z ", "2025-01-01T00:00:00Z"),
    ],
)
def test_timestamp_text_is_read_as_utc_and_written_with_z(text: str, wire: str) -> None:
    status = TaskStatus.from_dict({"timestamp": text})
    assert status.timestamp is not None
    assert status.timestamp.tzinfo is timezone.utc
    assert status.to_dict() == {"timestamp": wire}
    assert format_timestamp(parse_timestamp(text)) == wire


@pytest.mark.parametrize(
    "text",
    [
        "2025-01-01",
        "2025-01-01T00:00:00",  # no offset
        "2025-01-01 00:00:00Z",
        "2025-01-01T00:00:00.1234567890Z",  # ten fraction digits
        "2025-13-01T00:00:00Z",
        "2025-02-30T00:00:00Z",
        "2025-01-01T24:00:00Z",
        "2025-01-01T00:00:00+24:00",
        "\uff12\uff10\uff12\uff15-01-01T00:00:00Z",  # full-width digits
        "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
        "9999-12-31T23:59:59-01:00",  # after year 9999 in UTC
        "",
    ],
)
def test_bad_timestamps_are_validation_errors(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        TaskStatus.from_dict({"timestamp": text})
    assert info.value.errors()[0]["loc"] == ("timestamp",)


def test_timestamp_of_a_wrong_type_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        TaskStatus.from_dict({"timestamp": 1735689600})
    with pytest.raises(ValidationError):
        TaskStatus.from_dict({"timestamp": {"seconds": 1}})


def test_datetime_objects_are_normalized_to_utc() -> None:
    local = datetime(2025, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=1)))
    assert TaskStatus(timestamp=local).to_dict() == {"timestamp": "2025-01-01T00:00:00Z"}
    naive = datetime(2025, 1, 1, 12, 0, 0, 1000)
    status = TaskStatus(timestamp=naive)
    assert status.timestamp is not None
    assert status.timestamp.tzinfo is timezone.utc
    assert status.to_dict() == {"timestamp": "2025-01-01T12:00:00.001Z"}
    with pytest.raises(ValidationError, match="out of range"):
        TaskStatus(timestamp=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=2))))


def test_format_timestamp_converts_aware_and_keeps_naive() -> None:
    aware = datetime(2025, 1, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))
    assert format_timestamp(aware) == "2025-01-01T00:00:00Z"
    assert format_timestamp(datetime(2025, 1, 1)) == "2025-01-01T00:00:00Z"


def test_utc_now_is_aware_and_millisecond_precise() -> None:
    now = utc_now()
    assert now.tzinfo is timezone.utc
    assert now.microsecond % 1000 == 0


def test_timestamp_filter_in_list_tasks_request() -> None:
    request = ListTasksRequest.from_dict({"statusTimestampAfter": "2025-06-01T12:00:00+02:00"})
    assert request.to_dict() == {"statusTimestampAfter": "2025-06-01T10:00:00Z"}


# --------------------------------------------------------------------------
# bytes: base64 in, standard padded base64 out


@pytest.mark.parametrize(
    "text",
    [
        "+/8=",  # standard, padded
        "+/8",  # standard, unpadded
        "-_8=",  # URL-safe, padded
        "-_8",  # URL-safe, unpadded
        " +/8= ",
    ],
)
def test_base64_alphabets_and_padding_are_accepted(text: str) -> None:
    part = Part.from_dict({"raw": text})
    assert part.raw == b"\xfb\xff"
    assert part.to_dict() == {"raw": "+/8="}


def test_base64_round_trips_every_byte() -> None:
    part = Part.from_bytes(bytes(range(256)))
    again = Part.from_json(part.to_json())
    assert again.raw == bytes(range(256))
    assert part.to_dict()["raw"].endswith("=")


@pytest.mark.parametrize("text", ["a", "ab!c", "ab=c", "@@@@", "abc=="])
def test_invalid_base64_is_rejected(text: str) -> None:
    with pytest.raises(ValidationError, match="invalid base64"):
        Part.from_dict({"raw": text})


def test_empty_bytes_are_present() -> None:
    part = Part.from_dict({"raw": ""})
    assert part.raw == b""
    assert part.kind == "raw"
    assert part.to_dict() == {"raw": ""}


def test_python_mode_dump_keeps_bytes() -> None:
    assert Part.from_bytes(b"\x00").model_dump()["raw"] == b"\x00"


# --------------------------------------------------------------------------
# int32


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        ("5", 5),
        ("-3", -3),
        ("007", 7),
        (7.0, 7),
        (1e3, 1000),
        (2**31 - 1, 2**31 - 1),
        (-(2**31), -(2**31)),
        (str(2**31 - 1), 2**31 - 1),
        (0, 0),
    ],
)
def test_int32_accepts_numbers_and_numeric_strings(value: Any, expected: int) -> None:
    request = GetTaskRequest.from_dict({"id": "t", "historyLength": value})
    assert request.history_length == expected
    wire = request.to_json()
    assert f'"historyLength":{expected}'.encode() in wire  # a number, never a string or float


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "boolean"),
        (False, "boolean"),
        (1.5, "fraction"),
        (float("inf"), "fraction"),
        (2**31, "int32 range"),
        (-(2**31) - 1, "int32 range"),
        (str(2**31), "int32 range"),
        ("1_000", "expected an integer"),
        (" 7", "expected an integer"),
        ("+5", "expected an integer"),
        ("1.0", "expected an integer"),
        ("٣", "expected an integer"),
        ("", "expected an integer"),
        ("seven", "expected an integer"),
    ],
)
def test_int32_rejects_what_is_not_an_int32(value: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        GetTaskRequest.from_dict({"historyLength": value})


def test_int32_rejects_other_json_types() -> None:
    with pytest.raises(ValidationError):
        GetTaskRequest.from_dict({"historyLength": [1]})
    with pytest.raises(ValidationError):
        GetTaskRequest.from_json(b'{"historyLength": {}}')


# --------------------------------------------------------------------------
# Enums: names on output; names and numbers on input


@pytest.mark.parametrize("member", list(TaskState))
def test_enum_numbers_are_accepted(member: TaskState) -> None:
    status = TaskStatus.from_json(json.dumps({"state": member.number}).encode())
    assert status.state is member
    expected = {} if member.number == 0 else {"state": member.value}
    assert status.to_dict() == expected


@pytest.mark.parametrize("member", list(Role))
def test_enum_names_round_trip(member: Role) -> None:
    message = Message.from_dict({"role": member.name})
    assert message.role is member
    assert member.number == list(Role).index(member)


@pytest.mark.parametrize("value", ["ROLE_ROBOT", "role_user", "user", "USER", 3, -1, True, 1.0])
def test_unknown_enum_names_and_numbers_are_rejected(value: Any) -> None:
    with pytest.raises(ValidationError) as info:
        Message.from_dict({"role": value})
    assert info.value.errors()[0]["loc"] == ("role",)
    assert "ROLE_USER" in str(info.value)  # the error lists the valid names


def test_enum_values_are_strings() -> None:
    assert TaskState.TASK_STATE_WORKING == "TASK_STATE_WORKING"
    assert TaskState.TASK_STATE_WORKING.is_terminal is False
    assert TaskState.TASK_STATE_CANCELED.is_terminal is True
    assert TaskState.TASK_STATE_AUTH_REQUIRED.is_interrupted is True
    assert TaskState.TASK_STATE_WORKING.is_interrupted is False


# --------------------------------------------------------------------------
# Struct / Value content: exact integers, floats kept floats, null kept


@pytest.mark.parametrize(
    "number",
    [2**53 - 1, 2**53, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64 + 1, 10**30 + 7],
)
def test_big_integers_are_kept_exactly(number: int) -> None:
    wire = json.dumps({"text": "x", "metadata": {"n": number, "l": [number]}}).encode()
    part = Part.from_json(wire)
    assert part.metadata == {"n": number, "l": [number]}
    out = part.to_json()
    assert str(number).encode() in out
    assert json.loads(out)["metadata"]["n"] == number
    data = Part.from_json(json.dumps({"data": number}).encode())
    assert data.to_json() == f'{{"data":{number}}}'.encode()


def test_integers_never_become_floats_and_floats_stay_floats() -> None:
    part = Part.from_json(b'{"data":{"i":1,"f":1.0,"e":1e2,"neg":-0.0,"z":0}}')
    out = json.loads(part.to_json())["data"]
    assert type(out["i"]) is int
    assert type(out["z"]) is int
    assert type(out["f"]) is float
    assert type(out["e"]) is float
    assert type(out["neg"]) is float
    assert part.to_json() == b'{"data":{"i":1,"f":1.0,"e":100.0,"neg":-0.0,"z":0}}'


def test_null_inside_struct_is_kept_and_null_field_means_unset() -> None:
    message = Message.from_json(b'{"metadata":{"a":null,"b":[null]},"contextId":null}')
    assert message.metadata == {"a": None, "b": [None]}
    assert message.to_dict() == {"metadata": {"a": None, "b": [None]}}
    assert Message.from_json(b'{"metadata":null}').to_dict() == {}


# --------------------------------------------------------------------------
# Text: non-ASCII kept raw in UTF-8, never \u-escaped


@pytest.mark.parametrize(
    "text", ["héllo", "日本語", "😀👍🏽", "\U0010fffd", "\u2028\u2029", "e\u0301", "\ufeff"]
)
def test_non_ascii_text_is_written_raw(text: str) -> None:
    wire = Part.from_text(text).to_json()
    assert wire == b'{"text":"' + text.encode() + b'"}'
    assert b"\\u" not in wire
    assert Part.from_json(wire).text == text


def test_control_characters_and_quotes_are_escaped() -> None:
    wire = Part.from_text('a"b\\c\nd\x00e\x1f').to_json()
    assert wire == b'{"text":"a\\"b\\\\c\\nd\\u0000e\\u001f"}'
    assert json.loads(wire)["text"] == 'a"b\\c\nd\x00e\x1f'


def test_non_ascii_map_keys_are_written_raw() -> None:
    message = Message(metadata={"ключ": "значение", "😀": 1})
    assert message.to_json() == '{"metadata":{"ключ":"значение","😀":1}}'.encode()


# --------------------------------------------------------------------------
# Names


@pytest.mark.parametrize(
    ("field", "json_name"),
    [
        ("message_id", "messageId"),
        ("reference_task_ids", "referenceTaskIds"),
        ("oauth2_security_scheme", "oauth2SecurityScheme"),
        ("list_", "list"),
        ("id", "id"),
        ("open_id_connect_url", "openIdConnectUrl"),
    ],
)
def test_proto_json_name(field: str, json_name: str) -> None:
    assert proto_json_name(field) == json_name
