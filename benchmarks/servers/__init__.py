"""The three servers the benchmark compares, each an ASGI app that ``uvicorn`` serves.

``ours`` and ``bare`` run in our environment; ``sdk_server`` runs inside the
``a2a-sdk`` environment (it imports the SDK's ``a2a`` package, not ours).
"""

__all__: list[str] = []
