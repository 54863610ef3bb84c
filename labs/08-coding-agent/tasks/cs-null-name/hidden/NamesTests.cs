namespace Contacts.Tests;

public static class NamesTests
{
    public static void TestTwoWords() => Equal("AL", Names.Initials("ada lovelace"), "initials");

    public static void TestExtraSpaces() => Equal("GH", Names.Initials("  grace   hopper "), "initials");

    public static void TestNull() => Equal("", Names.Initials(null), "initials of null");

    public static void TestBlank() => Equal("", Names.Initials("   "), "initials of blank");

    private static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new Exception($"{what}: expected {expected}, got {actual}");
    }
}
