using System.Text.RegularExpressions;

namespace Workbench.Lab.Content;

/// <summary>
/// Reads the <c>checks</c> list of a code or property exercise. Every check: <c>id</c> (unique), <c>title</c>,
/// <c>points</c> (≥ 0, default 1), <c>trials</c> (≥ 1, default 1, or the number of <c>seeds</c>),
/// <c>pass_threshold</c> (in (0, 1], default 1). Property checks add <c>prompt</c> (required), <c>system</c>,
/// <c>max_tokens</c> (1..4096, default 64), <c>seeds</c> (default 1..trials), <c>temperature</c> (0..2, default
/// 0.8) and at least one expectation: <c>regex</c>, <c>contains</c>, <c>not_contains</c>,
/// <c>max_completion_tokens</c>, <c>finish_reason</c> (<c>stop</c> | <c>length</c>), <c>same_across_seeds</c>.
/// </summary>
internal static class CheckParser
{
    /// <summary>max_tokens of a property check when absent.</summary>
    public const int DefaultMaxTokens = 64;

    private static readonly string[] CodeCheckKeys = ["id", "title", "points", "trials", "pass_threshold"];
    private static readonly string[] Expectations = ["regex", "contains", "not_contains", "max_completion_tokens", "finish_reason", "same_across_seeds"];
    private static readonly string[] PropertyCheckKeys =
        [.. CodeCheckKeys, "prompt", "system", "max_tokens", "seeds", "temperature", .. Expectations];

    /// <summary>Reads <c>checks</c> (required, at least one) and returns each check with the line of its id.</summary>
    /// <param name="exercise">The exercise's mapping.</param>
    /// <param name="kind"><see cref="ExerciseKind.Code"/> or <see cref="ExerciseKind.Property"/>.</param>
    /// <param name="target">Property exercises: the target, when valid.</param>
    public static List<(CheckDefinition Check, int Line)> Parse(YamlMap exercise, ExerciseKind kind, PropertyTarget? target)
    {
        var checks = new List<(CheckDefinition, int)>();
        var maps = exercise.Maps("checks", required: true);
        if (maps is null) return checks;
        if (maps.Count == 0) exercise.Errors.Add(exercise.File, exercise.KeyLine("checks"), "'checks' must list at least one check");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var map in maps)
        {
            var property = kind == ExerciseKind.Property;
            map.RejectUnknownKeys(property ? PropertyCheckKeys : CodeCheckKeys, property ? "a property check" : "a code check");
            var id = map.String("id", required: true);
            var line = map.KeyLine("id");
            if (id is not null && !seen.TryAdd(id, line))
            {
                map.Errors.Add(map.File, line, $"duplicate check id '{id}' (first at line {seen[id]})");
            }
            var title = map.String("title", required: true);
            var points = map.Int("points") ?? 1;
            if (points < 0) map.Errors.Add(map.File, map.KeyLine("points"), $"points must be 0 or more, got {points}");
            var threshold = map.Double("pass_threshold") ?? 1.0;
            if (threshold is <= 0 or > 1)
            {
                map.Errors.Add(map.File, map.KeyLine("pass_threshold"), $"pass_threshold must be in (0, 1], got {threshold}");
            }
            var seeds = property ? ReadSeeds(map) : null;
            var trials = map.Int("trials") ?? seeds?.Count ?? 1;
            if (trials < 1) map.Errors.Add(map.File, map.KeyLine("trials"), $"trials must be at least 1, got {trials}");
            if (seeds is not null && map.Has("trials") && seeds.Count != trials)
            {
                map.Errors.Add(map.File, map.KeyLine("seeds"), $"seeds has {seeds.Count} values but trials is {trials} (one seed per trial)");
            }
            var spec = property ? ReadProperty(map, target, seeds ?? Enumerable.Range(1, Math.Max(trials, 1)).ToList()) : null;
            checks.Add((new CheckDefinition(id ?? "", title ?? "", points, trials, threshold, spec), line));
        }
        return checks;
    }

    private static List<int>? ReadSeeds(YamlMap map) =>
        map.IntList("seeds", "seed", minimum: 0)?.Select(s => s.Value).ToList();

    private static PropertyCheck ReadProperty(YamlMap map, PropertyTarget? target, IReadOnlyList<int> seeds)
    {
        var prompt = map.String("prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            map.Errors.Add(map.File, map.Line, "a property check needs a 'prompt' (the user message the model answers)");
        }
        var system = map.String("system");
        if (system is not null && target == PropertyTarget.SystemPrompt)
        {
            map.Errors.Add(map.File, map.KeyLine("system"), "'system' has no effect when the target is system-prompt (the student's file is the system prompt)");
        }
        var maxTokens = map.Int("max_tokens") ?? DefaultMaxTokens;
        if (maxTokens is < 1 or > 4096) map.Errors.Add(map.File, map.KeyLine("max_tokens"), $"max_tokens must be within 1..4096, got {maxTokens}");
        var temperature = map.Double("temperature") ?? 0.8;
        if (temperature is < 0 or > 2) map.Errors.Add(map.File, map.KeyLine("temperature"), $"temperature must be within 0..2, got {temperature}");

        var regex = map.String("regex");
        if (regex is not null)
        {
            try
            {
                _ = new Regex(regex, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                map.Errors.Add(map.File, map.KeyLine("regex"), $"invalid regex: {ex.Message}");
            }
        }
        var maxCompletion = map.Int("max_completion_tokens");
        if (maxCompletion is < 1) map.Errors.Add(map.File, map.KeyLine("max_completion_tokens"), $"max_completion_tokens must be at least 1, got {maxCompletion}");
        var finishReason = map.String("finish_reason");
        if (finishReason is not null and not "stop" and not "length")
        {
            map.Errors.Add(map.File, map.KeyLine("finish_reason"), $"finish_reason must be 'stop' or 'length', got '{finishReason}'");
        }
        if (!Expectations.Any(map.Has))
        {
            map.Errors.Add(map.File, map.Line, $"a property check needs at least one expectation ({string.Join(", ", Expectations)})");
        }
        return new PropertyCheck(prompt ?? "", system, maxTokens, seeds, (float)temperature, regex,
            map.String("contains"), map.String("not_contains"), maxCompletion, finishReason, map.Bool("same_across_seeds") ?? false);
    }
}
