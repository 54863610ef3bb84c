namespace Blog.Tests;

public static class TagsTests
{
    public static void TestBlankInTheMiddle()
    {
        var tags = new List<string?> { "c#", " ", "dotnet" };
        Tags.RemoveBlank(tags);
        Equal("c#|dotnet", string.Join("|", tags), "tags");
    }

    public static void TestSeveralBlanks()
    {
        var tags = new List<string?> { "", null, "a", "  ", "\t", "b", "" };
        Tags.RemoveBlank(tags);
        Equal("a|b", string.Join("|", tags), "tags");
    }

    public static void TestNothingToRemove()
    {
        var tags = new List<string?> { "x", "y" };
        Tags.RemoveBlank(tags);
        Equal("x|y", string.Join("|", tags), "tags");
    }

    private static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new Exception($"{what}: expected {expected}, got {actual}");
    }
}
