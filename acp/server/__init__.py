"""The ACP server: declare agents, build the ASGI app, serve it with uvicorn."""

from acp.server.agent import Agent, RunContext, Yield, agent
from acp.server.app import create_app, error_response
from acp.server.auth import AnyOf, APIKeyAuth, Authenticator, HTTPSignatureAuth
from acp.server.core import ACPServer, ServerLimits
from acp.server.runner import RunHandle
from acp.server.store import BoundedStore

__all__ = [
    "ACPServer",
    "APIKeyAuth",
    "Agent",
    "AnyOf",
    "Authenticator",
    "BoundedStore",
    "HTTPSignatureAuth",
    "RunContext",
    "RunHandle",
    "ServerLimits",
    "Yield",
    "agent",
    "create_app",
    "error_response",
]
