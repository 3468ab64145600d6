"""The A2A protocol core: framing, routing, negotiation and task rules, with no I/O.

Every transport (server or client) is a thin loop around these functions.
"""

from a2a.protocol.jsonrpc import (
    JsonRpcRequest,
    encode_error,
    encode_request,
    encode_result,
    parse_request,
    request_id_of,
)
from a2a.protocol.listing import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ListQuery,
    decode_page_token,
    encode_page_token,
    list_query,
    page_of,
    sort_key,
)
from a2a.protocol.negotiation import (
    CURRENT_VERSION,
    EXTENSIONS_HEADER,
    LEGACY_EXTENSIONS_HEADER,
    LEGACY_VERSION,
    VERSION_HEADER,
    activate_extensions,
    check_capability,
    major_minor,
    negotiate_version,
    parse_extensions,
)
from a2a.protocol.rest import RouteMatch, build_request, match_route, rest_path, rest_query
from a2a.protocol.sse import KEEPALIVE, encode_event
from a2a.protocol.states import TRANSITIONS, can_transition, check_transition
from a2a.protocol.tasks import (
    apply_artifact,
    apply_event,
    apply_status,
    check_history_length,
    check_message_target,
    limit_history,
    without_artifacts,
)
from a2a.protocol.validation import parse_params, validation_error

__all__ = [
    "CURRENT_VERSION",
    "DEFAULT_PAGE_SIZE",
    "EXTENSIONS_HEADER",
    "KEEPALIVE",
    "LEGACY_EXTENSIONS_HEADER",
    "LEGACY_VERSION",
    "MAX_PAGE_SIZE",
    "TRANSITIONS",
    "VERSION_HEADER",
    "JsonRpcRequest",
    "ListQuery",
    "RouteMatch",
    "activate_extensions",
    "apply_artifact",
    "apply_event",
    "apply_status",
    "build_request",
    "can_transition",
    "check_capability",
    "check_history_length",
    "check_message_target",
    "check_transition",
    "decode_page_token",
    "encode_error",
    "encode_event",
    "encode_page_token",
    "encode_request",
    "encode_result",
    "limit_history",
    "list_query",
    "major_minor",
    "match_route",
    "negotiate_version",
    "page_of",
    "parse_extensions",
    "parse_params",
    "parse_request",
    "request_id_of",
    "rest_path",
    "rest_query",
    "sort_key",
    "validation_error",
    "without_artifacts",
]
