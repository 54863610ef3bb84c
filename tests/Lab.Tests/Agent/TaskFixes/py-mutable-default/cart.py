"""A shopping cart helper."""


def add_item(item, items=None):
    """Return the list of items with `item` appended; a new list when `items` is not given."""
    if items is None:
        items = []
    items.append(item)
    return items
