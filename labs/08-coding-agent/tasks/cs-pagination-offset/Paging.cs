namespace Shop;

/// <summary>Splits a list into pages for the product listing.</summary>
public static class Paging
{
    /// <summary>The items of page <paramref name="page"/> (1-based) with <paramref name="pageSize"/> items per page;
    /// empty past the last page.</summary>
    public static IReadOnlyList<T> PageItems<T>(IReadOnlyList<T> items, int page, int pageSize)
    {
        if (page < 1) throw new ArgumentOutOfRangeException(nameof(page));
        if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize));
        var skip = page * pageSize;
        return items.Skip(skip).Take(pageSize).ToList();
    }

    /// <summary>How many pages <paramref name="count"/> items fill.</summary>
    public static int PageCount(int count, int pageSize) => (count + pageSize - 1) / pageSize;
}
