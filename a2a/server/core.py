"""What both bindings share per request: authentication, negotiation, dispatch."""

from __future__ import annotations

import logging
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from a2a.errors import A2AError, InternalError, MethodNotFoundError
from a2a.identity.envelope import VerifiedIdentity
from a2a.operations import Operation
from a2a.protocol.negotiation import (
    CURRENT_VERSION,
    EXTENSIONS_HEADER,
    LEGACY_EXTENSIONS_HEADER,
    LEGACY_VERSION,
    VERSION_HEADER,
    activate_extensions,
    major_minor,
    negotiate_version,
    parse_extensions,
)
from a2a.server.auth import Authenticator, Principal
from a2a.server.card import CardDocument
from a2a.server.handler import CallContext, RequestHandler
from a2a.types import A2AModel

__all__ = ["IDENTITY_STATE_KEY", "Limits", "ServerCore", "verified_identity"]

#: Where an identity layer leaves the verified sender in the ASGI scope's ``state``.
IDENTITY_STATE_KEY = "a2a.identity"


def verified_identity(scope: MutableMapping[str, Any]) -> VerifiedIdentity | None:
    """The sender verified by the identity layer for this request, if any."""
    state = scope.get("state")
    return state.get(IDENTITY_STATE_KEY) if isinstance(state, dict) else None


log = logging.getLogger("a2a.server")

_VERSION_KEY = VERSION_HEADER.lower()
_EXT_KEY = EXTENSIONS_HEADER.lower()
_LEGACY_EXT_KEY = LEGACY_EXTENSIONS_HEADER.lower()


@dataclass(frozen=True)
class Limits:
    """Named limits with safe defaults."""

    #: Largest accepted request body, in bytes.
    max_body_size: int = 8 * 1024 * 1024
    #: Seconds between SSE keep-alive comments on an idle stream.
    sse_keepalive: float = 15.0


@dataclass
class ServerCore:
    """The per-server state the transports read."""

    handler: RequestHandler
    card: CardDocument
    authenticators: Sequence[Authenticator] = ()
    versions: frozenset[str] = frozenset({CURRENT_VERSION})
    limits: Limits = field(default_factory=Limits)
    #: Also answer A2A 0.3 clients (0.3 method names on the JSON-RPC interface).
    legacy_v03: bool = False

    def version(self, headers: dict[str, str], query_value: str | None) -> str:
        """The protocol version of a request (header, else query parameter); may raise -32009."""
        requested = headers.get(_VERSION_KEY) or query_value
        return negotiate_version(requested, self.versions)

    def legacy_version(self, headers: dict[str, str], query_value: str | None) -> str:
        """The version of a request that uses a 0.3 method name: it must be 0.3."""
        requested = headers.get(_VERSION_KEY) or query_value
        if requested and major_minor(requested) != LEGACY_VERSION:
            # A 1.0 caller using a 0.3 name: that method does not exist in 1.0.
            raise MethodNotFoundError("0.3 method names are not part of A2A 1.0")
        return LEGACY_VERSION

    def extensions(self, headers: dict[str, str]) -> tuple[str, ...]:
        """Activated extensions; raises -32008 when a required one was not requested."""
        declared = self.card.card.capabilities.extensions
        if not declared:  # nothing to activate and nothing required
            return ()
        requested = parse_extensions((headers.get(_EXT_KEY), headers.get(_LEGACY_EXT_KEY)))
        return tuple(activate_extensions(requested, declared))

    async def call(
        self,
        op: Operation,
        request: A2AModel,
        principal: Principal,
        version: str,
        extensions: tuple[str, ...],
        identity: VerifiedIdentity | None = None,
    ) -> object:
        """Dispatch to the handler; unexpected failures become a generic -32603."""
        tenant = getattr(request, "tenant", "")
        call = CallContext(principal, tenant, version, extensions, identity)
        try:
            return await self.handler.dispatch(op, request, call)
        except A2AError:
            raise
        except Exception:
            # Never put internal exception text on the wire.
            log.exception("unexpected error in %s", op.method)
            raise InternalError() from None
