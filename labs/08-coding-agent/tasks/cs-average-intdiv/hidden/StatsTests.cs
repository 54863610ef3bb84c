namespace Grades.Tests;

public static class StatsTests
{
    public static void TestHalf() => Equal(2.5, Stats.Average([2, 3]), "mean of 2, 3");

    public static void TestThirds() => Equal(true, Math.Abs(Stats.Average([1, 1, 2]) - 4.0 / 3) < 1e-12, "mean of 1, 1, 2 is 4/3");

    public static void TestWhole() => Equal(4.0, Stats.Average([4, 4]), "mean of 4, 4");

    public static void TestEmpty() => Equal(0.0, Stats.Average([]), "mean of nothing");

    private static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new Exception($"{what}: expected {expected}, got {actual}");
    }
}
