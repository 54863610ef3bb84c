"""Timeline analysis."""


def largest_gap(times):
    """The largest difference between two consecutive times (after sorting); 0 when there are fewer than two."""
    if len(times) < 2:
        return 0
    ordered = sorted(times)
    return max(b - a for a, b in zip(ordered, ordered[1:]))
