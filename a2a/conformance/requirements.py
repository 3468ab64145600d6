"""Every requirement the A2A conformance suite checks, declared once.

Each row has a stable id (``A2A-<GROUP>-<NAME>-NNN``), the RFC 2119 level the
specification gives it, the section it comes from and a one-line title.
Checks register against these ids (:mod:`a2a.conformance.registry`); the
runner, the reports, the CLI, the pytest plugin and ``spec/conformance.md``
all read this table.  Ids never change meaning: a rule that changes gets a new
id and the old one is retired.

Sections are those of the A2A 1.0.1 specification (``docs/specification.md``)
unless the section names another document: ``JSON-RPC 2.0`` for the JSON-RPC
specification and ``signed-envelope`` for ``spec/signed-envelope.md``.

``scope`` says whether a requirement is checked once per agent (the card,
its signatures) or once per binding the card declares; ``bindings`` limits a
requirement to some bindings (the JSON-RPC framing rules do not apply to
HTTP+JSON).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "BINDINGS",
    "REQUIREMENTS",
    "REQUIREMENTS_BY_ID",
    "Level",
    "Requirement",
    "Scope",
]

#: The bindings the suite drives, by their ``protocolBinding`` names.
BINDINGS = ("JSONRPC", "HTTP+JSON")


class Level(str, enum.Enum):
    """The requirement level (RFC 2119), ordered from strongest to weakest."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    MAY = "MAY"

    @property
    def rank(self) -> int:
        return ("MUST", "SHOULD", "MAY").index(self.value)

    def within(self, limit: Level) -> bool:
        """Whether this level is selected by ``--level limit`` (``should`` keeps MUST too)."""
        return self.rank <= limit.rank


class Scope(str, enum.Enum):
    AGENT = "agent"
    BINDING = "binding"


@dataclass(frozen=True)
class Requirement:
    id: str
    level: Level
    section: str
    title: str
    scope: Scope = Scope.BINDING
    bindings: tuple[str, ...] = BINDINGS

    @property
    def group(self) -> str:
        """``A2A-CORE-SEND-001`` → ``CORE``."""
        return self.id.split("-")[1]


MUST, SHOULD, MAY = Level.MUST, Level.SHOULD, Level.MAY
AGENT = Scope.AGENT
JSONRPC = ("JSONRPC",)
REST = ("HTTP+JSON",)


def _r(
    id: str,
    level: Level,
    section: str,
    title: str,
    scope: Scope = Scope.BINDING,
    bindings: tuple[str, ...] = BINDINGS,
) -> Requirement:
    return Requirement(id, level, section, title, scope, bindings)


