"""Product code validation."""
import re

SKU = re.compile(r"[A-Z]{3}-\d{4}")


def is_valid_sku(text):
    """True when `text` is exactly a product code: three capital letters, a dash, four digits ("ABC-1234")."""
    return SKU.fullmatch(text) is not None
