"""The percentile the benchmarks print: nearest rank on the sorted figures, no interpolation."""

from __future__ import annotations


def percentile(values: list[float], fraction: float) -> float:
    """The value at ``fraction`` (0.5 = median, 0.99 = p99) of ``values``, which need not be sorted."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