REQUIREMENTS: tuple[Requirement, ...] = (
    # -- Discovery and the Agent Card ------------------------------------------------
    _r("A2A-CARD-FETCH-001", MUST, "8.2, 14.3",
       "The Agent Card is served at /.well-known/agent-card.json: HTTP 200 with a JSON object",
       AGENT),
    _r("A2A-CARD-FIELDS-001", MUST, "4.4.1, 5.7",
       "The card has every REQUIRED field: name, description, version, supportedInterfaces, "
       "capabilities, defaultInputModes, defaultOutputModes, skills (each with id, name, "
       "description and tags)", AGENT),
    _r("A2A-CARD-IFACE-001", MUST, "4.4.6, 8.3.1",
       "Every supportedInterfaces entry has a url, a protocolBinding and a protocolVersion",
       AGENT),
    _r("A2A-CARD-IFACE-002", MUST, "3.6, 8.3.1",
       "At least one interface speaks protocol version 1.0", AGENT),
    _r("A2A-CARD-VERSION-001", SHOULD, "3.6",
       "protocolVersion values are Major.Minor, without a patch number", AGENT),
    _r("A2A-CARD-CACHE-001", SHOULD, "8.6",
       "The card is served with Cache-Control and a max-age", AGENT),
    _r("A2A-CARD-ETAG-001", SHOULD, "8.6", "The card is served with an ETag", AGENT),
    _r("A2A-CARD-REVALIDATE-001", MAY, "8.6",
       "A request with If-None-Match and the card's ETag is answered 304 Not Modified", AGENT),
    _r("A2A-CARD-EXTENDED-001", MUST, "3.1.11",
       "With credentials, GetExtendedAgentCard returns an Agent Card"),
    # -- Agent Card signatures (when the card is signed) ----------------------------
    _r("A2A-SIG-CARD-001", MUST, "8.4.1, 8.4.3",
       "A card signature verifies over the RFC 8785 canonical card, with the key its "
       "header names", AGENT),
    _r("A2A-SIG-CARD-002", MUST, "8.4.2",
       "Every signature's protected header carries alg and kid", AGENT),
    _r("A2A-SIG-CARD-003", SHOULD, "8.4.2", "Every signature's protected header has typ JOSE",
       AGENT),
    # -- Data model on the wire (ProtoJSON) -------------------------------------------
    _r("A2A-DM-CAMEL-001", MUST, "5.5",
       "Field names are lowerCamelCase (contextId, not context_id)"),
    _r("A2A-DM-ENUM-001", MUST, "5.5",
       "Enum values are their proto names (TASK_STATE_COMPLETED, ROLE_AGENT), never "
       "UNSPECIFIED"),
    _r("A2A-DM-KIND-001", MUST, "A.2.1",
       "No object carries the 0.3 kind discriminator"),
    _r("A2A-DM-ONEOF-001", MUST, "3.2.3, 4.1.6",
       "SendMessageResponse, StreamResponse and Part set exactly one of their members"),
    _r("A2A-DM-REQUIRED-001", MUST, "5.7",
       "Tasks, messages, artifacts and events carry their REQUIRED fields; required arrays "
       "are not empty"),
    _r("A2A-DM-TIMESTAMP-001", MUST, "5.6.1",
       "Timestamps are ISO 8601 in UTC with a Z suffix"),
    _r("A2A-DM-TIMESTAMP-002", SHOULD, "5.6.1", "Timestamps have millisecond precision"),
    _r("A2A-DM-DEFAULTS-001", SHOULD, "5.7",
       "Fields holding their default value are left out (no \"taskId\": \"\", no null)"),
    # -- JSON-RPC binding --------------------------------------------------------------
    _r("A2A-JSONRPC-ENVELOPE-001", MUST, "9.3; JSON-RPC 2.0 §5",
       "Every answer is a JSON-RPC 2.0 response: jsonrpc \"2.0\", the request's id, and "
       "exactly one of result and error", bindings=JSONRPC),
    _r("A2A-JSONRPC-CTYPE-001", MUST, "9.1",
       "Answers have Content-Type application/json", bindings=JSONRPC),
    _r("A2A-JSONRPC-PARSE-001", MUST, "9.5; JSON-RPC 2.0 §5.1",
       "A body that is not JSON is answered with -32700 and a null id", bindings=JSONRPC),
    _r("A2A-JSONRPC-REQUEST-001", MUST, "9.5; JSON-RPC 2.0 §5.1",
       "JSON that is not a request object is answered with -32600", bindings=JSONRPC),
    _r("A2A-JSONRPC-METHOD-001", MUST, "9.5; JSON-RPC 2.0 §5.1",
       "An unknown method is answered with -32601", bindings=JSONRPC),
    _r("A2A-JSONRPC-ERRDATA-001", MUST, "9.5",
       "error.data, when present, is an array of objects that each carry @type",
       bindings=JSONRPC),
    _r("A2A-JSONRPC-ERRINFO-001", SHOULD, "9.5",
       "A2A errors carry a google.rpc.ErrorInfo (reason, domain a2a-protocol.org) in "
       "error.data", bindings=JSONRPC),
    _r("A2A-JSONRPC-SSE-001", MUST, "9.4.2",
       "Every event of a stream is a complete JSON-RPC response with the request's id",
       bindings=JSONRPC),
    # -- HTTP+JSON binding -------------------------------------------------------------
    _r("A2A-REST-ERROR-001", MUST, "11.6",
       "Errors are a google.rpc.Status object: error.code, error.status and error.message",
       bindings=REST),
    _r("A2A-REST-ERRINFO-001", MUST, "11.6",
       "A2A errors carry a google.rpc.ErrorInfo detail (reason, domain a2a-protocol.org); "
       "every detail carries @type", bindings=REST),
    _r("A2A-REST-STATUS-001", MUST, "5.4, 11.6",
       "HTTP statuses follow the error mapping (TaskNotFound 404, validation 400 ...)",
       bindings=REST),
    _r("A2A-REST-CTYPE-001", SHOULD, "11.1",
       "Answers have Content-Type application/a2a+json", bindings=REST),
    _r("A2A-REST-SSE-001", MUST, "11.7",
       "Every event of a stream is a bare StreamResponse, not a JSON-RPC envelope",
       bindings=REST),
    _r("A2A-REST-SUBSCRIBE-001", SHOULD, "11.3.2",
       "SubscribeToTask is served for POST (specification text) and GET (a2a.proto)",
       bindings=REST),
    # -- Versions and extensions -------------------------------------------------------
    _r("A2A-VER-UNSUPPORTED-001", MUST, "3.6.2",
       "A request for an unsupported A2A-Version is refused with VersionNotSupportedError"),
    _r("A2A-VER-PATCH-001", MUST, "3.6",
       "A patch number in A2A-Version is ignored: 1.0.9 is served as 1.0"),
    _r("A2A-VER-ABSENT-001", SHOULD, "3.6.2",
       "A request without A2A-Version is read as 0.3: a 1.0 method is not served with 1.0 "
       "semantics"),
    _r("A2A-VER-QUERY-001", MAY, "3.6.1",
       "A2A-Version is accepted as a query parameter"),
    _r("A2A-EXT-REQUIRED-001", MUST, "3.3.4, 4.6.3",
       "A request that does not activate a required extension is refused with "
       "ExtensionSupportRequiredError"),
    _r("A2A-EXT-UNKNOWN-001", SHOULD, "4.6.3",
       "An unknown extension URI in A2A-Extensions is ignored"),
    _r("A2A-EXT-ECHO-001", SHOULD, "4.6",
       "Activated extensions are echoed in the A2A-Extensions response header"),
    # -- Capability gating ---------------------------------------------------------------
    _r("A2A-CAP-PUSH-001", MUST, "3.3.4",
       "Without the pushNotifications capability, push config operations fail with "
       "PushNotificationNotSupportedError"),
    _r("A2A-CAP-STREAM-001", MUST, "3.3.4",
       "Without the streaming capability, SendStreamingMessage and SubscribeToTask fail "
       "with UnsupportedOperationError"),
    _r("A2A-CAP-EXTCARD-001", MUST, "3.3.4",
       "Without the extendedAgentCard capability, GetExtendedAgentCard fails with "
       "UnsupportedOperationError"),
    # -- Messages and tasks --------------------------------------------------------------
    _r("A2A-CORE-SEND-001", MUST, "3.1.1", "SendMessage answers with a Task or a Message"),
    _r("A2A-CORE-SEND-002", MUST, "3.2.2",
       "A blocking send returns once the task is terminal or interrupted, with all its "
       "artifacts"),
    _r("A2A-CORE-SEND-003", MUST, "3.2.2",
       "With returnImmediately the task is returned while still in progress"),
    _r("A2A-CORE-SEND-004", MUST, "3.1.1",
       "A message to a task in a terminal state is refused with UnsupportedOperationError"),
    _r("A2A-CORE-SEND-005", MUST, "3.1.2, 3.4.2",
       "A message naming an unknown taskId is refused with TaskNotFoundError"),
    _r("A2A-CORE-MESSAGE-001", MUST, "3.1.1, 4.1.4",
       "A direct reply is a Message with role ROLE_AGENT, a messageId and parts"),
    _r("A2A-CORE-CONTEXT-001", MUST, "3.4.1",
       "A message without contextId gets a generated contextId in the reply"),
    _r("A2A-CORE-CONTEXT-002", MUST, "3.4.1",
       "A client-provided contextId is kept (or refused with an error), never replaced"),
    _r("A2A-CORE-INPUT-001", MUST, "3.4.2",
       "A task in INPUT_REQUIRED takes the answer sent with its taskId and continues"),
    _r("A2A-CORE-MULTI-001", MUST, "3.4.2",
       "A message with only a taskId inherits the task's contextId"),
    _r("A2A-CORE-MULTI-002", MUST, "3.4.2",
       "A message whose contextId differs from its task's is refused"),
    _r("A2A-CORE-GET-001", MUST, "3.1.3", "GetTask returns the task with its status"),
    _r("A2A-CORE-GET-002", MUST, "3.1.3",
       "GetTask of an unknown task is refused with TaskNotFoundError"),
    _r("A2A-CORE-HIST-001", MUST, "3.2.4", "historyLength 0 returns no history messages"),
    _r("A2A-CORE-HIST-002", MUST, "3.2.4",
       "historyLength N returns at most the N most recent messages"),
    _r("A2A-CORE-HIST-003", SHOULD, "3.2.4", "With historyLength 0 the history field is left out"),
    _r("A2A-CORE-CANCEL-001", MUST, "3.1.5",
       "CancelTask on a working task returns it, and the task ends CANCELED"),
    _r("A2A-CORE-CANCEL-002", MUST, "3.1.5",
       "CancelTask on a completed task is refused with TaskNotCancelableError"),
    _r("A2A-CORE-CANCEL-003", MUST, "3.1.5",
       "CancelTask of an unknown task is refused with TaskNotFoundError"),
    _r("A2A-CORE-CANCEL-004", MUST, "3.3.1",
       "Cancel is idempotent: repeating it leaves the task CANCELED"),
    _r("A2A-CORE-FAIL-001", SHOULD, "4.1.3",
       "A task whose work fails ends in TASK_STATE_FAILED and is reported as a task"),
    _r("A2A-CORE-VALIDATION-001", MUST, "3.3.2",
       "Invalid input (SendMessage without a message) is refused with a validation error "
       "(-32602 or HTTP 400)"),
    _r("A2A-CORE-VALIDATION-002", SHOULD, "3.3.2",
       "The validation error names the field (google.rpc.BadRequest fieldViolations)"),
    # -- ListTasks ---------------------------------------------------------------------
    _r("A2A-LIST-FIELDS-001", MUST, "3.1.4",
       "The answer always has tasks, nextPageToken (\"\" on the last page), pageSize and "
       "totalSize"),
    _r("A2A-LIST-ORDER-001", MUST, "3.1.4", "Tasks are sorted by last update, newest first"),
    _r("A2A-LIST-PAGE-001", MUST, "3.1.4",
       "pageSize and nextPageToken page through the tasks without gaps or repeats"),
    _r("A2A-LIST-FILTER-001", MUST, "3.1.4",
       "The contextId filter returns that context's tasks only"),
    _r("A2A-LIST-STATUS-001", MUST, "3.1.4", "The status filter returns tasks in that state only"),
    _r("A2A-LIST-ARTIFACTS-001", MUST, "3.1.4",
       "Without includeArtifacts the tasks have no artifacts field"),
    _r("A2A-LIST-ARTIFACTS-002", SHOULD, "3.1.4",
       "With includeArtifacts the tasks carry their artifacts"),
    _r("A2A-LIST-PAGESIZE-001", SHOULD, "3.1.4",
       "A pageSize outside 1..100 is refused with a validation error"),
    _r("A2A-LIST-SCOPE-001", MUST, "3.1.4, 13.1", "Another caller's tasks are never listed"),
    # -- Streaming -----------------------------------------------------------------------
    _r("A2A-STREAM-CTYPE-001", MUST, "9.4.2, 11.7",
       "Streams are HTTP 200 with Content-Type text/event-stream"),
    _r("A2A-STREAM-FIRST-001", MUST, "3.1.2", "A task stream begins with the Task"),
    _r("A2A-STREAM-MESSAGE-001", MUST, "3.1.2",
       "A direct reply streams exactly one Message, then the stream closes"),
    _r("A2A-STREAM-CLOSE-001", MUST, "3.1.2",
       "The stream closes once the task reaches a terminal state, after the event that "
       "says so"),
    _r("A2A-STREAM-ORDER-001", MUST, "3.5.2",
       "States never move backwards in a stream: nothing returns to SUBMITTED, nothing "
       "follows a terminal state"),
    _r("A2A-STREAM-IDS-001", MUST, "4.2.1, 4.2.2",
       "Every event names the stream's task and context"),
    _r("A2A-STREAM-ARTIFACTS-001", MUST, "3.1.2, 4.2.2",
       "Every artifact the agent produces is streamed as an artifactUpdate"),
    _r("A2A-STREAM-CHUNKS-001", MUST, "4.2.2",
       "A chunked artifact streams its first chunk without append, later chunks with "
       "append and the last with lastChunk; the task holds every chunk"),
    _r("A2A-STREAM-FEEDBACK-001", MUST, "3.1.2",
       "The first event arrives while the task is still in progress"),
    _r("A2A-STREAM-UNKNOWN-001", MUST, "3.1.2",
       "Streaming a message for an unknown taskId is refused with TaskNotFoundError"),
    _r("A2A-STREAM-ERRORS-001", SHOULD, "9.4.2",
       "An error found before streaming starts is a plain error answer, not an event stream"),
    # -- SubscribeToTask -----------------------------------------------------------------
    _r("A2A-SUB-FIRST-001", MUST, "3.1.6",
       "A subscription begins with the task's current snapshot"),
    _r("A2A-SUB-CLOSE-001", MUST, "3.1.6",
       "A subscription closes once the task reaches a terminal state"),
    _r("A2A-SUB-TERMINAL-001", MUST, "3.1.6",
       "Subscribing to a task in a terminal state is refused with UnsupportedOperationError"),
    _r("A2A-SUB-UNKNOWN-001", MUST, "3.1.6",
       "Subscribing to an unknown task is refused with TaskNotFoundError"),
    _r("A2A-SUB-BROADCAST-001", MUST, "3.5.2",
       "Concurrent subscribers receive the same events in the same order"),
    _r("A2A-SUB-INDEPENDENT-001", MUST, "3.5.2",
       "Closing one subscription affects neither the others nor the task"),
    # -- Push notifications ---------------------------------------------------------------
    _r("A2A-PUSH-CREATE-001", MUST, "3.1.7, 4.3.1",
       "CreateTaskPushNotificationConfig returns the config with its id, unique when the "
       "server assigned it"),
    _r("A2A-PUSH-GET-001", MUST, "3.1.8",
       "GetTaskPushNotificationConfig returns the stored config"),
    _r("A2A-PUSH-GET-002", MUST, "3.1.8",
       "Getting an unknown config fails with TaskNotFoundError"),
    _r("A2A-PUSH-LIST-001", MUST, "3.1.9",
       "ListTaskPushNotificationConfigs returns every active config of the task"),
    _r("A2A-PUSH-DELETE-001", MUST, "3.1.10", "A deleted config can no longer be read or listed"),
    _r("A2A-PUSH-DELETE-002", MUST, "3.1.10", "Deleting a config again succeeds (idempotent)"),
    _r("A2A-PUSH-TASK-001", MUST, "3.1.7",
       "Creating a config for an unknown task fails with TaskNotFoundError"),
    _r("A2A-PUSH-DELIVER-001", MUST, "4.3.3", "Task updates are POSTed to the webhook"),
    _r("A2A-PUSH-PAYLOAD-001", MUST, "4.3.3",
       "Each notification is one bare StreamResponse about the configured task"),
    _r("A2A-PUSH-AUTH-001", MUST, "4.3.3, 13.2",
       "Notifications carry Authorization: <scheme> <credentials> from the config"),
    _r("A2A-PUSH-INLINE-001", MUST, "3.2.2, 4.3",
       "A config given in SendMessage's configuration is registered for the new task"),
    _r("A2A-PUSH-TERMINAL-001", SHOULD, "4.3.3",
       "The webhook is told when the task reaches its terminal state"),
    _r("A2A-PUSH-TOKEN-001", MAY, "4.3.1",
       "The config's token is sent in X-A2A-Notification-Token"),
    # -- Authentication and authorization ---------------------------------------------
    _r("A2A-AUTH-REJECT-001", MUST, "3.3.2, 7.4",
       "A request without credentials is refused when the card requires authentication"),
    _r("A2A-AUTH-INVALID-001", MUST, "3.3.2, 7.4", "A request with invalid credentials is refused"),
    _r("A2A-AUTH-CHALLENGE-001", SHOULD, "3.3.2, 7.4",
       "The refusal is HTTP 401 with a WWW-Authenticate challenge"),
    _r("A2A-AUTH-SCOPE-001", MUST, "3.3.2, 13.1",
       "Another caller's task is not found by GetTask, CancelTask, SubscribeToTask or "
       "SendMessage"),
    _r("A2A-AUTH-EXTCARD-001", MUST, "3.1.11, 13.3",
       "GetExtendedAgentCard requires authentication"),
    # -- The signed-envelope extension (when the card declares it) ----------------------
    _r("A2A-ENV-JWKS-001", MUST, "signed-envelope §2, §8",
       "The declaration's jwksUri is on the card's origin and serves the agent's keys"),
    _r("A2A-ENV-REPLY-001", MUST, "signed-envelope §2, §7",
       "With the extension activated, the agent signs its replies with a key of its JWKS"),
    _r("A2A-ENV-STREAM-001", MUST, "signed-envelope §2, §7",
       "With the extension activated, every streamed event is signed by the agent"),
    _r("A2A-ENV-REJECT-001", MUST, "signed-envelope §6, §9",
       "A message with an expired envelope is refused with InvalidParams, reason "
       "SIGNATURE_EXPIRED"),
)  # fmt: skip

REQUIREMENTS_BY_ID: dict[str, Requirement] = {r.id: r for r in REQUIREMENTS}

if len(REQUIREMENTS_BY_ID) != len(REQUIREMENTS):  # pragma: no cover - guards edits
    raise RuntimeError("duplicate requirement id in the conformance table")
