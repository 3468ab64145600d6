"""Summary statistics shared by the load generator and the client driver (standard library only)."""

from __future__ import annotations

__all__ = ["percentiles"]


def percentiles(values: list[float], points: tuple[int, ...] = (50, 90, 99)) -> dict[str, float]:
    """Nearest-rank percentiles (and the maximum) of ``values``."""
    if not values:
        return {}
    ordered = sorted(values)
    result = {
        f"p{p}": ordered[min(len(ordered) - 1, max(0, -(-p * len(ordered) // 100) - 1))]
        for p in points
    }
    result["max"] = ordered[-1]
    return result
