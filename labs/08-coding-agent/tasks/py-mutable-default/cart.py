"""A shopping cart helper."""


def add_item(item, items=[]):
    """Return the list of items with `item` appended; a new list when `items` is not given."""
    items.append(item)
    return items
