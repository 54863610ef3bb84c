using System.Globalization;

namespace Billing.Tests;

public static class PriceParserTests
{
    public static void TestGermanCulture() => InCulture("de-DE", () => Equal(12.50m, PriceParser.Parse("12.50"), "de-DE"));

    public static void TestFrenchCulture() => InCulture("fr-FR", () => Equal(0.99m, PriceParser.Parse("0.99"), "fr-FR"));

    public static void TestEnglishCulture() => InCulture("en-US", () => Equal(1234.5m, PriceParser.Parse("1234.5"), "en-US"));

    private static void InCulture(string name, Action test)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(name);
        try { test(); }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    private static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new Exception($"{what}: expected {expected}, got {actual}");
    }
}
