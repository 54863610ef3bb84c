namespace Search.Tests;

public static class BinarySearchTests
{
    public static void TestEveryElementIsFound()
    {
        int[] values = [1, 3, 5, 7];
        for (var i = 0; i < values.Length; i++) Equal(i, BinarySearch.IndexOf(values, values[i]), $"index of {values[i]}");
    }

    public static void TestSingleElement() => Equal(0, BinarySearch.IndexOf([4], 4), "index of 4 in [4]");

    public static void TestMissing()
    {
        Equal(-1, BinarySearch.IndexOf([1, 3, 5, 7], 4), "index of 4");
        Equal(-1, BinarySearch.IndexOf([], 4), "index in []");
    }

    private static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new Exception($"{what}: expected {expected}, got {actual}");
    }
}
