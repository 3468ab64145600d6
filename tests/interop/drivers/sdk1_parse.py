"""Parse ProtoJSON documents with a2a-sdk's protobuf classes; runs in the a2a-sdk venv.

Reads ``[{"type": "<message name>", "json": {...}}, ...]`` on stdin and prints,
for each, ``{"ok": bool, "error": str, "json": <re-serialized>}``.  Parsing is
strict (unknown fields are errors), so anything we emit that the proto does not
know is caught.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from a2a.types import a2a_pb2
from google.protobuf import empty_pb2, json_format


def roundtrip(name: str, value: Any) -> dict[str, Any]:
    cls = empty_pb2.Empty if name == "Empty" else getattr(a2a_pb2, name)
    try:
        message = json_format.ParseDict(value, cls(), ignore_unknown_fields=False)
    except json_format.ParseError as exc:
        return {"ok": False, "error": str(exc), "json": None}
    out = json_format.MessageToDict(message)
    if name == "ListTasksResponse":  # A2A §3.1.4: these four are always on the wire
        for key, default in (
            ("tasks", []),
            ("nextPageToken", ""),
            ("pageSize", 0),
            ("totalSize", 0),
        ):
            out.setdefault(key, default)
    return {"ok": True, "error": "", "json": out}


def main() -> None:
    docs = json.load(sys.stdin)
    json.dump([roundtrip(d["type"], d["json"]) for d in docs], sys.stdout)


if __name__ == "__main__":
    main()
