"""Sensor statistics."""


def mean(values):
    """The arithmetic mean of a non-empty list of numbers, as a float."""
    if not values:
        raise ValueError("mean of no values")
    return sum(values) // len(values)
