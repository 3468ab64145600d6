"""Find the agents ``acp serve`` should serve in ``PATH_OR_MODULE[:ATTR]``.

A module may define ACP-native agents (:func:`acp.server.agent`) and agents
written with the A2A authoring API; the latter are adapted with
:func:`acp.server.a2a_agent.from_a2a`.  ``ATTR`` picks one agent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from a2a.agent import Agent as A2AAgent
from a2a.server.loader import AgentLoadError, import_target, split_target
from acp.server.a2a_agent import from_a2a
from acp.server.agent import Agent

__all__ = ["AgentLoadError", "LoadedAgents", "load_agents"]


@dataclass(frozen=True)
class LoadedAgents:
    """The ACP agents to serve, and the A2A-authored agents among them (unadapted)."""

    acp: list[Agent]
    a2a: list[A2AAgent]


def load_agents(target: str) -> LoadedAgents:
    """Load every agent of a file or module, or the one ``:ATTR`` names.

    Raises :class:`AgentLoadError` when there is none.
    """
    spec, attr = split_target(target)
    namespace = vars(import_target(spec, prefix="_acp_agent_"))
    if attr and attr not in namespace:
        raise AgentLoadError(f"{spec} has no attribute {attr!r}")
    values: list[Any] = [namespace[attr]] if attr else list(namespace.values())
    native = [v for v in values if isinstance(v, Agent)]
    written = [v for v in values if isinstance(v, A2AAgent)]
    if not native and not written:
        raise AgentLoadError(f"{target} defines no agent")
    return LoadedAgents([*native, *(from_a2a(a) for a in written)], written)
