"""Find the agents ``acp serve`` should serve in ``PATH_OR_MODULE[:ATTR]``.

A module may define ACP-native agents (:func:`acp.server.agent`) and agents
written with the A2A authoring API; the latter are adapted with
:func:`acp.server.a2a_agent.from_a2a`.  ``ATTR`` picks one agent.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from a2a.agent import Agent as A2AAgent
from a2a.server.loader import AgentLoadError
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
    spec, _, attr = target.partition(":")
    if len(spec) == 1 and attr[:1] in ("\\", "/"):  # a Windows drive letter
        spec, attr = target, ""
    namespace = vars(_import(spec))
    if attr and attr not in namespace:
        raise AgentLoadError(f"{spec} has no attribute {attr!r}")
    values: list[Any] = [namespace[attr]] if attr else list(namespace.values())
    native = [v for v in values if isinstance(v, Agent)]
    written = [v for v in values if isinstance(v, A2AAgent)]
    if not native and not written:
        raise AgentLoadError(f"{target} defines no agent")
    return LoadedAgents([*native, *(from_a2a(a) for a in written)], written)


def _import(spec: str) -> object:
    path = Path(spec)
    if spec.endswith(".py") or path.is_file():
        if not path.is_file():
            raise AgentLoadError(f"no such file: {spec}")
        name = f"_acp_agent_{path.stem}"
        module_spec = importlib.util.spec_from_file_location(name, path)
        if module_spec is None or module_spec.loader is None:
            raise AgentLoadError(f"cannot load {spec}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module
    try:
        return importlib.import_module(spec)
    except ModuleNotFoundError as exc:
        raise AgentLoadError(f"cannot import {spec}: {exc}") from None
