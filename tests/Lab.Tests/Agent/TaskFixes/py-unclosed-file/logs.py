"""Log file helpers."""


def count_lines(path):
    """The number of lines of the text file at `path`."""
    with open(path, encoding="utf-8") as handle:
        return sum(1 for _ in handle)
