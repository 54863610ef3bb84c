"""Warehouse stock."""


def drop_empty(stock):
    """Remove, in place, every product whose count is 0 from the dict `stock` (product -> count); return `stock`."""
    for product, count in stock.items():
        if count == 0:
            del stock[product]
    return stock
