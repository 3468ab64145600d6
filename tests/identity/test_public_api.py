"""The identity package exports exactly its documented names, and nothing does I/O."""

from __future__ import annotations

import importlib
import pkgutil

import a2a.identity


def test_exports_resolve_and_are_unique() -> None:
    names = a2a.identity.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(a2a.identity, name) is not None


def test_every_module_declares_all() -> None:
    for info in pkgutil.iter_modules(a2a.identity.__path__):
        module = importlib.import_module(f"a2a.identity.{info.name}")
        assert isinstance(module.__all__, list), info.name
        for name in module.__all__:
            assert hasattr(module, name), (info.name, name)
