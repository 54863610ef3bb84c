import unittest

from cart import add_item


class CartTests(unittest.TestCase):
    def test_new_carts_are_independent(self):
        self.assertEqual(add_item("apple"), ["apple"])
        self.assertEqual(add_item("pear"), ["pear"])

    def test_appends_to_given_list(self):
        items = ["milk"]
        self.assertIs(add_item("bread", items), items)
        self.assertEqual(items, ["milk", "bread"])


if __name__ == "__main__":
    unittest.main()
