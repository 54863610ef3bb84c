import builtins
import os
import tempfile
import unittest
from unittest import mock

from logs import count_lines


class CountLinesTests(unittest.TestCase):
    def setUp(self):
        handle, self.path = tempfile.mkstemp(dir=".")
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write("one\ntwo\nthree\n")

    def tearDown(self):
        os.remove(self.path)

    def test_counts(self):
        self.assertEqual(count_lines(self.path), 3)

    def test_closes_the_file(self):
        opened = []
        real_open = builtins.open

        def tracking_open(*args, **kwargs):
            f = real_open(*args, **kwargs)
            opened.append(f)
            return f

        with mock.patch("builtins.open", tracking_open):
            self.assertEqual(count_lines(self.path), 3)
        self.assertTrue(opened, "count_lines did not open the file with open()")
        self.assertTrue(all(f.closed for f in opened), "a file was left open")


if __name__ == "__main__":
    unittest.main()
