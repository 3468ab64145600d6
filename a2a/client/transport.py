"""The transport interface: what a binding must offer the :class:`~a2a.client.Client`.

A transport carries any operation of :data:`a2a.operations.OPERATIONS` over
one binding at one protocol version.  It knows framing and error decoding;
it knows nothing about individual operations beyond the table row.  A new
binding (gRPC, WebSocket) is one class with these three methods plus one
:func:`register_transport` call.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from a2a.client._http import HttpChannel
from a2a.errors import TransportError
from a2a.operations import Operation
from a2a.protocol.negotiation import (
    EXTENSIONS_HEADER,
    LEGACY_EXTENSIONS_HEADER,
    LEGACY_VERSION,
    VERSION_HEADER,
)
from a2a.types import A2AModel, AgentInterface, StreamResponse

_M = TypeVar("_M", bound=A2AModel)

__all__ = [
    "Transport",
    "TransportFactory",
    "decode_model",
    "register_transport",
    "supported_interfaces",
    "transport_factory",
]


class Transport(abc.ABC):
    """One binding at one protocol version, bound to one interface URL."""

    #: The ``protocolBinding`` this transport speaks (``"JSONRPC"``, ``"HTTP+JSON"``...).
    binding: str
    #: The ``Major.Minor`` protocol version on the wire.
    version: str

    def __init__(self, channel: HttpChannel, interface: AgentInterface) -> None:
        self.channel = channel
        self.interface = interface

    @property
    def url(self) -> str:
        return self.interface.url

    @abc.abstractmethod
    async def call(self, op: Operation, request: A2AModel, *, timeout: float | None) -> A2AModel:
        """Run a unary operation and return its typed response (``op.response``).

        Raises the decoded :class:`~a2a.errors.ProtocolError` subclass when
        the agent answers with an error, and the client errors of
        :mod:`a2a.client._http` when no valid answer arrives.
        ``timeout`` bounds the wait for the answer (``None``: no limit).
        """

    @abc.abstractmethod
    def stream(self, op: Operation, request: A2AModel) -> AsyncGenerator[StreamResponse, None]:
        """Run a streaming operation; yields each event until the agent closes the stream.

        The caller closes the generator (``aclose()``) if it stops early.
        """

    async def aclose(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Release what the transport holds; the channel is closed by its owner."""

    def service_headers(self) -> dict[str, str]:
        """``A2A-Version`` on every request (A2A §3.6.1), ``A2A-Extensions`` when asked."""
        headers = {VERSION_HEADER: self.version}
        if self.channel.extensions:
            value = ", ".join(self.channel.extensions)
            headers[EXTENSIONS_HEADER] = value
            if self.version == LEGACY_VERSION:  # 0.3 servers read the X- name
                headers[LEGACY_EXTENSIONS_HEADER] = value
        return headers


def decode_model(model: type[_M], data: Any, what: str) -> _M:
    """Validate an agent's answer; an invalid one is a :class:`TransportError`."""
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise TransportError(
            f"the agent's {what} is not a valid {model.__name__}: {where}: {first['msg']}"
        ) from exc


TransportFactory = Callable[[HttpChannel, AgentInterface], Transport]


@dataclass(frozen=True)
class _Entry:
    binding: str
    version: str
    factory: TransportFactory


_REGISTRY: list[_Entry] = []


def register_transport(binding: str, version: str, factory: TransportFactory) -> None:
    """Make ``factory`` the transport for ``binding`` at protocol ``version``.

    Registering the same pair again replaces the earlier factory.
    """
    _REGISTRY[:] = [e for e in _REGISTRY if (e.binding, e.version) != (binding, version)]
    _REGISTRY.append(_Entry(binding, version, factory))


def transport_factory(binding: str, version: str) -> TransportFactory | None:
    """The registered factory for a binding and version, if any."""
    for entry in _REGISTRY:
        if entry.binding == binding and entry.version == version:
            return entry.factory
    return None


def supported_interfaces() -> list[tuple[str, str]]:
    """Every ``(binding, version)`` pair the client can speak, in registration order."""
    return [(e.binding, e.version) for e in _REGISTRY]
