"""Version negotiation, extension activation and capability gating (A2A §3.2.6, §3.3.4, §4.6)."""

from __future__ import annotations

import pytest

from a2a.errors import (
    ExtendedAgentCardNotConfiguredError,
    ExtensionSupportRequiredError,
    PushNotificationNotSupportedError,
    UnsupportedOperationError,
    VersionNotSupportedError,
)
from a2a.operations import OPERATIONS, OPERATIONS_BY_METHOD, Capability
from a2a.protocol import (
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
from a2a.types import AgentCapabilities, AgentExtension


def test_header_names() -> None:
    assert (VERSION_HEADER, EXTENSIONS_HEADER, LEGACY_EXTENSIONS_HEADER) == (
        "A2A-Version",
        "A2A-Extensions",
        "X-A2A-Extensions",
    )
    assert (CURRENT_VERSION, LEGACY_VERSION) == ("1.0", "0.3")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.0", "1.0"),
        ("1.0.1", "1.0"),
        (" 1.0 ", "1.0"),
        ("01.00", "1.0"),
        ("0.3", "0.3"),
        ("2.10.7", "2.10"),
        ("1", None),
        ("1.x", None),
        ("v1.0", None),
        ("1.0-beta", None),
        ("", None),
        ("1..0", None),
        ("\uff11.\uff10", None),  # full-width digits
        ("\u0661.\u0660", None),  # Arabic-Indic digits
    ],
)
def test_major_minor(value: str, expected: str | None) -> None:
    assert major_minor(value) == expected


@pytest.mark.parametrize("value", ["1.0", "1.0.0", "1.0.1", "1.0.99", " 1.0"])
def test_1_0_patch_versions_negotiate_to_1_0(value: str) -> None:
    assert negotiate_version(value) == "1.0"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_absent_version_means_0_3(value: str | None) -> None:
    assert negotiate_version(value, supported=("0.3", "1.0")) == "0.3"
    with pytest.raises(VersionNotSupportedError) as info:
        negotiate_version(value)
    assert "0.3 (no A2A-Version header)" in info.value.message


@pytest.mark.parametrize("value", ["garbage", "2.0", "0.2", "1.1", "1", "latest"])
def test_unsupported_or_garbage_versions_are_32009(value: str) -> None:
    with pytest.raises(VersionNotSupportedError) as info:
        negotiate_version(value, supported=("0.3", "1.0"))
    error = info.value
    assert error.code == -32009
    assert error.metadata == {"supportedVersions": "0.3,1.0"}
    assert value in error.message
    assert error.to_jsonrpc()["data"][0]["reason"] == "VERSION_NOT_SUPPORTED"


def test_parse_extensions_merges_headers_in_order_without_duplicates() -> None:
    assert parse_extensions(["urn:a, urn:b", None, "", " urn:a ,urn:c,,", "urn:d"]) == [
        "urn:a",
        "urn:b",
        "urn:c",
        "urn:d",
    ]
    assert parse_extensions([]) == []


def test_activate_extensions_keeps_requested_supported_ones_in_card_order() -> None:
    declared = [
        AgentExtension(uri="urn:x"),
        AgentExtension(uri="urn:y"),
        AgentExtension(uri="urn:z"),
    ]
    assert activate_extensions(["urn:z", "urn:unknown", "urn:x"], declared) == ["urn:x", "urn:z"]
    assert activate_extensions([], declared) == []


def test_a_required_extension_that_was_not_requested_is_32008() -> None:
    declared = [
        AgentExtension(uri="urn:req1", required=True),
        AgentExtension(uri="urn:opt"),
        AgentExtension(uri="urn:req2", required=True),
    ]
    assert activate_extensions(["urn:req1", "urn:req2"], declared) == ["urn:req1", "urn:req2"]
    with pytest.raises(ExtensionSupportRequiredError) as info:
        activate_extensions(["urn:req1", "urn:opt"], declared)
    assert info.value.code == -32008
    assert info.value.metadata == {"extensions": "urn:req2"}
    with pytest.raises(ExtensionSupportRequiredError) as info:
        activate_extensions([], declared)
    assert info.value.metadata == {"extensions": "urn:req1,urn:req2"}


ALL_ON = AgentCapabilities(streaming=True, push_notifications=True, extended_agent_card=True)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.method)
def test_every_operation_passes_when_its_capability_is_declared(op: object) -> None:
    check_capability(op, ALL_ON)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "capabilities",
    [AgentCapabilities(), AgentCapabilities(streaming=False, push_notifications=False)],
)
def test_operations_are_gated_by_their_capability(capabilities: AgentCapabilities) -> None:
    expected = {
        Capability.STREAMING: UnsupportedOperationError,
        Capability.PUSH_NOTIFICATIONS: PushNotificationNotSupportedError,
        Capability.EXTENDED_AGENT_CARD: UnsupportedOperationError,
    }
    for op in OPERATIONS:
        if op.capability is None:
            check_capability(op, capabilities)
            continue
        with pytest.raises(expected[op.capability]):
            check_capability(op, capabilities)


def test_push_error_is_32003_and_streaming_error_is_32004() -> None:
    with pytest.raises(PushNotificationNotSupportedError) as push:
        check_capability(OPERATIONS_BY_METHOD["GetTaskPushNotificationConfig"], AgentCapabilities())
    assert push.value.code == -32003
    with pytest.raises(UnsupportedOperationError) as stream:
        check_capability(OPERATIONS_BY_METHOD["SubscribeToTask"], AgentCapabilities())
    assert stream.value.code == -32004
    assert "streaming" in stream.value.message


def test_extended_card_declared_but_not_configured_is_32007() -> None:
    op = OPERATIONS_BY_METHOD["GetExtendedAgentCard"]
    check_capability(op, ALL_ON, extended_card_configured=True)
    with pytest.raises(ExtendedAgentCardNotConfiguredError) as info:
        check_capability(op, ALL_ON, extended_card_configured=False)
    assert info.value.code == -32007
    with pytest.raises(UnsupportedOperationError):
        check_capability(op, AgentCapabilities(), extended_card_configured=True)
    # Other operations ignore the flag.
    check_capability(OPERATIONS_BY_METHOD["GetTask"], ALL_ON, extended_card_configured=False)
