"""Regenerate the golden ProtoJSON corpus in ``spec/vectors/protojson/``.

Usage (from the repository root)::

    python -m tests.interop.regen_corpus          # rewrite the files
    python -m tests.interop.regen_corpus --check  # exit 1 if they are stale

The cases are built and serialized by a2a-sdk 1.x in its own virtualenv
(``tests/interop/drivers/sdk1_corpus.py``); this script only writes files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tests.interop.peers import DRIVERS, run_json
from tests.interop.venvs import ROOT, peer_python

__all__ = ["CORPUS_DIR", "INDEX_FILE", "generate", "render", "stale", "write"]

CORPUS_DIR = ROOT / "spec" / "vectors" / "protojson"
INDEX_FILE = "_index.json"
DRIVER = DRIVERS / "sdk1_corpus.py"


def generate() -> dict[str, Any]:
    """Run the driver in the a2a-sdk 1.x environment and return its output."""
    result: dict[str, Any] = run_json(
        peer_python("a2a-sdk-1"), [str(DRIVER), "generate"], timeout=300
    )
    return result


def _dump(data: Any) -> str:
    # Keys are sorted because protobuf emits Struct and map entries in hash
    # order, which changes from run to run.  Non-ASCII stays readable; json
    # still escapes control characters.
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render(output: dict[str, Any]) -> dict[str, str]:
    """File name → file text for every corpus file."""
    index = {
        "generator": output["generator"],
        "descriptor": output["descriptor"],
        "messages": sorted(output["cases"]),
    }
    files = {INDEX_FILE: _dump(index)}
    for name, cases in output["cases"].items():
        files[f"{name}.json"] = _dump(cases)
    return files


def write(files: dict[str, str], directory: Path = CORPUS_DIR) -> list[str]:
    """Write ``files``, delete stale ``*.json``; return the names that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for path in directory.glob("*.json"):
        if path.name not in files:
            path.unlink()
            changed.append(path.name)
    for name, text in files.items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return sorted(changed)


def _content(text: str | None) -> Any:
    """A file's JSON value, without the generator's version numbers.

    A new protobuf patch release that writes the same JSON must not make the
    corpus stale; only a change of content does.
    """
    if text is None:
        return None
    data = json.loads(text)
    if isinstance(data, dict):
        data.pop("generator", None)
    return data


def stale(files: dict[str, str], directory: Path = CORPUS_DIR) -> list[str]:
    """Names of corpus files whose content differs from ``files`` (missing, extra or changed)."""
    present = {p.name: p.read_text(encoding="utf-8") for p in directory.glob("*.json")}
    names = set(present) | set(files)
    return sorted(n for n in names if _content(present.get(n)) != _content(files.get(n)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    files = render(generate())
    if args.check:
        diff = stale(files)
        for name in diff:
            print(f"stale: {name}")
        return 1 if diff else 0
    for name in write(files):
        print(f"updated: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
