"""Binding framing: JSON-RPC 2.0 envelopes and errors, HTTP+JSON errors, SSE framing."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from a2a.conformance.checks.fixtures import task_stream
from a2a.conformance.context import BindingContext
from a2a.conformance.registry import check, expect, fail
from a2a.conformance.shapes import ERROR_INFO, STREAM_MEMBERS, rest_forms
from a2a.conformance.wire import REST_CONTENT_TYPE, Reply
from a2a.errors import (
    A2A_ERROR_DOMAIN,
    InvalidParamsError,
    TaskNotFoundError,
    VersionNotSupportedError,
)
from a2a.protocol.negotiation import VERSION_HEADER

__all__: list[str] = []


async def _pair(ctx: BindingContext) -> tuple[Reply, Reply]:
    """A success and an A2A error answer (TaskNotFound), fresh."""
    ok, bad = await asyncio.gather(
        ctx.wire.call("ListTasks", {"pageSize": 1}),
        ctx.wire.call("GetTask", {"id": ctx.unknown_id()}),
    )
    return ok, bad


def _error_member(reply: Reply) -> dict[str, Any]:
    body = reply.body
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


# -- JSON-RPC -------------------------------------------------------------------------


def _envelope_problem(reply: Reply) -> str | None:
    body = reply.body
    if not isinstance(body, dict):
        return f"not a JSON object: {reply.describe()}"
    if body.get("jsonrpc") != "2.0":
        return f"jsonrpc = {body.get('jsonrpc')!r}"
    if "id" not in body or body["id"] != reply.request_id:
        return f"id {body.get('id')!r} for request id {reply.request_id!r}"
    present = [k for k in ("result", "error") if k in body]
    if len(present) != 1:
        return f"members {present or 'none'} of result/error"
    return None


@check("A2A-JSONRPC-ENVELOPE-001")
async def envelope(ctx: BindingContext) -> None:
    for reply in await _pair(ctx):
        problem = _envelope_problem(reply)
        expect(problem is None, "a JSON-RPC 2.0 response to the request", str(problem))


@check("A2A-JSONRPC-CTYPE-001")
async def jsonrpc_content_type(ctx: BindingContext) -> None:
    for reply in await _pair(ctx):
        expect(
            reply.content_type == "application/json",
            "Content-Type application/json",
            repr(reply.headers.get("content-type")),
        )


def _code(reply: Reply) -> Any:
    return _error_member(reply).get("code")


@check("A2A-JSONRPC-PARSE-001")
async def parse_error(ctx: BindingContext) -> None:
    reply = await ctx.wire.post_raw(b'{"jsonrpc": "2.0", "id": 1, "method": "GetTask", "par')
    body = reply.body if isinstance(reply.body, dict) else {}
    expect(
        _code(reply) == -32700 and "id" in body and body["id"] is None,
        "error -32700 with id null",
        lambda: _short(reply),
    )


@check("A2A-JSONRPC-REQUEST-001")
async def invalid_request(ctx: BindingContext) -> None:
    reply = await ctx.wire.post_raw(json.dumps({"jsonrpc": "2.0", "id": 7, "params": {}}).encode())
    expect(
        _code(reply) == -32600, "error -32600 for a request without method", lambda: _short(reply)
    )


@check("A2A-JSONRPC-METHOD-001")
async def unknown_method(ctx: BindingContext) -> None:
    reply = await ctx.wire.call("ConformanceNoSuchMethod", {})
    expect(_code(reply) == -32601, "error -32601", lambda: _short(reply))


def _short(reply: Reply) -> str:
    return f"HTTP {reply.status}: {reply.text[:200]!r}"


@check("A2A-JSONRPC-ERRDATA-001")
async def error_data(ctx: BindingContext) -> None:
    _, bad = await _pair(ctx)
    invalid = await ctx.wire.call("SendMessage", {})
    for reply in (bad, invalid):
        error = _error_member(reply)
        if "data" not in error:
            continue
        data = error["data"]
        expect(
            isinstance(data, list)
            and all(isinstance(d, dict) and isinstance(d.get("@type"), str) for d in data),
            "error.data as an array of objects with @type",
            f"error.data = {json.dumps(data)[:200]}",
        )


def _has_info(details: Any, reason: str | None) -> bool:
    """Whether ``details`` holds an A2A ErrorInfo (with ``reason``, when given)."""
    return isinstance(details, list) and any(
        isinstance(d, dict)
        and d.get("@type") == ERROR_INFO
        and isinstance(d.get("reason"), str)
        and (reason is None or d.get("reason") == reason)
        and d.get("domain") == A2A_ERROR_DOMAIN
        for d in details
    )


@check("A2A-JSONRPC-ERRINFO-001")
async def jsonrpc_error_info(ctx: BindingContext) -> None:
    _, bad = await _pair(ctx)
    data = _error_member(bad).get("data")
    expect(
        _has_info(data, "TASK_NOT_FOUND"),
        "an ErrorInfo with reason TASK_NOT_FOUND, domain a2a-protocol.org",
        f"error = {json.dumps(_error_member(bad))[:200]}",
    )


@check("A2A-JSONRPC-SSE-001", needs=("streaming",))
async def jsonrpc_events(ctx: BindingContext) -> None:
    stream = await task_stream(ctx)
    for index, event in enumerate(stream.events):
        data = event.json
        ok = (
            isinstance(data, dict)
            and data.get("jsonrpc") == "2.0"
            and data.get("id") == stream.request_id
            and ("result" in data) != ("error" in data)
        )
        expect(
            ok,
            f"event {index + 1}: a JSON-RPC response with id {stream.request_id}",
            event.data[:200],
        )


# -- HTTP+JSON ------------------------------------------------------------------------


async def _rest_errors(ctx: BindingContext) -> list[Reply]:
    """A2A errors: TaskNotFound, and VersionNotSupported."""
    return list(
        await asyncio.gather(
            ctx.wire.call("GetTask", {"id": ctx.unknown_id()}),
            ctx.wire.call("GetTask", {"id": ctx.unknown_id()}, headers={VERSION_HEADER: "99.0"}),
        )
    )


@check("A2A-REST-ERROR-001")
async def rest_status_body(ctx: BindingContext) -> None:
    replies = await _rest_errors(ctx)
    replies.append(await ctx.wire.call("SendMessage", {}))
    for reply in replies:
        if reply.status < 400:
            continue  # the missing error is judged by the operation's own check
        error = _error_member(reply)
        ok = (
            isinstance(error.get("code"), int)
            and isinstance(error.get("status"), str)
            and isinstance(error.get("message"), str)
        )
        expect(ok, '{"error": {"code", "status", "message"}}', _short(reply))


@check("A2A-REST-ERRINFO-001")
async def rest_error_info(ctx: BindingContext) -> None:
    # Which reason each error carries is judged by the operation checks (they decode by it).
    for reply in await _rest_errors(ctx):
        if reply.status < 400:
            continue
        details = _error_member(reply).get("details")
        if isinstance(details, list):
            untyped = [d for d in details if not (isinstance(d, dict) and "@type" in d)]
            expect(not untyped, "@type on every detail", f"{json.dumps(untyped)[:200]}")
        expect(
            _has_info(details, None),
            "an ErrorInfo with a reason and domain a2a-protocol.org",
            _short(reply),
        )


@check("A2A-REST-STATUS-001")
async def rest_statuses(ctx: BindingContext) -> None:
    not_found, version = await _rest_errors(ctx)
    invalid = await ctx.wire.call("SendMessage", {})
    for reply, cls in (
        (not_found, TaskNotFoundError),
        (version, VersionNotSupportedError),
        (invalid, InvalidParamsError),
    ):
        if not isinstance(reply.error, cls):
            continue  # another answer (or error) is judged by the operation's own check
        statuses = sorted(rest_forms(cls)[0])
        expect(reply.status in statuses, f"HTTP {' or '.join(map(str, statuses))} for "
               f"{cls.__name__}", f"HTTP {reply.status}")  # fmt: skip


@check("A2A-REST-CTYPE-001")
async def rest_content_type(ctx: BindingContext) -> None:
    ok = await ctx.wire.call("ListTasks", {"pageSize": 1})
    not_found = await ctx.wire.call("GetTask", {"id": ctx.unknown_id()})
    for reply in (ok, not_found):
        expect(
            reply.content_type == REST_CONTENT_TYPE,
            f"Content-Type {REST_CONTENT_TYPE}",
            repr(reply.headers.get("content-type")),
        )


@check("A2A-REST-SSE-001", needs=("streaming",))
async def rest_events(ctx: BindingContext) -> None:
    stream = await task_stream(ctx)
    for index, event in enumerate(stream.events):
        data = event.json
        ok = (
            isinstance(data, dict)
            and "jsonrpc" not in data
            and any(k in data for k in (*STREAM_MEMBERS, "error"))
        )
        expect(ok, f"event {index + 1}: a bare StreamResponse", event.data[:200])


@check("A2A-REST-SUBSCRIBE-001", needs=("streaming", "convention"))
async def rest_subscribe_verbs(ctx: BindingContext) -> None:
    task = await ctx.input_required_task()
    for verb in ("POST", "GET"):
        async with ctx.wire.open_stream("SubscribeToTask", {"id": task["id"]}, verb=verb) as opened:
            if opened.reply.reply is not None:
                fail(f"an event stream for {verb}", opened.reply.describe())
            try:
                first = await opened.next(3.0)
            except asyncio.TimeoutError:
                first = None
            expect(first is not None, f"an event for {verb}", "no event")
