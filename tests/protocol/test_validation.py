"""Untrusted params to typed requests, or -32602 with one violation per field."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from a2a.errors import InvalidParamsError
from a2a.protocol import parse_params, validation_error
from a2a.types import GetTaskRequest, SendMessageRequest, TaskPushNotificationConfig


def test_valid_params_are_parsed() -> None:
    assert parse_params(GetTaskRequest, {"id": "t", "historyLength": "2"}) == GetTaskRequest(
        id="t", history_length=2
    )


def test_null_params_mean_an_empty_object() -> None:
    with pytest.raises(InvalidParamsError) as info:
        parse_params(GetTaskRequest, None)
    assert info.value.field_violations == [("id", "required field is missing or empty")]


@pytest.mark.parametrize("data", [[], "x", 1, True])
def test_params_that_are_not_an_object(data: Any) -> None:
    with pytest.raises(InvalidParamsError) as info:
        parse_params(GetTaskRequest, data, prefix="params")
    assert info.value.field_violations == [("params", "expected a JSON object")]


def test_type_errors_name_each_field_with_camel_case_paths() -> None:
    data = {
        "message": {
            "message_id": "m",
            "role": "ROLE_NOPE",
            "parts": [{"text": "ok"}, {"text": "a", "url": "b"}],
        },
        "configuration": {"historyLength": 1.5},
    }
    with pytest.raises(InvalidParamsError) as info:
        parse_params(SendMessageRequest, data)
    fields = [field for field, _ in info.value.field_violations]
    assert fields == ["message.role", "message.parts[1]", "configuration.historyLength"]
    messages = dict(info.value.field_violations)
    assert "exactly one of text, raw, url or data" in messages["message.parts[1]"]
    assert not messages["message.parts[1]"].startswith("Value error")
    assert "got a fraction" in messages["configuration.historyLength"]
    assert "1.5" not in str(info.value.to_jsonrpc())  # the offending input is not echoed


def test_prefix_is_prepended_to_every_path() -> None:
    with pytest.raises(InvalidParamsError) as info:
        parse_params(TaskPushNotificationConfig, {"token": 5}, prefix="params")
    assert [f for f, _ in info.value.field_violations] == ["params.token"]
    with pytest.raises(InvalidParamsError) as info:
        parse_params(TaskPushNotificationConfig, {"taskId": "t"}, prefix="params")
    assert info.value.field_violations == [("params.url", "required field is missing or empty")]


def test_model_level_errors_get_the_prefix_as_their_path() -> None:
    from a2a.types import Part

    with pytest.raises(ValidationError) as info:
        Part.from_dict({})
    assert validation_error(info.value, prefix="part").field_violations[0][0] == "part"
    assert validation_error(info.value).field_violations[0][0] == ""
    assert validation_error(info.value).code == -32602


def test_null_fields_are_read_as_defaults() -> None:
    request = parse_params(
        SendMessageRequest,
        {
            "tenant": None,
            "message": {
                "messageId": "m",
                "role": "ROLE_USER",
                "contextId": None,
                "parts": [{"text": "x", "mediaType": None}],
            },
        },
    )
    assert request.tenant == ""
    assert request.message.context_id == ""
    assert request.message.parts[0].media_type == ""
