namespace Workbench.Lab.Content;

/// <summary>Training exercises (<c>kind: training</c>): <c>starter</c>, <c>harness</c> (required: the operation
/// <c>generate</c> the grader calls), <c>checks</c> (ids among <see cref="TrainingSpec.CheckIds"/>, each at most
/// once), <c>limits</c> (of the sandbox run that generates the corpus), and <c>training</c> (a
/// <see cref="TrainingSpec"/>: <c>tool</c>, <c>hidden_cases</c>, <c>seed</c>, <c>conversations</c>, <c>replay</c>,
/// <c>steps</c>, <c>new_tool_min_accuracy</c>, <c>old_tools_min_accuracy</c>).</summary>
internal static partial class ExerciseParser
{
    private static readonly string[] TrainingKeys = [.. CommonKeys, "starter", "harness", "checks", "limits", "training"];
    private static readonly string[] TrainingSpecKeys =
        ["tool", "hidden_cases", "seed", "conversations", "replay", "steps", "new_tool_min_accuracy", "old_tools_min_accuracy"];

    private static ExerciseDefinition ParseTraining(YamlMap map, ExerciseDefinition exercise, string labsRoot)
    {
        var starters = ReadStarterFiles(map, exercise);
        var harness = ReadHarnessFiles(map, exercise, labsRoot, ExerciseHost.Harness);
        var checks = CheckParser.Parse(map, ExerciseKind.Code, target: null);
        foreach (var (check, line) in checks)
        {
            if (!TrainingSpec.CheckIds.Contains(check.Id))
                map.Errors.Add(map.File, line, $"check '{check.Id}' is not a training check (one of {string.Join(", ", TrainingSpec.CheckIds)})");
        }
        return exercise with
        {
            StarterFiles = starters,
            HarnessFilePaths = harness,
            Checks = checks.Select(c => c.Check).ToList(),
            Limits = ReadLimits(map),
            Training = ReadTrainingSpec(map, exercise, labsRoot),
        };
    }

    private static TrainingSpec? ReadTrainingSpec(YamlMap exerciseMap, ExerciseDefinition exercise, string labsRoot)
    {
        var map = exerciseMap.Map("training", required: true);
        if (map is null) return null;
        map.RejectUnknownKeys(TrainingSpecKeys, "training");
        var tool = ExerciseFile(map, "tool", exercise, labsRoot);
        var cases = ExerciseFile(map, "hidden_cases", exercise, labsRoot);
        var seed = map.Int("seed") ?? 9;
        var conversations = InRange(map, "conversations", map.Int("conversations") ?? 300, 10, 2_000);
        var replay = InRange(map, "replay", map.Int("replay") ?? 300, 1, 20_000);
        var steps = InRange(map, "steps", map.Int("steps") ?? 150, 1, 5_000);
        var newTool = Fraction(map, "new_tool_min_accuracy");
        var oldTools = Fraction(map, "old_tools_min_accuracy");
        if (tool is null || cases is null) return null;
        return new TrainingSpec(tool, cases, seed, conversations, replay, steps, newTool, oldTools);
    }

    /// <summary>A required path inside the exercise folder that exists; null (with the error reported) otherwise.</summary>
    private static string? ExerciseFile(YamlMap map, string key, ExerciseDefinition exercise, string labsRoot)
    {
        var relative = map.String(key, required: true);
        if (relative is null) return null;
        if (!ContentPaths.IsContainedRelativePath(relative))
        {
            map.Errors.Add(map.File, map.KeyLine(key), $"{key} '{relative}' must be a path inside the exercise folder");
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(exercise.DirectoryPath, relative));
        if (File.Exists(path)) return path;
        map.Errors.Add(map.File, map.KeyLine(key), $"{key} file '{relative}' not found (expected {ContentPaths.Relative(labsRoot, path)})");
        return null;
    }

    private static int InRange(YamlMap map, string key, int value, int minimum, int maximum)
    {
        if (value >= minimum && value <= maximum) return value;
        map.Errors.Add(map.File, map.KeyLine(key), $"'{key}' must be between {minimum} and {maximum}, got {value}");
        return Math.Clamp(value, minimum, maximum);
    }

    private static double Fraction(YamlMap map, string key)
    {
        var value = map.Double(key, required: true);
        if (value is > 0 and <= 1) return value.Value;
        if (value is not null) map.Errors.Add(map.File, map.KeyLine(key), $"'{key}' must be in (0, 1], got {value}");
        return 1.0;
    }
}
