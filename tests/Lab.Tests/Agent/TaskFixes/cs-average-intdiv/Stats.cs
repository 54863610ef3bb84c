namespace Grades;

public static class Stats
{
    /// <summary>The mean of <paramref name="scores"/>; 0 for no scores.</summary>
    public static double Average(IReadOnlyList<int> scores)
    {
        if (scores.Count == 0) return 0;
        var sum = 0;
        foreach (var score in scores) sum += score;
        return (double)sum / scores.Count;
    }
}
