"""The ACP client."""

from acp.client.client import DEFAULT_TIMEOUT, Client, Input, to_messages

__all__ = ["DEFAULT_TIMEOUT", "Client", "Input", "to_messages"]
