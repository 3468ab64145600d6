"""Sub-commands of the ``acp`` command line, one module each (see :mod:`acp.cli`)."""

__all__: list[str] = []
