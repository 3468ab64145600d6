"""Benchmarks: our A2A server side by side with ``a2a-sdk`` and a bare Starlette echo.

Run ``python -m benchmarks`` (add ``--quick`` for a smoke run); see
``benchmarks/README.md`` for how to read the results.  Modules here import
only the standard library at the top, so the load generator stays lean and
``python -m benchmarks`` can build our environment before importing more.
"""

__all__: list[str] = []
