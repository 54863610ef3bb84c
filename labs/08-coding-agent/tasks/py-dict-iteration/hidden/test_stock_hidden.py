import unittest

from stock import drop_empty


class DropEmptyTests(unittest.TestCase):
    def test_removes_zero_counts(self):
        stock = {"apple": 3, "pear": 0, "plum": 0, "fig": 1}
        self.assertIs(drop_empty(stock), stock)
        self.assertEqual(stock, {"apple": 3, "fig": 1})

    def test_all_empty(self):
        self.assertEqual(drop_empty({"a": 0, "b": 0}), {})

    def test_nothing_to_remove(self):
        self.assertEqual(drop_empty({"a": 1}), {"a": 1})


if __name__ == "__main__":
    unittest.main()
