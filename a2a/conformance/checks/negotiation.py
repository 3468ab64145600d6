"""Version and extension negotiation, and capability gating (A2A §3.3.4, §3.6, §4.6)."""

from __future__ import annotations

from a2a.conformance import convention
from a2a.conformance.context import NEUTRAL_TEXT, BindingContext, user_message
from a2a.conformance.registry import check, expect, skip
from a2a.conformance.shapes import matches, member
from a2a.conformance.wire import Reply
from a2a.errors import (
    ExtensionSupportRequiredError,
    MethodNotFoundError,
    PushNotificationNotSupportedError,
    UnsupportedOperationError,
    VersionNotSupportedError,
)
from a2a.protocol.negotiation import EXTENSIONS_HEADER, VERSION_HEADER, parse_extensions

__all__: list[str] = []

#: An extension no agent declares.
UNKNOWN_EXTENSION = "https://a2a-lib.dev/conformance/unknown-extension/v1"


async def _probe(ctx: BindingContext, **options: object) -> Reply:
    """GetTask of an unknown task: harmless, and every agent answers it."""
    return await ctx.wire.call("GetTask", {"id": ctx.unknown_id()}, **options)  # type: ignore[arg-type]


@check("A2A-VER-UNSUPPORTED-001")
async def unsupported_version(ctx: BindingContext) -> None:
    reply = await _probe(ctx, headers={VERSION_HEADER: "99.0"})
    ctx.expect_error(reply, VersionNotSupportedError, "A2A-Version: 99.0")


@check("A2A-VER-PATCH-001")
async def patch_version(ctx: BindingContext) -> None:
    reply = await _probe(ctx, headers={VERSION_HEADER: "1.0.9"})
    expect(
        not matches(reply.error, VersionNotSupportedError),
        "A2A-Version: 1.0.9 served as 1.0",
        reply.describe,
    )


@check("A2A-VER-ABSENT-001")
async def absent_version(ctx: BindingContext) -> None:
    reply = await _probe(ctx, headers={VERSION_HEADER: None})
    expect(
        matches(reply.error, VersionNotSupportedError) or matches(reply.error, MethodNotFoundError),
        "VersionNotSupportedError (a 1.0-only agent) or a 0.3 answer (MethodNotFound)",
        reply.describe,
    )


@check("A2A-VER-QUERY-001")
async def version_query(ctx: BindingContext) -> None:
    reply = await _probe(ctx, headers={VERSION_HEADER: None}, query={VERSION_HEADER: "1.0"})
    expect(
        not matches(reply.error, VersionNotSupportedError)
        and not matches(reply.error, MethodNotFoundError),
        "?A2A-Version=1.0 served as 1.0",
        reply.describe,
    )


def _text(ctx: BindingContext) -> str:
    return convention.message() if ctx.convention else NEUTRAL_TEXT


@check("A2A-EXT-REQUIRED-001", needs=("required_extension",))
async def required_extension(ctx: BindingContext) -> None:
    reply = await ctx.send(_text(ctx), headers={EXTENSIONS_HEADER: None})
    ctx.expect_error(reply, ExtensionSupportRequiredError, "SendMessage without A2A-Extensions")


@check("A2A-EXT-UNKNOWN-001")
async def unknown_extension(ctx: BindingContext) -> None:
    active = [*ctx.agent.required_extensions, UNKNOWN_EXTENSION]
    reply = await _probe(ctx, headers={EXTENSIONS_HEADER: ", ".join(active)})
    plain = await _probe(ctx)
    expect(
        type(reply.error) is type(plain.error) and reply.status == plain.status,
        f"the same answer as without {UNKNOWN_EXTENSION}",
        f"{reply.describe()} (without it: {plain.describe()})",
    )


@check("A2A-EXT-ECHO-001", needs=("extension",))
async def echo_extensions(ctx: BindingContext) -> None:
    declared = [str(e.get("uri")) for e in ctx.agent.extensions]
    reply = await ctx.send(_text(ctx), headers={EXTENSIONS_HEADER: ", ".join(declared)})
    if reply.error is not None:
        skip(f"SendMessage with the extensions activated failed: {reply.describe()}")
    echoed = parse_extensions(reply.headers.get_list(EXTENSIONS_HEADER))
    expect(
        set(echoed) & set(declared),
        f"{EXTENSIONS_HEADER} naming an activated extension",
        f"{EXTENSIONS_HEADER}: {echoed or 'absent'}",
    )


# -- capability gating ------------------------------------------------------------------


async def _some_task_id(ctx: BindingContext) -> str:
    """The id of a real task when the agent makes one, else an unknown id."""
    reply = await ctx.send(convention.artifacts(1) if ctx.convention else NEUTRAL_TEXT)
    task = member(reply.result, "task")
    return str(member(task, "id") or ctx.unknown_id())


@check("A2A-CAP-PUSH-001", unless=("push",))
async def push_gated(ctx: BindingContext) -> None:
    task_id = await _some_task_id(ctx)
    calls = {
        "CreateTaskPushNotificationConfig": {"taskId": task_id, "url": "https://example.com/hook"},
        "GetTaskPushNotificationConfig": {"taskId": task_id, "id": "conformance"},
        "ListTaskPushNotificationConfigs": {"taskId": task_id},
        "DeleteTaskPushNotificationConfig": {"taskId": task_id, "id": "conformance"},
    }
    for method, params in calls.items():
        reply = await ctx.wire.call(method, params)
        ctx.expect_error(reply, PushNotificationNotSupportedError, method)


@check("A2A-CAP-STREAM-001", unless=("streaming",))
async def streaming_gated(ctx: BindingContext) -> None:
    task_id = await _some_task_id(ctx)
    for method, params in (
        ("SendStreamingMessage", {"message": user_message(_text(ctx))}),
        ("SubscribeToTask", {"id": task_id}),
    ):
        reply = await ctx.wire.stream(method, params, timeout=ctx.options.timeout)
        ctx.expect_error(reply, UnsupportedOperationError, method)


@check("A2A-CAP-EXTCARD-001", unless=("extended_card",))
async def extended_card_gated(ctx: BindingContext) -> None:
    reply = await ctx.wire.call("GetExtendedAgentCard", {})
    ctx.expect_error(reply, UnsupportedOperationError, "GetExtendedAgentCard")
