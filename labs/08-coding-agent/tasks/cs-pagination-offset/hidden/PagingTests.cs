namespace Shop.Tests;

public static class PagingTests
{
    private static readonly string[] Items = ["a", "b", "c", "d", "e"];

    public static void TestFirstPage() => Equal("a,b", string.Join(",", Paging.PageItems(Items, 1, 2)), "page 1");

    public static void TestLastPartialPage() => Equal("e", string.Join(",", Paging.PageItems(Items, 3, 2)), "page 3");

    public static void TestPastTheEnd() => Equal(0, Paging.PageItems(Items, 4, 2).Count, "page 4");

    public static void TestPageCount() => Equal(3, Paging.PageCount(Items.Length, 2), "pages");

    private static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new Exception($"{what}: expected {expected}, got {actual}");
    }
}
