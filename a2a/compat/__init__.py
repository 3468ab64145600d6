"""Conversions between A2A 1.0 and older protocol versions, without I/O.

:mod:`a2a.compat.v03` reads and writes A2A 0.3 JSON-RPC payloads and cards.
"""

from a2a.compat import v03

__all__ = ["v03"]
