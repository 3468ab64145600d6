"""Authentication, per-caller isolation and the extended card (A2A §7, §3.1.11)."""

from __future__ import annotations

import contextlib

import httpx
import pytest

from a2a.errors import TaskNotFoundError, UnsupportedOperationError
from tests.server.conftest import EXTENDED, Servers
from tests.support.wire import Wire, WireError, user_message

ALICE = {"X-API-Key": "alice-key"}
BOB = {"X-API-Key": "bob-key"}
CAROL = {"Authorization": "Bearer carol-token"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}],
)
async def test_missing_or_bad_credentials_get_401(
    http: httpx.AsyncClient, servers: Servers, headers: dict[str, str]
) -> None:
    base = {"A2A-Version": "1.0", **headers}
    payload = {"jsonrpc": "2.0", "id": 1, "method": "ListTasks", "params": {}}
    for response in (
        await http.post(servers.secured + "/", json=payload, headers=base),
        await http.get(servers.secured + "/rest/tasks", headers=base),
    ):
        assert response.status_code == 401
        challenges = response.headers.get_list("www-authenticate")
        assert challenges
        assert response.json()["error"]["status"] == "UNAUTHENTICATED"
        assert "wrong" not in response.text  # credentials never echoed


async def test_card_stays_public(http: httpx.AsyncClient, servers: Servers) -> None:
    response = await http.get(servers.secured + "/.well-known/agent-card.json")
    assert response.status_code == 200


async def test_callers_never_see_each_others_tasks(
    http: httpx.AsyncClient, binding: str, servers: Servers
) -> None:
    alice = Wire(http, servers.secured, binding, headers=ALICE)
    bob = Wire(http, servers.secured, binding, headers=BOB)
    carol = Wire(http, servers.secured, binding, headers=CAROL)
    task = (await alice.call("SendMessage", {"message": user_message("ask")}))["task"]
    assert (await alice.call("GetTask", {"id": task["id"]}))["id"] == task["id"]

    for intruder in (bob, carol):
        for method, params in [
            ("GetTask", {"id": task["id"]}),
            ("CancelTask", {"id": task["id"]}),
            ("SendMessage", {"message": user_message("hi", taskId=task["id"])}),
        ]:
            with pytest.raises(WireError) as caught:
                await intruder.call(method, params)
            assert isinstance(caught.value.error, TaskNotFoundError), method
        with pytest.raises(WireError) as caught:
            await intruder.stream("SubscribeToTask", {"id": task["id"]})
        assert isinstance(caught.value.error, TaskNotFoundError)
        listed = await intruder.call("ListTasks", {})
        assert task["id"] not in [t["id"] for t in listed["tasks"]]

    # Alice's task was not disturbed by any of that.
    still = await alice.call("GetTask", {"id": task["id"]})
    assert still["status"]["state"] == "TASK_STATE_INPUT_REQUIRED"


async def test_extended_card_needs_authentication(
    http: httpx.AsyncClient, binding: str, servers: Servers
) -> None:
    card = await Wire(http, servers.secured, binding, headers=CAROL).call("GetExtendedAgentCard")
    assert card["name"] == EXTENDED.name
    # Without the capability, the operation is unsupported.
    with pytest.raises(WireError) as caught:
        await Wire(http, servers.echo, binding).call("GetExtendedAgentCard")
    assert isinstance(caught.value.error, UnsupportedOperationError)


async def test_credentials_never_reach_the_logs(
    http: httpx.AsyncClient, servers: Servers, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    for headers in (ALICE, CAROL, {"X-API-Key": "stolen-key-123"}):
        wire = Wire(http, servers.secured, "JSONRPC", headers=headers)
        with contextlib.suppress(WireError):
            await wire.call("SendMessage", {"message": user_message("crash")})
        await http.get(servers.secured + "/rest/tasks", headers={"A2A-Version": "1.0", **headers})
    for secret in ("alice-key", "carol-token", "stolen-key-123"):
        assert secret not in caplog.text
