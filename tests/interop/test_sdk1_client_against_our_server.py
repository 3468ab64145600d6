"""The official a2a-sdk 1.x client runs a full scenario against `a2a serve examples/echo.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interop.peers import DRIVERS, run_json

pytestmark = pytest.mark.interop


@pytest.mark.parametrize("binding", ["JSONRPC", "HTTP+JSON"])
def test_sdk_client_scenario(sdk1_python: Path, echo_server: str, binding: str) -> None:
    seen = run_json(
        sdk1_python, [str(DRIVERS / "sdk1_client.py")], {"url": echo_server, "binding": binding}
    )

    assert seen["send"] == {
        "kinds": ["task"],
        "state": "TASK_STATE_COMPLETED",
        "artifact": "echo: hello",
        "history": 1,
    }
    stream = seen["stream"]
    assert stream["kinds"][0] == "task"
    assert stream["kinds"][1:] == [
        "status_update",
        "artifact_update",
        "artifact_update",
        "status_update",
    ]
    assert stream["last_state"] == "TASK_STATE_COMPLETED"
    assert stream["artifact"] == "echo: stream me"

    assert seen["get"]["state"] == "TASK_STATE_COMPLETED"
    assert seen["get"]["history"] == 0  # historyLength=0 drops the history

    listing = seen["list"]
    assert listing["total"] >= 2
    assert listing["next"] is True
    assert listing["page1"]
    assert listing["page2"]
    assert listing["page1"] != listing["page2"]

    cancel = seen["cancel"]
    assert cancel["immediate_state"] in ("TASK_STATE_SUBMITTED", "TASK_STATE_WORKING")
    assert cancel["state"] == "TASK_STATE_CANCELED"
    assert cancel["subscribe_kinds"][0] == "task"
    assert cancel["subscribe_states"][-1] == "TASK_STATE_CANCELED"

    assert seen["errors"] == {
        "get_unknown": "TaskNotFoundError",
        "cancel_completed": "TaskNotCancelableError",
    }
