"""The ACP endpoint table, declared once: the server routes and the client builds URLs from it.

Paths follow the SDK (``/sessions/{session_id}`` plural; ``/resources/{id}``
is the SDK's addition for session history).  See ``spec/acp.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["ENDPOINTS", "Endpoint", "endpoint", "path_for"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One ACP endpoint: ``name`` is the handler's name on both sides."""

    name: str
    method: str
    path: str  # a template with ``{param}`` segments


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("ping", "GET", "/ping"),
    Endpoint("list_agents", "GET", "/agents"),
    Endpoint("read_agent", "GET", "/agents/{name}"),
    Endpoint("create_run", "POST", "/runs"),
    Endpoint("read_run", "GET", "/runs/{run_id}"),
    Endpoint("resume_run", "POST", "/runs/{run_id}"),
    Endpoint("cancel_run", "POST", "/runs/{run_id}/cancel"),
    Endpoint("list_run_events", "GET", "/runs/{run_id}/events"),
    Endpoint("read_session", "GET", "/sessions/{session_id}"),
    Endpoint("read_resource", "GET", "/resources/{resource_id}"),
)

_BY_NAME = {e.name: e for e in ENDPOINTS}


def endpoint(name: str) -> Endpoint:
    """The endpoint called ``name``; ``KeyError`` if there is none."""
    return _BY_NAME[name]


def path_for(endpoint_name: str, /, **params: object) -> str:
    """The path of an endpoint, each parameter percent-encoded, without a leading ``/``.

    Relative, so that it joins onto a base URL that has a path prefix.
    """
    path = _BY_NAME[endpoint_name].path
    for key, value in params.items():
        path = path.replace("{" + key + "}", quote(str(value), safe=""))
    if "{" in path:
        raise ValueError(f"missing path parameter for {endpoint_name}: {path}")
    return path.lstrip("/")
