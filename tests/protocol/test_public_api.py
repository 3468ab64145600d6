"""The public names of ``a2a.protocol`` are a tested list."""

from __future__ import annotations

import importlib

import a2a.protocol

EXPECTED = {
    # jsonrpc
    "JsonRpcRequest", "encode_error", "encode_request", "encode_result", "parse_request",
    "request_id_of",
    # listing
    "DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "ListQuery", "decode_page_token", "encode_page_token",
    "list_query", "page_of", "sort_key",
    # negotiation
    "CURRENT_VERSION", "EXTENSIONS_HEADER", "LEGACY_EXTENSIONS_HEADER", "LEGACY_VERSION",
    "VERSION_HEADER", "activate_extensions", "check_capability", "major_minor",
    "negotiate_version", "parse_extensions",
    # rest
    "RouteMatch", "build_request", "match_route", "rest_path", "rest_query",
    # sse
    "KEEPALIVE", "encode_event",
    # states
    "TRANSITIONS", "can_transition", "check_transition",
    # tasks
    "apply_artifact", "apply_event", "apply_status", "check_history_length",
    "check_message_target", "limit_history", "without_artifacts",
    # validation
    "parse_params", "validation_error",
}  # fmt: skip

MODULES = [
    "jsonrpc",
    "listing",
    "negotiation",
    "rest",
    "sse",
    "ssrf",
    "states",
    "tasks",
    "validation",
]


def test_a2a_protocol_exports_exactly_the_public_names() -> None:
    assert set(a2a.protocol.__all__) == EXPECTED
    assert len(a2a.protocol.__all__) == len(EXPECTED)
    for name in EXPECTED:
        assert hasattr(a2a.protocol, name)


def test_every_protocol_module_declares_all_and_defines_it() -> None:
    exported_elsewhere = {
        "JsonRpcId",
        "UnsafeURLError",
        "UrlPolicy",
        "check_address",
        "check_url",
        "is_ip_literal",
    }
    names: set[str] = set()
    for module_name in MODULES:
        module = importlib.import_module(f"a2a.protocol.{module_name}")
        for name in module.__all__:
            assert hasattr(module, name), f"{module_name}.{name}"
        names |= set(module.__all__)
    # The package re-exports each module's names, except the SSRF guard and a type alias,
    # which are imported from their modules.
    assert names == EXPECTED | exported_elsewhere
