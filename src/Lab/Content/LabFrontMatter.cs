using System.Text.RegularExpressions;

namespace Workbench.Lab.Content;

/// <summary>
/// The YAML front matter of <c>lab.md</c>, between a first line <c>---</c> and the next <c>---</c> line, with the
/// lines needed to report problems found later (duplicate ids, unknown prerequisites, missing exercise folders).
/// Keys: <c>id</c>, <c>title</c>, <c>order</c>, <c>minutes</c> (≥ 1) and <c>summary</c> are required;
/// <c>objectives</c>, <c>prerequisites</c> and <c>exercises</c> are lists, default empty.
/// </summary>
internal sealed partial record LabFrontMatter(
    string Id,
    int IdLine,
    string Title,
    int Order,
    int Minutes,
    string Summary,
    IReadOnlyList<string> Objectives,
    IReadOnlyList<(string Value, int Line)> Prerequisites,
    IReadOnlyList<(string Value, int Line)> Exercises,
    int ExercisesLine)
{
    private static readonly string[] KnownKeys =
        ["id", "title", "order", "minutes", "summary", "objectives", "prerequisites", "exercises"];

    /// <summary>Lab and exercise ids: lowercase letters and digits in hyphen-separated words (they appear in URLs).</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>
    /// Reads the front matter of <paramref name="lines"/>, reporting every problem. Returns null when it is missing,
    /// not closed or not a YAML mapping (<paramref name="bodyStart"/> is then the best guess of where the body
    /// starts: 0 when there is no front matter); otherwise the values read, with empty text or 0 standing in for
    /// invalid ones (the errors make loading fail, so these never reach a catalog).
    /// </summary>
    /// <param name="lines">All lines of <c>lab.md</c>.</param>
    /// <param name="file">The file, relative to the labs root.</param>
    /// <param name="errors">Where problems go.</param>
    /// <param name="bodyStart">0-based index of the first body line.</param>
    public static LabFrontMatter? Parse(string[] lines, string file, ContentErrorList errors, out int bodyStart)
    {
        bodyStart = 0;
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            errors.Add(file, 1, "lab.md must start with YAML front matter: a line '---', the keys, then another '---'");
            return null;
        }
        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
        if (close < 0)
        {
            errors.Add(file, 1, "the front matter is not closed: end it with a line '---'");
            return null;
        }
        bodyStart = close + 1;

        var map = YamlMap.Parse(string.Join('\n', lines[1..close]), file, 1, errors, "front matter", Math.Max(close, 2));
        if (map is null) return null;
        map.RejectUnknownKeys(KnownKeys, "the front matter");

        var id = map.String("id", required: true);
        if (id is not null && !IsValidId(id))
        {
            errors.Add(file, map.KeyLine("id"), $"id '{id}' must be lowercase letters, digits and hyphens, for example 01-chat-completions");
        }
        var title = NonEmpty(map, "title");
        var order = map.Int("order", required: true);
        var minutes = map.Int("minutes", required: true);
        if (minutes is < 1) errors.Add(file, map.KeyLine("minutes"), $"minutes must be at least 1, got {minutes}");
        var summary = NonEmpty(map, "summary");
        var objectives = map.StringList("objectives") ?? [];
        var prerequisites = map.StringList("prerequisites") ?? [];
        var exercises = map.StringList("exercises") ?? [];
        foreach (var (exerciseId, line) in exercises)
        {
            if (!IsValidId(exerciseId)) errors.Add(file, line, $"exercise id '{exerciseId}' must be lowercase letters, digits and hyphens");
        }
        foreach (var duplicate in exercises.GroupBy(e => e.Value).Where(g => g.Count() > 1))
        {
            errors.Add(file, duplicate.ElementAt(1).Line, $"exercise '{duplicate.Key}' is listed twice");
        }

        return new LabFrontMatter(id ?? "", map.KeyLine("id"), title ?? "", order ?? 0, minutes ?? 0, summary ?? "",
            objectives.Select(o => o.Value).ToList(), prerequisites, exercises, map.KeyLine("exercises"));
    }

    private static string? NonEmpty(YamlMap map, string key)
    {
        var value = map.String(key, required: true);
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            map.Errors.Add(map.File, map.KeyLine(key), $"'{key}' must not be empty");
            return null;
        }
        return value?.Trim();
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
