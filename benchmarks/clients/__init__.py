"""Client benchmarks: our ``a2a.client`` and the ``a2a-sdk`` client, driven the same way.

``drive.py`` runs as a script in either environment and imports one adapter
(``client_ours.py`` or ``client_sdk.py``) that opens a client and sends one
request; nothing here imports the other side's ``a2a`` package.
"""

__all__: list[str] = []
