"""``python -m benchmarks``: the A2A server benchmark in one command.

Run from a clean checkout with any Python 3.10+: when the running
interpreter lacks our package's dependencies, this first builds
``.venvs/bench`` (our package with its dev extras, editable) and re-runs
itself there.  The ``a2a-sdk`` environment is built (and cached) by
``tests/interop/venvs.py``.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEEDED = ("pydantic", "starlette", "uvicorn", "httptools", "filelock", "a2a.server")


def _ready() -> bool:
    try:
        return all(importlib.util.find_spec(name) is not None for name in NEEDED)
    except ImportError:
        return False


def _bootstrap() -> None:
    """Build our environment, then replace this process with the same command run there."""
    target = ROOT / ".venvs" / "bench"
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not (target / ".complete").exists():
        print(f"building {target} (our package and its dev extras) ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"], check=True
        )
        (target / ".complete").write_text("ok\n")
    os.execv(str(python), [str(python), "-m", "benchmarks", *sys.argv[1:]])


if __name__ == "__main__":
    if not _ready():
        _bootstrap()
    from benchmarks.harness import main

    sys.exit(main())
