"""Every ACP module declares ``__all__``, and each name in it exists."""

from __future__ import annotations

import importlib
import pkgutil

import acp

EXPECTED_TOP = {
    "acp.types": {"Run", "Message", "MessagePart", "AgentManifest", "Event", "parse_event"},
    "acp.server": {"create_app", "agent", "ACPServer", "ServerLimits", "APIKeyAuth"},
    "acp.client": {"Client"},
    "acp.protocol": {"RunLog", "TRANSITIONS", "ENDPOINTS", "parse_body"},
    "acp.bridge": {"create_bridge_app", "ACPRemoteAgent"},
}


def test_every_module_has_a_complete_all() -> None:
    for info in pkgutil.walk_packages(acp.__path__, "acp."):
        module = importlib.import_module(info.name)
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{info.name} has no __all__"
        for name in exported:
            assert hasattr(module, name), f"{info.name}.__all__ lists missing {name}"


def test_packages_export_what_users_need() -> None:
    for package, names in EXPECTED_TOP.items():
        assert names <= set(importlib.import_module(package).__all__), package
