"""Service parameters: protocol version, extensions, and capability gating (A2A §3.2.6, §3.3.4)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from a2a.errors import (
    ExtendedAgentCardNotConfiguredError,
    ExtensionSupportRequiredError,
    PushNotificationNotSupportedError,
    UnsupportedOperationError,
    VersionNotSupportedError,
)
from a2a.operations import Capability, Operation
from a2a.types import AgentCapabilities, AgentExtension

__all__ = [
    "CURRENT_VERSION",
    "EXTENSIONS_HEADER",
    "LEGACY_EXTENSIONS_HEADER",
    "LEGACY_VERSION",
    "VERSION_HEADER",
    "activate_extensions",
    "check_capability",
    "major_minor",
    "negotiate_version",
    "parse_extensions",
]

VERSION_HEADER = "A2A-Version"
EXTENSIONS_HEADER = "A2A-Extensions"
LEGACY_EXTENSIONS_HEADER = "X-A2A-Extensions"
CURRENT_VERSION = "1.0"
LEGACY_VERSION = "0.3"


def major_minor(value: str) -> str | None:
    """``"1.0.1"`` → ``"1.0"``; ``None`` for anything that is not a version."""
    parts = value.strip().split(".")
    if len(parts) < 2 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    return f"{int(parts[0])}.{int(parts[1])}"


def negotiate_version(
    requested: str | None, supported: Collection[str] = (CURRENT_VERSION,)
) -> str:
    """Return the ``Major.Minor`` version a request is served with.

    An absent or empty value means 0.3 (A2A §3.6.2).  Only major and minor are
    compared.  Raises :class:`VersionNotSupportedError` otherwise.
    """
    if requested == CURRENT_VERSION and CURRENT_VERSION in supported:
        return CURRENT_VERSION  # what nearly every request sends
    if requested is None or not requested.strip():
        version: str | None = LEGACY_VERSION
    else:
        version = major_minor(requested)
    if version is None or version not in supported:
        shown = (requested or "").strip() or f"{LEGACY_VERSION} (no {VERSION_HEADER} header)"
        raise VersionNotSupportedError(
            f"A2A version {shown} is not supported; supported: {', '.join(sorted(supported))}",
            metadata={"supportedVersions": ",".join(sorted(supported))},
        )
    return version


def parse_extensions(values: Iterable[str | None]) -> list[str]:
    """Extension URIs from one or more comma-separated header values, in order, deduplicated."""
    seen: dict[str, None] = {}
    for value in values:
        if value:
            for item in value.split(","):
                uri = item.strip()
                if uri:
                    seen.setdefault(uri, None)
    return list(seen)


def activate_extensions(
    requested: Collection[str], declared: Iterable[AgentExtension]
) -> list[str]:
    """The requested extensions this agent supports, in card order.

    Raises :class:`ExtensionSupportRequiredError` when the card marks an
    extension ``required`` and the client did not request it (A2A §4.6.3).
    Requests for unknown extensions are ignored.
    """
    active: list[str] = []
    missing: list[str] = []
    for ext in declared:
        if ext.uri in requested:
            active.append(ext.uri)
        elif ext.required:
            missing.append(ext.uri)
    if missing:
        raise ExtensionSupportRequiredError(
            f"Required extension not requested: {', '.join(missing)}",
            metadata={"extensions": ",".join(missing)},
        )
    return active


def check_capability(
    op: Operation, capabilities: AgentCapabilities, *, extended_card_configured: bool = True
) -> None:
    """Refuse an operation whose capability the card does not declare (A2A §3.3.4)."""
    needed = op.capability
    if needed is None:
        return
    if needed is Capability.STREAMING and not capabilities.streaming:
        raise UnsupportedOperationError("This agent does not support streaming")
    if needed is Capability.PUSH_NOTIFICATIONS and not capabilities.push_notifications:
        raise PushNotificationNotSupportedError()
    if needed is Capability.EXTENDED_AGENT_CARD:
        if not capabilities.extended_agent_card:
            raise UnsupportedOperationError("This agent does not offer an extended card")
        if not extended_card_configured:
            raise ExtendedAgentCardNotConfiguredError()
