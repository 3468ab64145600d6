"""Authentication and authorization: refusals, challenges, and isolation between callers."""

from __future__ import annotations

import base64
from typing import Any

from a2a.conformance.context import BindingContext, user_message
from a2a.conformance.registry import check, expect, skip
from a2a.conformance.shapes import matches, member, state_of
from a2a.conformance.wire import Wire
from a2a.errors import AuthenticationError, TaskNotFoundError

__all__: list[str] = []


def _invalid_headers(ctx: BindingContext) -> dict[str, str]:
    """Credentials of the right shape but wrong value: the caller's, spoiled, or made up."""
    if ctx.options.headers:
        return {name: value + "-conformance-invalid" for name, value in ctx.options.headers.items()}
    schemes = member(ctx.agent.card_json, "securitySchemes", {}) or {}
    for scheme in schemes.values() if isinstance(schemes, dict) else []:
        api_key = member(scheme, "apiKeySecurityScheme")
        if isinstance(api_key, dict) and api_key.get("location") == "header":
            return {str(api_key.get("name") or "X-API-Key"): "conformance-invalid"}
        http = member(scheme, "httpAuthSecurityScheme")
        if isinstance(http, dict) and str(http.get("scheme", "")).lower() == "basic":
            return {"Authorization": "Basic " + base64.b64encode(b"invalid:invalid").decode()}
    return {"Authorization": "Bearer conformance-invalid"}


@check("A2A-AUTH-REJECT-001", needs=("auth",))
async def reject_anonymous(ctx: BindingContext) -> None:
    reply = await ctx.anonymous().call("ListTasks", {"pageSize": 1})
    expect(reply.error is not None, "a refusal of ListTasks without credentials", reply.describe)


@check("A2A-AUTH-INVALID-001", needs=("auth",))
async def reject_invalid(ctx: BindingContext) -> None:
    wire = ctx.anonymous().with_headers(_invalid_headers(ctx))
    reply = await wire.call("ListTasks", {"pageSize": 1})
    expect(
        reply.error is not None, "a refusal of ListTasks with invalid credentials", reply.describe
    )


@check("A2A-AUTH-CHALLENGE-001", needs=("auth",))
async def challenge(ctx: BindingContext) -> None:
    reply = await ctx.anonymous().call("ListTasks", {"pageSize": 1})
    expect(
        reply.status == 401 and reply.headers.get("www-authenticate"),
        "HTTP 401 with WWW-Authenticate",
        f"HTTP {reply.status}, WWW-Authenticate {reply.headers.get('www-authenticate')!r}",
    )


async def _foreign_calls(ctx: BindingContext, intruder: Wire, task: dict[str, Any]) -> None:
    task_id = str(task["id"])
    calls: list[tuple[str, Any]] = [
        ("GetTask", await intruder.call("GetTask", {"id": task_id})),
        ("CancelTask", await intruder.call("CancelTask", {"id": task_id})),
        (
            "SendMessage",
            await intruder.call(
                "SendMessage", {"message": user_message("intrusion", taskId=task_id)}
            ),
        ),
    ]
    if "streaming" in ctx.agent.features():
        calls.append(
            (
                "SubscribeToTask",
                await intruder.stream("SubscribeToTask", {"id": task_id}, timeout=5),
            )
        )
    for method, reply in calls:
        expect(
            matches(reply.error, TaskNotFoundError),
            f"TaskNotFoundError for {method} of another caller's task",
            reply.describe,
        )


@check("A2A-AUTH-SCOPE-001", needs=("auth", "second"))
async def foreign_tasks(ctx: BindingContext) -> None:
    task = await ctx.input_required_task() if ctx.convention else await ctx.completed_task()
    probe = await ctx.second().call("ListTasks", {"pageSize": 1})
    if isinstance(probe.error, AuthenticationError):
        skip(f"the second caller's credentials are refused: {probe.describe()}")
    await _foreign_calls(ctx, ctx.second(), task)
    after = await ctx.wire.call("GetTask", {"id": task["id"]})
    expect(
        state_of(after.result) is state_of(task),
        "the owner's task left as it was",
        f"state {state_of(after.result)}",
    )


@check("A2A-AUTH-EXTCARD-001", needs=("extended_card",))
async def extended_card_needs_auth(ctx: BindingContext) -> None:
    reply = await ctx.anonymous().call("GetExtendedAgentCard", {})
    expect(reply.error is not None, "a refusal without credentials", reply.describe)
