"""A2A client: discovery, one transport per binding, and the Client.

::

    from a2a.client import Client

    async with Client("http://localhost:8000") as agent:
        print((await agent.send_text("hello")).text)

:class:`SyncClient` offers the same methods for scripts and notebooks.
"""

from a2a.client._http import RetryPolicy, Timeouts
from a2a.client.auth import ApiKey, BasicAuth, BearerToken, Credential, Credentials, card_auth
from a2a.client.client import Client
from a2a.client.discovery import (
    CardResolver,
    NoSupportedInterfaceError,
    parse_card,
    select_interface,
)
from a2a.client.jsonrpc import JsonRpcTransport, JsonRpcV03Transport
from a2a.client.rest import RestTransport
from a2a.client.results import EventStream, SendResult, task_text
from a2a.client.sync import SyncClient, SyncEventStream
from a2a.client.transport import Transport, register_transport, supported_interfaces

__all__ = [
    "ApiKey",
    "BasicAuth",
    "BearerToken",
    "CardResolver",
    "Client",
    "Credential",
    "Credentials",
    "EventStream",
    "JsonRpcTransport",
    "JsonRpcV03Transport",
    "NoSupportedInterfaceError",
    "RestTransport",
    "RetryPolicy",
    "SendResult",
    "SyncClient",
    "SyncEventStream",
    "Timeouts",
    "Transport",
    "card_auth",
    "parse_card",
    "register_transport",
    "select_interface",
    "supported_interfaces",
    "task_text",
]
