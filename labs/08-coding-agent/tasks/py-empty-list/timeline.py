"""Timeline analysis."""


def largest_gap(times):
    """The largest difference between two consecutive times (after sorting); 0 when there are fewer than two."""
    ordered = sorted(times)
    return max(b - a for a, b in zip(ordered, ordered[1:]))
