"""The ACP protocol core: routes, validation, the run state table and run logs, with no I/O."""

from acp.protocol.routes import ENDPOINTS, Endpoint, endpoint, path_for
from acp.protocol.runlog import RunLog, sse_frame
from acp.protocol.states import EVENT_TYPES, PAUSED, TRANSITIONS, can_transition, check_transition
from acp.protocol.validation import check_session, parse_body, parse_uuid, validation_error

__all__ = [
    "ENDPOINTS",
    "EVENT_TYPES",
    "PAUSED",
    "TRANSITIONS",
    "Endpoint",
    "RunLog",
    "can_transition",
    "check_session",
    "check_transition",
    "endpoint",
    "parse_body",
    "parse_uuid",
    "path_for",
    "sse_frame",
    "validation_error",
]
