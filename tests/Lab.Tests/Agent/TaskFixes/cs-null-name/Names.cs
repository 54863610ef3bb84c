namespace Contacts;

public static class Names
{
    /// <summary>The initials of a display name, upper case: "ada lovelace" → "AL". A missing or blank name has no
    /// initials ("").</summary>
    public static string Initials(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select(p => char.ToUpperInvariant(p[0])));
    }
}
