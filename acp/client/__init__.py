"""The ACP client: :class:`Client` for one server, :class:`Conversation` across runs and servers."""

from acp.client.client import DEFAULT_TIMEOUT, Client, Input, to_messages
from acp.client.session import Conversation

__all__ = ["DEFAULT_TIMEOUT", "Client", "Conversation", "Input", "to_messages"]
