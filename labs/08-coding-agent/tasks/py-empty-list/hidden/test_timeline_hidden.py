import unittest

from timeline import largest_gap


class LargestGapTests(unittest.TestCase):
    def test_unsorted(self):
        self.assertEqual(largest_gap([5, 1, 3, 10]), 5)

    def test_single(self):
        self.assertEqual(largest_gap([7]), 0)

    def test_empty(self):
        self.assertEqual(largest_gap([]), 0)


if __name__ == "__main__":
    unittest.main()
