import unittest

from stats import mean


class MeanTests(unittest.TestCase):
    def test_fraction(self):
        self.assertEqual(mean([20, 21]), 20.5)

    def test_negative(self):
        self.assertEqual(mean([-1, -2]), -1.5)

    def test_whole(self):
        self.assertEqual(mean([3, 3, 3]), 3)

    def test_empty(self):
        with self.assertRaises(ValueError):
            mean([])


if __name__ == "__main__":
    unittest.main()
