"""Our reference server with the benchmark agent: ``uvicorn benchmarks.servers.ours:app``."""

from __future__ import annotations

from a2a.server import create_app
from benchmarks.agents import bench

__all__ = ["app"]

app = create_app(bench)
