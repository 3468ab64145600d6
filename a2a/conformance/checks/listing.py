"""ListTasks: fields, order, pages, filters, artifacts, page size, caller scope (A2A §3.1.4)."""

from __future__ import annotations

import uuid
from typing import Any

from a2a.conformance import convention
from a2a.conformance.context import NEUTRAL_TEXT, BindingContext, prerequisite
from a2a.conformance.registry import check, expect, fail, skip
from a2a.conformance.shapes import artifacts_of, matches, member, state_of
from a2a.conformance.wire import Reply
from a2a.errors import InvalidParamsError

__all__: list[str] = []


async def _list(ctx: BindingContext, **params: Any) -> dict[str, Any]:
    reply = await ctx.wire.call("ListTasks", params)
    if reply.error is not None or not isinstance(reply.result, dict):
        raise prerequisite("ListTasks", reply.describe())
    return reply.result


def _tasks(page: dict[str, Any]) -> list[dict[str, Any]]:
    tasks = member(page, "tasks", [])
    return [t for t in tasks if isinstance(t, dict)] if isinstance(tasks, list) else []


def _ids(page: dict[str, Any]) -> list[str]:
    return [str(member(t, "id")) for t in _tasks(page)]


async def _setup(ctx: BindingContext) -> list[dict[str, Any]]:
    """Three finished tasks created one after the other in one context of their own."""

    async def make() -> list[dict[str, Any]]:
        text = convention.artifacts(1) if ctx.convention else NEUTRAL_TEXT
        first = await ctx.settle(await ctx.send_task(text))
        context = str(member(first, "contextId") or "")
        if not context:
            raise prerequisite("a contextId on the task", "none")
        tasks = [first]
        for _ in range(2):
            task = await ctx.settle(await ctx.send_task(text, context_id=context))
            if member(task, "contextId") != context:
                raise prerequisite(
                    "a new task in an existing context (contextId without taskId)",
                    f"contextId {member(task, 'contextId')!r}",
                )
            tasks.append(task)
        return tasks

    return await ctx.memo("list_setup", make)


@check("A2A-LIST-FIELDS-001")
async def list_fields(ctx: BindingContext) -> None:
    pages = [
        await ctx.wire.call("ListTasks", {"pageSize": 1}),
        await ctx.wire.call("ListTasks", {"contextId": f"conformance-empty-{uuid.uuid4()}"}),
    ]
    for reply in pages:
        if reply.error is not None:
            raise prerequisite("ListTasks", reply.describe())
        page = reply.result if isinstance(reply.result, dict) else {}
        wanted = {"tasks": list, "nextPageToken": str, "pageSize": int, "totalSize": int}
        missing = [k for k, t in wanted.items() if not isinstance(page.get(k), t)]
        expect(
            not missing,
            "tasks, nextPageToken, pageSize and totalSize",
            f"missing {missing} in {reply.text[:160]!r}",
        )


@check("A2A-LIST-ORDER-001")
async def list_order(ctx: BindingContext) -> None:
    tasks = await _setup(ctx)
    context = member(tasks[0], "contextId")
    ids = _ids(await _list(ctx, contextId=context))
    newest_first = [str(t["id"]) for t in reversed(tasks)]
    shown = [i for i in ids if i in newest_first]
    expect(shown == newest_first, f"newest first: {newest_first}", f"{shown}")


@check("A2A-LIST-PAGE-001")
async def list_pages(ctx: BindingContext) -> None:
    tasks = await _setup(ctx)
    context = member(tasks[0], "contextId")
    seen: list[str] = []
    token = ""
    for _ in range(len(tasks) + 2):
        params: dict[str, Any] = {"contextId": context, "pageSize": 1}
        if token:
            params["pageToken"] = token
        page = await _list(ctx, **params)
        ids = _ids(page)
        expect(len(ids) <= 1, "at most 1 task per page with pageSize 1", f"{len(ids)} tasks")
        seen += ids
        token = str(member(page, "nextPageToken") or "")
        if not token:
            break
    else:
        fail('nextPageToken "" on the last page', "more pages than tasks")
    wanted = sorted(str(t["id"]) for t in tasks)
    expect(sorted(seen) == wanted, f"each of the {len(wanted)} tasks once", f"{seen}")


@check("A2A-LIST-FILTER-001")
async def list_context_filter(ctx: BindingContext) -> None:
    tasks = await _setup(ctx)
    context = member(tasks[0], "contextId")
    page = await _list(ctx, contextId=context)
    others = [member(t, "contextId") for t in _tasks(page) if member(t, "contextId") != context]
    expect(not others, f"only tasks of context {context}", f"contexts {others}")
    expect(
        set(_ids(page)) >= {str(t["id"]) for t in tasks}, "the context's 3 tasks", f"{_ids(page)}"
    )


@check("A2A-LIST-STATUS-001")
async def list_status_filter(ctx: BindingContext) -> None:
    tasks = await _setup(ctx)
    context, state = member(tasks[0], "contextId"), state_of(tasks[0])
    if state is None:
        raise prerequisite("a task state", "none")
    same = await _list(ctx, contextId=context, status=state.value)
    wrong = [member(t, "id") for t in _tasks(same) if state_of(t) is not state]
    expect(not wrong, f"only {state.value} tasks", f"other states in {wrong}")
    expect(str(tasks[0]["id"]) in _ids(same), f"task {tasks[0]['id']}", f"{_ids(same)}")
    other = "TASK_STATE_WORKING" if state.value != "TASK_STATE_WORKING" else "TASK_STATE_FAILED"
    none = await _list(ctx, contextId=context, status=other)
    expect(
        not set(_ids(none)) & {str(t["id"]) for t in tasks},
        f"none of our tasks for {other}",
        f"{_ids(none)}",
    )


@check("A2A-LIST-ARTIFACTS-001")
async def list_without_artifacts(ctx: BindingContext) -> None:
    tasks = await _setup(ctx)
    page = await _list(ctx, contextId=member(tasks[0], "contextId"))
    with_field = [member(t, "id") for t in _tasks(page) if "artifacts" in t]
    expect(not with_field, "no artifacts field", f"artifacts on {with_field}")


@check("A2A-LIST-ARTIFACTS-002", needs=("convention",))
async def list_with_artifacts(ctx: BindingContext) -> None:
    tasks = await _setup(ctx)
    page = await _list(ctx, contextId=member(tasks[0], "contextId"), includeArtifacts=True)
    bare = [member(t, "id") for t in _tasks(page) if not artifacts_of(t)]
    expect(not bare, "each task's artifact", f"no artifacts on {bare}")


@check("A2A-LIST-PAGESIZE-001")
async def list_page_size(ctx: BindingContext) -> None:
    for size in (101, -1):
        reply: Reply = await ctx.wire.call("ListTasks", {"pageSize": size})
        expect(
            matches(reply.error, InvalidParamsError),
            f"a validation error for pageSize {size}",
            reply.describe,
        )


@check("A2A-LIST-SCOPE-001", needs=("auth", "second"))
async def list_scope(ctx: BindingContext) -> None:
    mine = await ctx.completed_task()
    reply = await ctx.second().call("ListTasks", {"pageSize": 100})
    if reply.error is not None:
        skip(f"the second caller cannot list tasks: {reply.describe()}")
    page = reply.result if isinstance(reply.result, dict) else {}
    expect(
        str(mine["id"]) not in _ids(page),
        "none of the first caller's tasks",
        f"task {mine['id']} listed",
    )
