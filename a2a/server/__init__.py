"""The A2A reference server: an ASGI application for one agent.

    from a2a.server import create_app
    app = create_app(my_agent)          # serve with: uvicorn module:app

or from the shell: ``a2a serve examples/echo.py --port 8000``.
"""

from a2a.server.app import A2AServer, create_app
from a2a.server.auth import ANONYMOUS, APIKeyAuth, Authenticator, BearerAuth, Principal
from a2a.server.core import Limits
from a2a.server.handler import CallContext, EventStream, RequestHandler
from a2a.server.loader import AgentLoadError, load_agent
from a2a.server.push import PushSender, RetryPolicy
from a2a.server.run import Run
from a2a.server.runtime import Notifier, TaskRuntime
from a2a.server.store import InMemoryStore, PushConfigStore, TaskStore
from a2a.server.streams import StreamItem, Subscription

__all__ = [
    "ANONYMOUS",
    "A2AServer",
    "APIKeyAuth",
    "AgentLoadError",
    "Authenticator",
    "BearerAuth",
    "CallContext",
    "EventStream",
    "InMemoryStore",
    "Limits",
    "Notifier",
    "Principal",
    "PushConfigStore",
    "PushSender",
    "RequestHandler",
    "RetryPolicy",
    "Run",
    "StreamItem",
    "Subscription",
    "TaskRuntime",
    "TaskStore",
    "create_app",
    "load_agent",
]
