"""Every requirement the ACP conformance suite checks, declared once.

Ids are ``ACP-<GROUP>-<NAME>-NNN``.  Sections name the part of ACP's
OpenAPI document (``i-am-bee/acp`` ``docs/spec/openapi.yaml``, version 0.2.0)
the rule comes from; ``SDK`` marks behaviour of the reference ``acp-sdk``
1.0.3 that deployed clients rely on (``spec/acp.md`` §2).  ACP has one
binding, so every requirement is checked once per run, on the agent tested.
"""

from __future__ import annotations

from a2a.conformance.requirements import Level, Requirement, Scope

__all__ = ["ACP_REQUIREMENTS"]

MUST, SHOULD, MAY = Level.MUST, Level.SHOULD, Level.MAY


def _r(id: str, level: Level, section: str, title: str) -> Requirement:
    return Requirement(id, level, section, title, Scope.AGENT, ("ACP",))


ACP_REQUIREMENTS: tuple[Requirement, ...] = (
    # -- discovery ---------------------------------------------------------------------
    _r("ACP-PING-001", MUST, "GET /ping", "GET /ping answers 200 with a JSON object"),
    _r("ACP-AGENTS-LIST-001", MUST, "GET /agents",
       "GET /agents answers {\"agents\": [...]} with a manifest, named, per agent"),
    _r("ACP-AGENTS-READ-001", MUST, "GET /agents/{name}",
       "GET /agents/{name} answers that agent's manifest"),
    _r("ACP-AGENTS-READ-002", MUST, "GET /agents/{name} (404)",
       "An unknown agent name is answered 404 with error code not_found"),
    _r("ACP-MANIFEST-001", MUST, "AgentManifest",
       "A manifest has a name and non-empty input_content_types and output_content_types"),
    _r("ACP-MANIFEST-002", SHOULD, "AgentManifest", "A manifest has a description"),
    # -- runs --------------------------------------------------------------------------
    _r("ACP-RUN-SYNC-001", MUST, "POST /runs (sync)",
       "A sync run answers 200 with the finished run: run_id, agent_name, status, output"),
    _r("ACP-RUN-ASYNC-001", MUST, "POST /runs (async)",
       "An async run answers 202 with the run, which GET /runs/{run_id} later shows finished"),
    _r("ACP-RUN-STREAM-001", MUST, "POST /runs (stream), Event",
       "A stream run answers text/event-stream: run.created first, the terminal run event "
       "last, then the stream ends"),
    _r("ACP-RUN-HEADER-001", MAY, "SDK", "POST /runs answers with a Run-ID header naming the run"),
    _r("ACP-RUN-READ-001", MUST, "GET /runs/{run_id}", "GET /runs/{run_id} answers the run"),
    _r("ACP-RUN-READ-002", MUST, "GET /runs/{run_id} (404)",
       "An unknown run id is answered 404 with error code not_found"),
    _r("ACP-RUN-EVENTS-001", MUST, "GET /runs/{run_id}/events",
       "The events of a finished run go from run.created to its terminal event, in order"),
    _r("ACP-RUN-AGENT-001", MUST, "POST /runs (404)",
       "A run for an unknown agent is answered 404 with error code not_found"),
    _r("ACP-RUN-INVALID-001", MUST, "POST /runs (422)",
       "A run request without agent_name is refused (4xx) with error code invalid_input"),
    _r("ACP-RUN-MESSAGE-001", MUST, "Message, MessagePart",
       "Output messages have role agent or agent/{name}; every part has a content_type and "
       "never both content and content_url"),
    _r("ACP-RUN-TIME-001", MUST, "Run",
       "created_at and finished_at are RFC 3339 date-times; a finished run has finished_at"),
    _r("ACP-ERROR-001", MUST, "Error",
       "Error bodies are {\"code\", \"message\"} with code server_error, invalid_input or "
       "not_found"),
    _r("ACP-CTYPE-001", MUST, "responses", "JSON answers have Content-Type application/json"),
    # -- behaviour (the convention) ----------------------------------------------------
    _r("ACP-ARTIFACT-001", MUST, "MessagePart (artifact)",
       "Artifacts an agent produces are parts with a name in the run's output"),
    _r("ACP-STREAM-PARTS-001", MUST, "MessagePartEvent",
       "A stream carries the parts of the output as message events"),
    _r("ACP-AWAIT-001", MUST, "RunStatus awaiting, AwaitRequest",
       "A run waiting for input answers status awaiting with an await_request"),
    _r("ACP-AWAIT-002", MUST, "POST /runs/{run_id}",
       "Resuming an awaiting run with await_resume continues the same run to its end"),
    _r("ACP-AWAIT-003", SHOULD, "POST /runs/{run_id}",
       "Resuming a run that is not awaiting is refused (4xx)"),
    _r("ACP-AWAIT-004", MUST, "POST /runs (stream)",
       "A stream ends after run.awaiting"),
    _r("ACP-FAIL-001", MUST, "RunStatus failed, Error",
       "A run whose agent fails ends failed, with an error of code and message"),
    _r("ACP-CANCEL-001", MUST, "POST /runs/{run_id}/cancel",
       "Cancelling a running run answers 202 with the run, which ends cancelled"),
    _r("ACP-CANCEL-002", SHOULD, "POST /runs/{run_id}/cancel",
       "Cancelling a completed run is refused (4xx)"),
    # -- sessions ----------------------------------------------------------------------
    _r("ACP-SESSION-001", MUST, "Run.session_id, GET /sessions/{session_id}",
       "A run has a session_id, and GET /sessions/{session_id} answers that session"),
    _r("ACP-SESSION-002", SHOULD, "Session.history",
       "A second run in the same session adds to the session's history"),
    _r("ACP-SESSION-003", MUST, "GET /sessions/{session_id} (404)",
       "An unknown session id is answered 404 with error code not_found"),
)  # fmt: skip
