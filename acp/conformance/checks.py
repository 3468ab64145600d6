"""The ACP checks, one per requirement of :data:`~acp.conformance.requirements.ACP_REQUIREMENTS`."""

from __future__ import annotations

import re
from typing import Any

from a2a.conformance import convention
from a2a.conformance.registry import Registry, expect, fail, skip
from acp.conformance.context import (
    ENDING,
    FINAL,
    Answer,
    RunContext,
    prerequisite,
    user_input,
)
from acp.conformance.requirements import ACP_REQUIREMENTS

__all__ = ["ACP"]

ACP = Registry(
    ACP_REQUIREMENTS,
    needs={
        "agent": "the server lists no agent to test",
        "convention": "the agent's manifest does not advertise the behaviour convention "
        "(tag or capability a2a-conformance, see spec/conformance.md)",
    },
)
check = ACP.check

ERROR_CODES = frozenset({"server_error", "invalid_input", "not_found"})
ROLE = re.compile(r"^agent(/[a-zA-Z0-9_\-]+)?$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _run_of(answer: Answer) -> dict[str, Any]:
    return answer.body if isinstance(answer.body, dict) else {}


# -- discovery -------------------------------------------------------------------------


@check("ACP-PING-001")
async def ping(ctx: RunContext) -> None:
    answer = await ctx.get("ping")
    expect(answer.status == 200 and isinstance(answer.body, dict), "HTTP 200 {}", answer.describe)


@check("ACP-AGENTS-LIST-001")
async def list_agents(ctx: RunContext) -> None:
    answer = ctx.agents_answer or await ctx.get("agents")
    agents = answer.body.get("agents") if isinstance(answer.body, dict) else None
    expect(
        answer.status == 200
        and isinstance(agents, list)
        and all(isinstance(a, dict) and isinstance(a.get("name"), str) for a in agents),
        '{"agents": [AgentManifest, ...]}',
        answer.describe,
    )


@check("ACP-AGENTS-READ-001", needs=("agent",))
async def read_agent(ctx: RunContext) -> None:
    answer = await ctx.get(f"agents/{ctx.agent}")
    expect(
        answer.status == 200 and _run_of(answer).get("name") == ctx.agent,
        f"the manifest of {ctx.agent}",
        answer.describe,
    )


@check("ACP-AGENTS-READ-002")
async def read_unknown_agent(ctx: RunContext) -> None:
    answer = await ctx.get("agents/conformance-no-such-agent")
    ctx.expect_error(answer, 404, "not_found", "an unknown agent")


@check("ACP-MANIFEST-001", needs=("agent",))
async def manifest_fields(ctx: RunContext) -> None:
    manifest = ctx.manifest
    gaps = [
        name
        for name in ("input_content_types", "output_content_types")
        if not (isinstance(manifest.get(name), list) and manifest[name])
    ]
    if not isinstance(manifest.get("name"), str) or not manifest["name"]:
        gaps.insert(0, "name")
    expect(not gaps, "name and non-empty content type lists", f"missing {gaps}")


@check("ACP-MANIFEST-002", needs=("agent",))
async def manifest_description(ctx: RunContext) -> None:
    description = ctx.manifest.get("description")
    expect(isinstance(description, str) and description, "a description", repr(description))


# -- runs ------------------------------------------------------------------------------


async def _sync_run(ctx: RunContext) -> Answer:
    async def make() -> Answer:
        return await ctx.run(ctx.text(convention.artifacts(1)))

    return await ctx.memo("sync_run", make)


@check("ACP-RUN-SYNC-001", needs=("agent",))
async def sync_run(ctx: RunContext) -> None:
    answer = await _sync_run(ctx)
    run = _run_of(answer)
    expect(answer.status == 200, "HTTP 200", answer.describe)
    for name in ("run_id", "agent_name", "status"):
        expect(isinstance(run.get(name), str) and run[name], f"the run's {name}", answer.describe)
    expect(
        run.get("agent_name") == ctx.agent, f"agent_name {ctx.agent}", repr(run.get("agent_name"))
    )
    expect(
        run.get("status") in FINAL | {"awaiting"},
        "a finished (or awaiting) run",
        f"status {run.get('status')!r}",
    )
    expect(isinstance(run.get("output"), list), "an output list", answer.describe)


@check("ACP-RUN-ASYNC-001", needs=("agent",))
async def async_run(ctx: RunContext) -> None:
    answer = await ctx.run(ctx.text(convention.artifacts(1)), mode="async")
    run = _run_of(answer)
    expect(answer.status == 202 and run.get("run_id"), "HTTP 202 with the run", answer.describe)
    later = await ctx.wait_run(str(run["run_id"]), FINAL | {"awaiting"})
    expect(
        later.get("status") in FINAL | {"awaiting"},
        "the run to finish",
        f"status {later.get('status')!r}",
    )


async def _stream(ctx: RunContext) -> Any:
    async def make() -> Any:
        return await ctx.stream("runs", ctx.run_body(ctx.text(convention.artifacts(2)), "stream"))

    return await ctx.memo("stream", make)


@check("ACP-RUN-STREAM-001", needs=("agent",))
async def stream_run(ctx: RunContext) -> None:
    events = await _stream(ctx)
    types = events.types
    expect(
        events.answer is None and events.status == 200,
        "HTTP 200 text/event-stream",
        events.describe,
    )
    expect(types[:1] == ["run.created"], "run.created first", f"events {types}")
    expect(types and types[-1] in ENDING, "a final run event last", f"events {types}")
    expect(events.closed, "the stream to end after it", "it stayed open")


@check("ACP-RUN-HEADER-001", needs=("agent",))
async def run_id_header(ctx: RunContext) -> None:
    answer = await _sync_run(ctx)
    header = answer.headers.get("run-id")
    expect(
        header and header == _run_of(answer).get("run_id"),
        "Run-ID: <the run id>",
        f"Run-ID: {header!r}",
    )


@check("ACP-RUN-READ-001", needs=("agent",))
async def read_run(ctx: RunContext) -> None:
    run_id = _run_of(await _sync_run(ctx)).get("run_id")
    if not run_id:
        raise prerequisite("a run id", "none")
    answer = await ctx.get(f"runs/{run_id}")
    expect(
        answer.status == 200 and _run_of(answer).get("run_id") == run_id,
        f"the run {run_id}",
        answer.describe,
    )


@check("ACP-RUN-READ-002")
async def read_unknown_run(ctx: RunContext) -> None:
    answer = await ctx.get(f"runs/{ctx.unknown_id()}")
    ctx.expect_error(answer, 404, "not_found", "an unknown run")


@check("ACP-RUN-EVENTS-001", needs=("agent",))
async def run_events(ctx: RunContext) -> None:
    run = _run_of(await _sync_run(ctx))
    if run.get("status") not in FINAL:
        raise prerequisite("a finished run", f"status {run.get('status')!r}")
    answer = await ctx.get(f"runs/{run['run_id']}/events")
    events = answer.body.get("events") if isinstance(answer.body, dict) else None
    expect(answer.status == 200 and isinstance(events, list), '{"events": [...]}', answer.describe)
    assert isinstance(events, list)
    types = [e.get("type") if isinstance(e, dict) else None for e in events]
    expect(
        types[:1] == ["run.created"] and types[-1:] == [f"run.{run['status']}"],
        f"run.created ... run.{run['status']}",
        f"events {types}",
    )


@check("ACP-RUN-AGENT-001")
async def run_unknown_agent(ctx: RunContext) -> None:
    answer = await ctx.post(
        "runs", {"agent_name": "conformance-no-such-agent", "input": user_input("hi")}
    )
    ctx.expect_error(answer, 404, "not_found", "a run for an unknown agent")


@check("ACP-RUN-INVALID-001")
async def run_invalid(ctx: RunContext) -> None:
    answer = await ctx.post("runs", {"input": user_input("hi"), "mode": "sync"})
    ctx.expect_error(answer, (400, 422), "invalid_input", "a run without agent_name")


@check("ACP-RUN-MESSAGE-001", needs=("agent",))
async def output_messages(ctx: RunContext) -> None:
    run = _run_of(await _sync_run(ctx))
    for index, message in enumerate(run.get("output") or []):
        role = message.get("role") if isinstance(message, dict) else None
        expect(
            isinstance(role, str) and ROLE.match(role),
            "role agent or agent/{name}",
            f"output[{index}].role = {role!r}",
        )
        for number, part in enumerate(message.get("parts") or []):
            where = f"output[{index}].parts[{number}]"
            expect(
                isinstance(part, dict) and part.get("content_type"),
                "a content_type",
                f"{where} = {part!r}",
            )
            both = part.get("content") is not None and part.get("content_url") is not None
            expect(not both, "content or content_url, not both", f"{where} has both")


@check("ACP-RUN-TIME-001", needs=("agent",))
async def run_times(ctx: RunContext) -> None:
    run = _run_of(await _sync_run(ctx))
    for name in ("created_at", "finished_at"):
        value = run.get(name)
        if name == "finished_at" and run.get("status") not in FINAL:
            continue
        expect(
            isinstance(value, str) and DATE_TIME.match(value),
            f"{name} as an RFC 3339 date-time",
            repr(value),
        )


@check("ACP-ERROR-001")
async def error_body(ctx: RunContext) -> None:
    for answer in (await ctx.get(f"runs/{ctx.unknown_id()}"), await ctx.post("runs", {})):
        body = answer.body if isinstance(answer.body, dict) else {}
        expect(
            answer.status >= 400
            and body.get("code") in ERROR_CODES
            and isinstance(body.get("message"), str),
            '{"code": server_error|invalid_input|not_found, "message": ...}',
            answer.describe,
        )


@check("ACP-CTYPE-001")
async def content_type(ctx: RunContext) -> None:
    for answer in (await ctx.get("agents"), await ctx.get(f"runs/{ctx.unknown_id()}")):
        expect(
            answer.content_type == "application/json",
            "Content-Type application/json",
            repr(answer.headers.get("content-type")),
        )


# -- behaviour ------------------------------------------------------------------------


@check("ACP-ARTIFACT-001", needs=("agent", "convention"))
async def artifacts(ctx: RunContext) -> None:
    run = await ctx.finished_run(convention.artifacts(2))
    named = [p for m in run.get("output") or [] for p in m.get("parts") or [] if p.get("name")]
    expect(len(named) == 2, "2 named parts (conformance:artifacts 2)", f"{len(named)} named parts")


def _texts(values: list[Any]) -> list[str]:
    return [str(p.get("content")) for p in values if isinstance(p, dict) and p.get("content")]


@check("ACP-STREAM-PARTS-001", needs=("agent", "convention"))
async def stream_parts(ctx: RunContext) -> None:
    events = await _stream(ctx)
    streamed: list[str] = []
    for event in events.events:
        if isinstance(event, dict) and event.get("type") == "message.part":
            streamed += _texts([event.get("part")])
    final = next(
        (
            e.get("run")
            for e in events.events
            if isinstance(e, dict) and e.get("type") == "run.completed"
        ),
        None,
    )
    output = [p for m in (final or {}).get("output") or [] for p in m.get("parts") or []]
    if final is None:
        raise prerequisite("a run.completed event with the run", f"events {events.types}")
    missing = [t for t in _texts(output) if t not in streamed]
    expect(not missing, "every output part streamed as a message.part", f"not streamed: {missing}")


async def _awaiting(ctx: RunContext) -> dict[str, Any]:
    return await ctx.finished_run(convention.input_required(), want="awaiting")


@check("ACP-AWAIT-001", needs=("agent", "convention"))
async def await_request(ctx: RunContext) -> None:
    answer = await ctx.run(convention.input_required())
    run = _run_of(answer)
    request = run.get("await_request")
    expect(run.get("status") == "awaiting", "status awaiting", answer.describe)
    expect(
        isinstance(request, dict)
        and request.get("type") == "message"
        and isinstance(request.get("message"), dict),
        'an await_request {"type": "message", "message": ...}',
        repr(request),
    )


def _resume(text: str = "conformance answer") -> dict[str, Any]:
    message = user_input(text)[0]
    return {"await_resume": {"type": "message", "message": message}, "mode": "sync"}


@check("ACP-AWAIT-002", needs=("agent", "convention"))
async def resume(ctx: RunContext) -> None:
    run = await _awaiting(ctx)
    answer = await ctx.post(f"runs/{run['run_id']}", _resume(), timeout=ctx.options.timeout + 30)
    after = _run_of(answer)
    expect(after.get("run_id") == run["run_id"], f"the same run {run['run_id']}", answer.describe)
    expect(
        after.get("status") == "completed", "the run to complete", f"status {after.get('status')!r}"
    )


@check("ACP-AWAIT-003", needs=("agent", "convention"))
async def resume_finished(ctx: RunContext) -> None:
    run = await ctx.finished_run(convention.artifacts(1))
    answer = await ctx.post(f"runs/{run['run_id']}", _resume(), timeout=5)
    expect(400 <= answer.status < 500, "a 4xx refusal", answer.describe)


@check("ACP-AWAIT-004", needs=("agent", "convention"))
async def stream_stops_awaiting(ctx: RunContext) -> None:
    events = await ctx.stream("runs", ctx.run_body(convention.input_required(), "stream"))
    expect(
        events.types[-1:] == ["run.awaiting"] and events.closed,
        "the stream to end with run.awaiting",
        events.describe,
    )


@check("ACP-FAIL-001", needs=("agent", "convention"))
async def failed_run(ctx: RunContext) -> None:
    answer = await ctx.run(convention.fail())
    run = _run_of(answer)
    error = run.get("error")
    expect(run.get("status") == "failed", "status failed", answer.describe)
    expect(
        isinstance(error, dict) and error.get("code") and isinstance(error.get("message"), str),
        "an error with code and message",
        repr(error),
    )


async def _cancel(ctx: RunContext) -> tuple[Answer, dict[str, Any]]:
    answer = await ctx.run(convention.slow(5), mode="async")
    run = _run_of(answer)
    if answer.status != 202 or not run.get("run_id"):
        raise prerequisite("an async run of conformance:slow", answer.describe())
    await ctx.wait_run(str(run["run_id"]), frozenset({"in-progress"}) | FINAL, timeout=5)
    canceled = await ctx.post(f"runs/{run['run_id']}/cancel")
    return canceled, await ctx.wait_run(str(run["run_id"]), FINAL)


@check("ACP-CANCEL-001", needs=("agent", "convention"))
async def cancel(ctx: RunContext) -> None:
    answer, after = await _cancel(ctx)
    expect(
        answer.status == 202 and _run_of(answer).get("status") in ("cancelling", "cancelled"),
        "HTTP 202 with the run cancelling",
        answer.describe,
    )
    expect(
        after.get("status") == "cancelled",
        "the run to end cancelled",
        f"status {after.get('status')!r}",
    )


@check("ACP-CANCEL-002", needs=("agent", "convention"))
async def cancel_finished(ctx: RunContext) -> None:
    run = await ctx.finished_run(convention.artifacts(1))
    answer = await ctx.post(f"runs/{run['run_id']}/cancel")
    expect(400 <= answer.status < 500, "a 4xx refusal", answer.describe)


# -- sessions -------------------------------------------------------------------------


def _history(answer: Answer) -> list[Any]:
    history = answer.body.get("history") if isinstance(answer.body, dict) else None
    return history if isinstance(history, list) else []


@check("ACP-SESSION-001", needs=("agent",))
async def session(ctx: RunContext) -> None:
    run = _run_of(await _sync_run(ctx))
    session_id = run.get("session_id")
    if not session_id:
        fail("a session_id on the run", repr(session_id))
    answer = await ctx.get(f"sessions/{session_id}")
    expect(
        answer.status == 200 and _run_of(answer).get("id") == session_id,
        f"the session {session_id}",
        answer.describe,
    )


@check("ACP-SESSION-002", needs=("agent",))
async def session_history(ctx: RunContext) -> None:
    first = _run_of(await ctx.run(ctx.text(convention.artifacts(1))))
    session_id = first.get("session_id")
    if not session_id or first.get("status") != "completed":
        skip("needs a completed run with a session")
    before = _history(await ctx.get(f"sessions/{session_id}"))
    second = await ctx.run(ctx.text(convention.artifacts(1)), session_id=session_id)
    if _run_of(second).get("session_id") != session_id:
        fail(f"the second run in session {session_id}", second.describe())
    after = _history(await ctx.get(f"sessions/{session_id}"))
    expect(
        len(after) > len(before),
        "a longer history after the second run",
        f"{len(before)} then {len(after)} entries",
    )


@check("ACP-SESSION-003")
async def unknown_session(ctx: RunContext) -> None:
    answer = await ctx.get(f"sessions/{ctx.unknown_id()}")
    ctx.expect_error(answer, 404, "not_found", "an unknown session")
