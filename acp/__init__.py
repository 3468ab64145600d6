"""The Agent Communication Protocol (BeeAI ACP REST API): models, server, client and bridge.

Subpackages: :mod:`acp.types` (wire models), :mod:`acp.protocol` (no-I/O
core), :mod:`acp.server`, :mod:`acp.client`, :mod:`acp.mapping` (ACP <-> A2A)
and :mod:`acp.bridge`.  Nothing is imported here, so ``import acp`` stays light.
"""

__all__: list[str] = []
