"""Our 0.3 JSON, read and rewritten by a2a-sdk 0.3.26's own models, reads back unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from a2a.compat import v03
from a2a.operations import OPERATIONS_BY_METHOD as OP
from a2a.types import AgentCard
from tests.compat.test_v03 import CASES
from tests.compat.test_v03_card import CARD_03
from tests.interop.peers import run_json
from tests.interop.venvs import peer_python

pytestmark = pytest.mark.interop

# Runs in the SDK's environment (``-I``: never our own ``a2a`` from the working
# directory): validate each object with the named 0.3 model and dump it back.
ROUND_TRIP = """
import json, sys
from a2a import types
out = []
for name, data in json.load(sys.stdin):
    obj = getattr(types, name).model_validate(data)
    out.append(obj.model_dump(mode="json", by_alias=True, exclude_none=True))
print(json.dumps(out))
"""

# The 0.3 model of each operation's params and result (``None``: no params / null result).
MODELS = {
    "SendMessage": ("MessageSendParams", None),
    "SendStreamingMessage": ("MessageSendParams", "TaskArtifactUpdateEvent"),
    "GetTask": ("TaskQueryParams", "Task"),
    "CancelTask": ("TaskIdParams", "Task"),
    "SubscribeToTask": ("TaskIdParams", "Task"),
    "CreateTaskPushNotificationConfig": (
        "TaskPushNotificationConfig", "TaskPushNotificationConfig",
    ),
    "GetTaskPushNotificationConfig": (
        "GetTaskPushNotificationConfigParams", "TaskPushNotificationConfig",
    ),
    "ListTaskPushNotificationConfigs": ("ListTaskPushNotificationConfigParams", None),
    "DeleteTaskPushNotificationConfig": ("DeleteTaskPushNotificationConfigParams", None),
    "GetExtendedAgentCard": (None, "AgentCard"),
}  # fmt: skip


def through_sdk(items: list[tuple[str, Any]]) -> list[Any]:
    result: list[Any] = run_json(peer_python("a2a-sdk-03"), ["-I", "-c", ROUND_TRIP], items)
    return result


def test_every_operation_survives_the_sdk_models() -> None:
    items: list[tuple[str, Any]] = []
    expected: list[tuple[str, str, Any]] = []
    for method, (params_model, result_model) in MODELS.items():
        request, response = CASES[method]
        if params_model is not None:
            items.append((params_model, v03.request_to_v03(OP[method], request)))
            expected.append((method, "request", request))
        if result_model is not None:
            items.append((result_model, v03.response_to_v03(OP[method], response)))
            expected.append((method, "response", response))
    # message/send returns a Task or a Message: check the task form explicitly.
    send_response = CASES["SendMessage"][1]
    items.append(("Task", v03.response_to_v03(OP["SendMessage"], send_response)))
    expected.append(("SendMessage", "response", send_response))

    rewritten = through_sdk(items)
    assert len(rewritten) == len(expected)
    for data, (method, kind, original) in zip(rewritten, expected, strict=True):
        if kind == "request":
            assert v03.request_from_v03(OP[method], data) == original, method
        else:
            assert v03.response_from_v03(OP[method], data) == original, method


def test_cards_survive_the_sdk_models() -> None:
    card = v03.card_from_v03(CARD_03)
    hybrid_source = card.model_copy(deep=True)
    hybrid_source.supported_interfaces.insert(
        0,
        card.supported_interfaces[0].model_copy(
            update={"url": "https://a.test/v1", "protocol_version": "1.0"}
        ),
    )
    legacy, hybrid = through_sdk(
        [("AgentCard", v03.card_to_v03(card)), ("AgentCard", v03.hybrid_card(hybrid_source))]
    )
    assert v03.card_from_v03(legacy) == card
    # A 0.3 SDK keeps only the 0.3 half of a hybrid card; that half is the 0.3 card.
    assert v03.card_from_v03(hybrid) == card
    assert isinstance(AgentCard.model_validate(v03.hybrid_card(hybrid_source)), AgentCard)
