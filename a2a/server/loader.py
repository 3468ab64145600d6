"""Find the agent to serve from ``PATH_OR_MODULE[:ATTR]`` (as ``a2a serve`` takes it)."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

from a2a.agent import Agent

__all__ = ["AgentLoadError", "import_target", "load_agent", "split_target"]


class AgentLoadError(Exception):
    """The target does not name exactly one agent."""


def load_agent(target: str) -> Agent:
    """Load an :class:`Agent` from a file path or module name.

    ``ATTR`` may name an agent instance or an :class:`Agent` subclass (then
    instantiated without arguments).  Without it, the module must hold
    exactly one agent instance, or an attribute named ``agent``.
    """
    spec, attr = split_target(target)
    module = import_target(spec)
    if attr:
        try:
            value = getattr(module, attr)
        except AttributeError:
            raise AgentLoadError(f"{spec} has no attribute {attr!r}") from None
        return _as_agent(value, f"{spec}:{attr}")
    found = {name: v for name, v in vars(module).items() if isinstance(v, Agent)}
    if len(found) == 1:
        return next(iter(found.values()))
    if "agent" in found:
        return found["agent"]
    if not found:
        raise AgentLoadError(f"{spec} defines no agent; name one with {spec}:ATTR")
    names = ", ".join(sorted(found))
    raise AgentLoadError(f"{spec} defines several agents ({names}); pick one with {spec}:ATTR")


def _as_agent(value: object, where: str) -> Agent:
    if isinstance(value, Agent):
        return value
    if isinstance(value, type) and issubclass(value, Agent):
        return value()
    raise AgentLoadError(f"{where} is not an agent")


def split_target(target: str) -> tuple[str, str]:
    """``"path/agent.py:echo"`` → ``("path/agent.py", "echo")``; ATTR may be empty."""
    spec, _, attr = target.partition(":")
    if len(spec) == 1 and attr[:1] in ("\\", "/"):  # a Windows drive letter, not ATTR
        return target, ""
    return spec, attr


def import_target(spec: str, *, prefix: str = "_a2a_agent_") -> object:
    """Import a Python file (under a private module name) or a module by name."""
    path = Path(spec)
    if spec.endswith(".py") or path.is_file():
        if not path.is_file():
            raise AgentLoadError(f"no such file: {spec}")
        name = f"{prefix}{path.stem}"
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
