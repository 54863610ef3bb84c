namespace Workbench.Lab.Content;

/// <summary>Collects <see cref="ContentError"/>s while content is read, so every problem is reported at once.</summary>
internal sealed class ContentErrorList
{
    private readonly List<ContentError> _errors = [];

    /// <summary>The errors so far, in the order found.</summary>
    public IReadOnlyList<ContentError> Items => _errors;

    /// <summary>How many errors have been found.</summary>
    public int Count => _errors.Count;

    /// <summary>Records an error.</summary>
    /// <param name="file">Path relative to the labs root, with <c>/</c> separators.</param>
    /// <param name="line">1-based line, or 0 for the whole file.</param>
    /// <param name="message">What is wrong.</param>
    public void Add(string file, int line, string message) => _errors.Add(new ContentError(file, line, message));

    /// <summary>The errors ordered by file, then line (stable for equal positions).</summary>
    public IReadOnlyList<ContentError> Sorted() =>
        _errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToList();
}
