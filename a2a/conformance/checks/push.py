"""Push notifications: config CRUD and delivery to the suite's own webhook receiver."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from a2a.conformance import convention
from a2a.conformance.context import NEUTRAL_TEXT, BindingContext, prerequisite
from a2a.conformance.registry import CheckSkipped, check, expect
from a2a.conformance.shapes import (
    STREAM_MEMBERS,
    TERMINAL,
    event_kind,
    event_state,
    event_task_id,
    matches,
    member,
    result_kind,
)
from a2a.conformance.webhook import Notification
from a2a.conformance.wire import Reply
from a2a.errors import InvalidParamsError, TaskNotFoundError

__all__: list[str] = []

#: How long the suite waits for notifications once the task is finished.
DELIVERY_WAIT = 10.0


def _refused(reply: Reply, url: str) -> CheckSkipped:
    if matches(reply.error, InvalidParamsError):
        host = urlsplit(url).netloc.rsplit(":", 1)[0]
        return CheckSkipped(
            f"the agent refused the suite's webhook URL on {host} as invalid (an SSRF guard "
            "refusing private addresses?): allow them while testing, or give a reachable "
            "address with --webhook-url"
        )
    return prerequisite("CreateTaskPushNotificationConfig", reply.describe())


async def _task(ctx: BindingContext) -> dict[str, Any]:
    """A task to attach configs to: one waiting for input, so it does not end meanwhile."""
    if ctx.convention:
        return await ctx.input_required_task()
    return await ctx.send_task(NEUTRAL_TEXT)


@dataclass
class Crud:
    task: dict[str, Any]
    created: list[Reply] = field(default_factory=list)
    got: Reply | None = None
    listed: Reply | None = None
    deleted: Reply | None = None
    got_after: Reply | None = None
    listed_after: Reply | None = None
    deleted_again: Reply | None = None


def _config_ids(reply: Reply | None) -> list[str]:
    configs = member(reply.result if reply else None, "configs", [])
    return [str(member(c, "id")) for c in configs or [] if isinstance(c, dict)]


async def _crud(ctx: BindingContext) -> Crud:
    async def make() -> Crud:
        receiver = await ctx.agent.receiver()
        task = await _task(ctx)
        run = Crud(task)
        for _ in range(2):
            _, url = receiver.new_hook()
            reply = await ctx.wire.call(
                "CreateTaskPushNotificationConfig", {"taskId": task["id"], "url": url}
            )
            if reply.error is not None:
                raise _refused(reply, url)
            run.created.append(reply)
        first, second = (str(member(r.result, "id") or "") for r in run.created)
        if not first or not second:
            raise prerequisite("config ids from CreateTaskPushNotificationConfig",
                               run.created[0].describe())  # fmt: skip
        task_id = task["id"]
        run.got = await ctx.wire.call(
            "GetTaskPushNotificationConfig", {"taskId": task_id, "id": second}
        )
        run.listed = await ctx.wire.call("ListTaskPushNotificationConfigs", {"taskId": task_id})
        gone = {"taskId": task_id, "id": first}
        run.deleted = await ctx.wire.call("DeleteTaskPushNotificationConfig", gone)
        run.got_after = await ctx.wire.call("GetTaskPushNotificationConfig", gone)
        run.listed_after = await ctx.wire.call(
            "ListTaskPushNotificationConfigs", {"taskId": task_id}
        )
        run.deleted_again = await ctx.wire.call("DeleteTaskPushNotificationConfig", gone)
        await ctx.wire.call("DeleteTaskPushNotificationConfig", {"taskId": task_id, "id": second})
        return run

    return await ctx.memo("push_crud", make)


@check("A2A-PUSH-CREATE-001", needs=("push",))
async def push_create(ctx: BindingContext) -> None:
    run = await _crud(ctx)
    for reply in run.created:
        config = reply.result
        expect(
            member(config, "id") and member(config, "url"),
            "the config with its id and url",
            reply.describe,
        )
    ids = [member(r.result, "id") for r in run.created]
    expect(ids[0] != ids[1], "a unique id for each of two configs created without one",
           f"both got id {ids[0]!r}: the second replaced the first")  # fmt: skip


@check("A2A-PUSH-GET-001", needs=("push",))
async def push_get(ctx: BindingContext) -> None:
    run = await _crud(ctx)
    assert run.got is not None
    want = member(run.created[1].result, "url")
    expect(
        run.got.ok and member(run.got.result, "url") == want,
        f"the config for {want}",
        run.got.describe,
    )


@check("A2A-PUSH-GET-002", needs=("push",))
async def push_get_unknown(ctx: BindingContext) -> None:
    run = await _crud(ctx)
    reply = await ctx.wire.call(
        "GetTaskPushNotificationConfig", {"taskId": run.task["id"], "id": ctx.unknown_id()}
    )
    ctx.expect_error(reply, TaskNotFoundError, "GetTaskPushNotificationConfig of an unknown id")


@check("A2A-PUSH-LIST-001", needs=("push",))
async def push_list(ctx: BindingContext) -> None:
    run = await _crud(ctx)
    want = {str(member(r.result, "id")) for r in run.created}
    assert run.listed is not None
    listed = set(_config_ids(run.listed))
    expect(run.listed.ok and want <= listed, f"configs {sorted(want)}", run.listed.describe)


@check("A2A-PUSH-DELETE-001", needs=("push",))
async def push_delete(ctx: BindingContext) -> None:
    run = await _crud(ctx)
    assert run.deleted is not None
    assert run.got_after is not None
    gone = str(member(run.created[0].result, "id"))
    expect(run.deleted.ok, "the delete to succeed", run.deleted.describe)
    expect(run.got_after.error is not None, f"config {gone} gone from Get", run.got_after.describe)
    expect(
        gone not in _config_ids(run.listed_after),
        f"config {gone} gone from List",
        lambda: run.listed_after.describe() if run.listed_after else "no answer",
    )


@check("A2A-PUSH-DELETE-002", needs=("push",))
async def push_delete_again(ctx: BindingContext) -> None:
    run = await _crud(ctx)
    assert run.deleted_again is not None
    expect(run.deleted_again.ok, "the second delete to succeed too", run.deleted_again.describe)


@check("A2A-PUSH-TASK-001", needs=("push",))
async def push_unknown_task(ctx: BindingContext) -> None:
    reply = await ctx.wire.call(
        "CreateTaskPushNotificationConfig",
        {"taskId": ctx.unknown_id(), "url": "https://example.com/a2a-conformance"},
    )
    ctx.expect_error(reply, TaskNotFoundError, "a config for an unknown task")


# -- delivery ------------------------------------------------------------------------


@dataclass
class Delivery:
    task_id: str
    credentials: str
    token: str
    notifications: list[Notification]


def _ends(task_id: str) -> Any:
    def done(got: list[Notification]) -> bool:
        return any(
            event_task_id(n.json) == task_id and event_state(n.json) in TERMINAL for n in got
        )

    return done


async def _delivery(ctx: BindingContext) -> Delivery:
    """A config on a waiting task, then the answer: what the webhook received."""

    async def make() -> Delivery:
        receiver = await ctx.agent.receiver()
        task = await ctx.input_required_task()
        name, url = receiver.new_hook()
        credentials, token = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        config = {
            "taskId": task["id"],
            "url": url,
            "token": token,
            "authentication": {"scheme": "Bearer", "credentials": credentials},
        }
        created = await ctx.wire.call("CreateTaskPushNotificationConfig", config)
        if created.error is not None:
            raise _refused(created, url)
        answered = await ctx.answer(task)
        kind, after = result_kind(answered.result)
        if kind != "task":
            raise prerequisite("the answer to the waiting task", answered.describe())
        await ctx.settle(after, until=TERMINAL)
        got = await receiver.wait(name, _ends(str(task["id"])), DELIVERY_WAIT)
        return Delivery(str(task["id"]), credentials, token, got)

    return await ctx.memo("push_delivery", make)


@check("A2A-PUSH-DELIVER-001", needs=("push", "convention"))
async def push_delivered(ctx: BindingContext) -> None:
    run = await _delivery(ctx)
    expect(run.notifications, f"a POST to the webhook within {DELIVERY_WAIT:g}s", "none")


@check("A2A-PUSH-PAYLOAD-001", needs=("push", "convention"))
async def push_payload(ctx: BindingContext) -> None:
    run = await _delivery(ctx)
    if not run.notifications:
        raise prerequisite("a notification", "none arrived")
    for note in run.notifications:
        body = note.json
        present = [k for k in STREAM_MEMBERS if isinstance(body, dict) and k in body]
        expect(
            len(present) == 1 and "jsonrpc" not in body, "one bare StreamResponse", note.text[:200]
        )
        expect(
            event_task_id(body) == run.task_id,
            f"a notification about task {run.task_id}",
            f"{event_kind(body)[0]} for {event_task_id(body)!r}",
        )


@check("A2A-PUSH-AUTH-001", needs=("push", "convention"))
async def push_authorization(ctx: BindingContext) -> None:
    run = await _delivery(ctx)
    if not run.notifications:
        raise prerequisite("a notification", "none arrived")
    for note in run.notifications:
        scheme, _, value = note.headers.get("authorization", "").partition(" ")
        expect(
            scheme.lower() == "bearer" and value == run.credentials,
            "Authorization: Bearer <the config's credentials>",
            f"Authorization: {'present, other value' if scheme else 'absent'}",
        )


@check("A2A-PUSH-TERMINAL-001", needs=("push", "convention"))
async def push_terminal(ctx: BindingContext) -> None:
    run = await _delivery(ctx)
    expect(
        _ends(run.task_id)(run.notifications),
        "a notification of the terminal state",
        f"states {[event_state(n.json) for n in run.notifications]}",
    )


@check("A2A-PUSH-TOKEN-001", needs=("push", "convention"))
async def push_token(ctx: BindingContext) -> None:
    run = await _delivery(ctx)
    if not run.notifications:
        raise prerequisite("a notification", "none arrived")
    tokens = {n.headers.get("x-a2a-notification-token") for n in run.notifications}
    expect(
        tokens == {run.token},
        "X-A2A-Notification-Token: <the config's token>",
        "absent" if tokens == {None} else "another value",
    )


@check("A2A-PUSH-INLINE-001", needs=("push", "convention"))
async def push_inline(ctx: BindingContext) -> None:
    receiver = await ctx.agent.receiver()
    name, url = receiver.new_hook()
    reply = await ctx.send(
        convention.artifacts(1), configuration={"taskPushNotificationConfig": {"url": url}}
    )
    if reply.error is not None:
        raise _refused(reply, url)
    kind, task = result_kind(reply.result)
    if kind != "task":
        raise prerequisite("a task for conformance:artifacts", reply.describe())
    await ctx.settle(task)
    got = await receiver.wait(name, _ends(str(member(task, "id"))), DELIVERY_WAIT)
    expect(got, f"a POST to the webhook given in SendMessage within {DELIVERY_WAIT:g}s", "none")
