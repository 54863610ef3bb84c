import unittest

from sku import is_valid_sku


class SkuTests(unittest.TestCase):
    def test_valid(self):
        self.assertTrue(is_valid_sku("ABC-1234"))
        self.assertTrue(is_valid_sku("XYZ-0000"))

    def test_trailing_text(self):
        self.assertFalse(is_valid_sku("ABC-12345"))
        self.assertFalse(is_valid_sku("ABC-1234-old"))
        self.assertFalse(is_valid_sku("ABC-1234\n"))

    def test_leading_text(self):
        self.assertFalse(is_valid_sku("xABC-1234"))

    def test_wrong_shape(self):
        self.assertFalse(is_valid_sku("AB-1234"))
        self.assertFalse(is_valid_sku("abc-1234"))


if __name__ == "__main__":
    unittest.main()
