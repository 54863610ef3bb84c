namespace Blog;

public static class Tags
{
    /// <summary>Removes the blank tags (null, empty or white space) from <paramref name="tags"/>, in place, keeping
    /// the order of the others.</summary>
    public static void RemoveBlank(List<string?> tags)
    {
        tags.RemoveAll(string.IsNullOrWhiteSpace);
    }
}
