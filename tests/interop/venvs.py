"""Virtual environments for peer SDKs, built once and cached under ``.venvs/``.

``a2a-sdk`` installs a top-level package named ``a2a``, like ours, so every
peer lives in its own environment and is driven as a subprocess.  An
environment is keyed by the hash of its requirements file, so changing a pin
builds a fresh one; a marker file is written only after a complete install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

import filelock

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = Path(__file__).resolve().parent / "requirements"
VENVS = Path(os.environ.get("A2A_INTEROP_VENVS", ROOT / ".venvs"))


def peer_python(name: str) -> Path:
    """Path of the Python interpreter of the peer environment ``name``, built if needed.

    ``name`` is a file stem in ``tests/interop/requirements/``.
    """
    requirements = REQUIREMENTS / f"{name}.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:12]
    target = VENVS / f"{name}-{digest}"
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    marker = target / ".complete"
    VENVS.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(str(VENVS / f"{name}.lock")):
        if marker.exists():
            return python
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", str(requirements)],
            check=True,
            stdout=sys.stderr,
        )  # fmt: skip
        marker.write_text(digest)
    return python
