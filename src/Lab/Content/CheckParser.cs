using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Workbench.Lab.Content;

/// <summary>
/// Reads the <c>checks</c> list of a code or property exercise. Every check: <c>id</c> (unique), <c>title</c>,
/// <c>points</c> (≥ 0, default 1), <c>trials</c> (≥ 1, default 1, or the number of <c>seeds</c>),
/// <c>pass_threshold</c> (in (0, 1], default 1). Property checks add <c>prompt</c> (required), <c>system</c>,
/// <c>max_tokens</c> (1..4096, default 64), <c>seeds</c> (default 1..trials), <c>temperature</c> (0..2, default
/// 0.8) and at least one expectation: <c>regex</c>, <c>contains</c>, <c>not_contains</c>,
/// <c>max_completion_tokens</c>, <c>finish_reason</c> (<c>stop</c> | <c>length</c>), <c>same_across_seeds</c>,
/// <c>valid_against</c> (a JSON Schema file inside the exercise folder), <c>required_fields</c> (a list of names or a
/// mapping of name to JSON type); a <c>json-schema</c> exercise needs none, since every output must validate against
/// the student's schema anyway.
/// </summary>
internal static class CheckParser
{
    /// <summary>max_tokens of a property check when absent.</summary>
    public const int DefaultMaxTokens = 64;

    private static readonly string[] CodeCheckKeys = ["id", "title", "points", "trials", "pass_threshold"];
    private static readonly string[] Expectations =
        ["regex", "contains", "not_contains", "max_completion_tokens", "finish_reason", "same_across_seeds", "valid_against", "required_fields"];
    private static readonly string[] JsonTypes = ["string", "number", "integer", "boolean", "array", "object", "null"];
    private static readonly string[] PropertyCheckKeys =
        [.. CodeCheckKeys, "prompt", "system", "max_tokens", "seeds", "temperature", .. Expectations];

    /// <summary>Reads <c>checks</c> (required, at least one) and returns each check with the line of its id.</summary>
    /// <param name="exercise">The exercise's mapping.</param>
    /// <param name="kind"><see cref="ExerciseKind.Code"/> or <see cref="ExerciseKind.Property"/>.</param>
    /// <param name="target">Property exercises: the target, when valid.</param>
    /// <param name="exerciseDirectory">Property exercises: the exercise folder, which <c>valid_against</c> paths are relative to.</param>
    public static List<(CheckDefinition Check, int Line)> Parse(YamlMap exercise, ExerciseKind kind, PropertyTarget? target, string? exerciseDirectory = null)
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
            var spec = property ? ReadProperty(map, target, seeds ?? Enumerable.Range(1, Math.Max(trials, 1)).ToList(), exerciseDirectory) : null;
            checks.Add((new CheckDefinition(id ?? "", title ?? "", points, trials, threshold, spec), line));
        }
        return checks;
    }

    private static List<int>? ReadSeeds(YamlMap map) =>
        map.IntList("seeds", "seed", minimum: 0)?.Select(s => s.Value).ToList();

    private static PropertyCheck ReadProperty(YamlMap map, PropertyTarget? target, IReadOnlyList<int> seeds, string? exerciseDirectory)
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
        // A json-schema (tool-schema) exercise always requires every output (call) to validate against the student's schema.
        if (!Expectations.Any(map.Has) && target is not (PropertyTarget.JsonSchema or PropertyTarget.ToolSchema))
        {
            map.Errors.Add(map.File, map.Line, $"a property check needs at least one expectation ({string.Join(", ", Expectations)})");
        }
        return new PropertyCheck(prompt ?? "", system, maxTokens, seeds, (float)temperature, regex,
            map.String("contains"), map.String("not_contains"), maxCompletion, finishReason, map.Bool("same_across_seeds") ?? false,
            ReadSchemaFile(map, exerciseDirectory), ReadRequiredFields(map));
    }

    /// <summary><c>valid_against</c>: the text of a JSON Schema file inside the exercise folder (a JSON object or boolean).</summary>
    private static string? ReadSchemaFile(YamlMap map, string? exerciseDirectory)
    {
        var relative = map.String("valid_against");
        if (relative is null) return null;
        var line = map.KeyLine("valid_against");
        if (!ContentPaths.IsContainedRelativePath(relative) || exerciseDirectory is null)
        {
            map.Errors.Add(map.File, line, $"valid_against '{relative}' must be a path inside the exercise folder");
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(exerciseDirectory, relative));
        if (!File.Exists(path))
        {
            map.Errors.Add(map.File, line, $"valid_against file '{relative}' not found in the exercise folder");
            return null;
        }
        var text = File.ReadAllText(path);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
            {
                map.Errors.Add(map.File, line, $"valid_against file '{relative}' must hold a JSON Schema (an object or a boolean)");
            }
        }
        catch (JsonException e)
        {
            map.Errors.Add(map.File, line, $"valid_against file '{relative}' is not valid JSON: {e.Message}");
        }
        return text;
    }

    /// <summary><c>required_fields</c>: <c>[a, b]</c> (any type) or <c>{ a: string, b: integer }</c>.</summary>
    private static List<RequiredField>? ReadRequiredFields(YamlMap map)
    {
        switch (map.Node("required_fields"))
        {
            case null:
                return null;
            case YamlSequenceNode:
                var names = map.StringList("required_fields")?.Select(f => new RequiredField(f.Value)).ToList() ?? [];
                if (names.Count == 0) map.Errors.Add(map.File, map.KeyLine("required_fields"), "required_fields must name at least one field");
                return names;
            case YamlMappingNode:
                var fields = new List<RequiredField>();
                var types = map.Map("required_fields")!;
                foreach (var name in types.Keys)
                {
                    var type = types.String(name, required: true);
                    if (type is not null && !JsonTypes.Contains(type))
                    {
                        types.Errors.Add(types.File, types.KeyLine(name),
                            $"required_fields: '{name}' has unknown type '{type}' (known: {string.Join(", ", JsonTypes)})");
                    }
                    fields.Add(new RequiredField(name, type));
                }
                if (fields.Count == 0) map.Errors.Add(map.File, map.KeyLine("required_fields"), "required_fields must name at least one field");
                return fields;
            default:
                map.Errors.Add(map.File, map.KeyLine("required_fields"),
                    "required_fields must be a list of names or a mapping of name to JSON type, for example { title: string, year: integer }");
                return null;
        }
    }
}
