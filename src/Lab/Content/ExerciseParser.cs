using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Workbench.Lab.Content;

/// <summary>
/// Reads <c>exercises/&lt;id&gt;/exercise.yaml</c> into an <see cref="ExerciseDefinition"/>, reporting every
/// problem. Keys common to all kinds: <c>id</c> (= the folder name), <c>title</c>, <c>kind</c>
/// (<c>code</c> | <c>property</c> | <c>quiz</c>), <c>instructions</c> (Markdown; required except for quizzes).
/// Code: <c>starter</c>, <c>host</c> (<c>harness</c> | <c>mcp-server</c>, default <c>harness</c>), <c>harness</c>
/// (required for the harness host, optional for an MCP server), <c>checks_file</c> (default <c>checks/Checks.cs</c>),
/// <c>checks</c>, <c>limits</c>.
/// Property: <c>target</c>, <c>starter</c> (one file), <c>checks</c>. Quiz: <c>questions</c>. Training: see
/// <c>ExerciseParser.Training.cs</c>.
/// </summary>
internal static partial class ExerciseParser
{
    /// <summary>The checks file of a code exercise when <c>checks_file</c> is absent.</summary>
    public const string DefaultChecksFile = "checks/Checks.cs";

    private static readonly string[] CommonKeys = ["id", "title", "kind", "instructions"];
    private static readonly string[] CodeKeys = [.. CommonKeys, "starter", "host", "harness", "checks_file", "checks", "limits"];

    /// <summary>The folder of an exercise's harness files.</summary>
    public const string HarnessFolder = "harness";
    private static readonly string[] PropertyKeys = [.. CommonKeys, "target", "starter", "checks"];
    private static readonly string[] QuizKeys = [.. CommonKeys, "questions"];
    private static readonly string[] LimitKeys = ["wall_seconds", "cpu_seconds", "memory_mb"];

    /// <summary>Reads one exercise folder. Returns null when the yaml is missing or unreadable; otherwise a
    /// definition (possibly built around reported errors, which make loading fail).</summary>
    /// <param name="exerciseDir">Absolute path of <c>exercises/&lt;id&gt;</c>.</param>
    /// <param name="labsRoot">The labs root, for relative file names in errors.</param>
    /// <param name="errors">Where problems go.</param>
    public static ExerciseDefinition? Parse(string exerciseDir, string labsRoot, ContentErrorList errors)
    {
        var yamlPath = Path.Combine(exerciseDir, "exercise.yaml");
        var file = ContentPaths.Relative(labsRoot, yamlPath);
        if (!File.Exists(yamlPath))
        {
            errors.Add(file, 0, "missing file: every exercise folder needs an exercise.yaml");
            return null;
        }
        var map = YamlMap.Parse(File.ReadAllText(yamlPath), file, 0, errors, "exercise.yaml");
        if (map is null) return null;

        var folderName = Path.GetFileName(exerciseDir);
        var id = map.String("id", required: true);
        if (id is not null && id != folderName)
        {
            errors.Add(file, map.KeyLine("id"), $"id '{id}' must equal the exercise's folder name '{folderName}'");
        }
        var title = map.String("title", required: true);
        if (title is not null && string.IsNullOrWhiteSpace(title)) errors.Add(file, map.KeyLine("title"), "'title' must not be empty");
        var (kind, kindText) = map.Enum<ExerciseKind>("kind", "kind", required: true);
        if (kind is null) return null;

        map.RejectUnknownKeys(kind switch { ExerciseKind.Code => CodeKeys, ExerciseKind.Property => PropertyKeys, ExerciseKind.Training => TrainingKeys, _ => QuizKeys },
            $"a {kindText} exercise");
        var instructions = map.String("instructions", required: kind != ExerciseKind.Quiz);
        var solutionDir = Path.Combine(exerciseDir, "solution");
        var exercise = new ExerciseDefinition
        {
            Id = folderName,
            Title = title?.Trim() ?? "",
            Kind = kind.Value,
            InstructionsHtml = LabMarkdown.ToHtml(instructions),
            DirectoryPath = exerciseDir,
            SolutionDirectoryPath = Directory.Exists(solutionDir) ? solutionDir : null,
        };
        return kind switch
        {
            ExerciseKind.Code => ParseCode(map, exercise, labsRoot),
            ExerciseKind.Property => ParseProperty(map, exercise),
            ExerciseKind.Training => ParseTraining(map, exercise, labsRoot),
            _ => exercise with { Questions = QuizParser.Parse(map) },
        };
    }

    private static ExerciseDefinition ParseCode(YamlMap map, ExerciseDefinition exercise, string labsRoot)
    {
        var starters = ReadStarterFiles(map, exercise);
        var checksRelative = map.String("checks_file") ?? DefaultChecksFile;
        string? checksPath = null;
        if (!ContentPaths.IsContainedRelativePath(checksRelative))
        {
            map.Errors.Add(map.File, map.KeyLine("checks_file"), $"checks_file '{checksRelative}' must be a path inside the exercise folder");
        }
        else
        {
            checksPath = Path.GetFullPath(Path.Combine(exercise.DirectoryPath, checksRelative));
            if (!File.Exists(checksPath))
            {
                map.Errors.Add(map.File, map.KeyLine("checks_file"),
                    $"checks file '{checksRelative}' not found (expected {ContentPaths.Relative(labsRoot, checksPath)})");
                checksPath = null;
            }
        }

        var checks = CheckParser.Parse(map, ExerciseKind.Code, target: null);
        if (checksPath is not null)
        {
            var declared = CheckAttribute().Matches(File.ReadAllText(checksPath)).Select(m => m.Groups["id"].Value).ToHashSet(StringComparer.Ordinal);
            foreach (var (check, line) in checks)
            {
                if (!declared.Contains(check.Id))
                {
                    map.Errors.Add(map.File, line, $"check '{check.Id}' has no [Check(\"{check.Id}\")] method in {checksRelative}");
                }
            }
        }
        var host = map.Enum<ExerciseHost>("host", "host").Value ?? ExerciseHost.Harness;
        var harness = ReadHarnessFiles(map, exercise, labsRoot, host);
        if (checksPath is not null && harness.Count > 0) CheckOperationsExist(map, checksPath, harness, labsRoot);
        return exercise with
        {
            StarterFiles = starters,
            HarnessFilePaths = harness,
            Host = host,
            ChecksFilePath = checksPath ?? Path.Combine(exercise.DirectoryPath, checksRelative),
            Checks = checks.Select(c => c.Check).ToList(),
            Limits = ReadLimits(map),
        };
    }

    private static ExerciseDefinition ParseProperty(YamlMap map, ExerciseDefinition exercise)
    {
        var target = map.Enum<PropertyTarget>("target", "target", required: true).Value;
        var starters = ReadStarterFiles(map, exercise);
        if (map.Node("starter") is YamlSequenceNode { Children.Count: > 1 })
        {
            map.Errors.Add(map.File, map.KeyLine("starter"), "a property exercise has exactly one starter file (the grammar, system prompt, sampling configuration or JSON Schema)");
        }
        var checks = CheckParser.Parse(map, ExerciseKind.Property, target, exercise.DirectoryPath);
        return exercise with { Target = target, StarterFiles = starters, Checks = checks.Select(c => c.Check).ToList() };
    }

    /// <summary><c>harness</c> (required for the harness host): plain file names in the exercise's <c>harness/</c>
    /// folder, each existing and, for the harness host, declaring at least one <c>[HarnessOperation("name")]</c> in
    /// the exercise. An MCP server's harness is optional visible code compiled with the student's files.</summary>
    private static List<string> ReadHarnessFiles(YamlMap map, ExerciseDefinition exercise, string labsRoot, ExerciseHost host)
    {
        var paths = new List<string>();
        var names = map.StringList("harness", required: host == ExerciseHost.Harness);
        if (names is null) return paths;
        if (names.Count == 0) map.Errors.Add(map.File, map.KeyLine("harness"), "'harness' must name at least one file");
        foreach (var (name, line) in names)
        {
            if (!ContentPaths.IsPlainFileName(name))
            {
                map.Errors.Add(map.File, line, $"harness file '{name}' must be a plain file name (no folders)");
                continue;
            }
            var path = Path.Combine(exercise.DirectoryPath, HarnessFolder, name);
            if (!File.Exists(path))
            {
                map.Errors.Add(map.File, line, $"harness file '{name}' not found (expected {ContentPaths.Relative(labsRoot, path)})");
                continue;
            }
            paths.Add(path);
        }
        if (host == ExerciseHost.Harness && paths.Count > 0 && names.Count == paths.Count && !paths.Any(p => HarnessOperationAttribute().IsMatch(File.ReadAllText(p))))
            map.Errors.Add(map.File, map.KeyLine("harness"), "the harness declares no [HarnessOperation(\"name\")] method");
        return paths;
    }

    /// <summary>Every <c>CallAsync("op", …)</c> in the checks names an operation the harness declares
    /// (<c>file:line</c> of the call otherwise).</summary>
    private static void CheckOperationsExist(YamlMap map, string checksPath, IReadOnlyList<string> harness, string labsRoot)
    {
        var declared = harness.SelectMany(p => HarnessOperationAttribute().Matches(File.ReadAllText(p)))
            .Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var text = File.ReadAllText(checksPath);
        foreach (Match call in OperationCall().Matches(text))
        {
            var name = call.Groups["name"].Value;
            if (declared.Contains(name)) continue;
            var line = text.AsSpan(0, call.Index).Count('\n') + 1;
            map.Errors.Add(ContentPaths.Relative(labsRoot, checksPath), line, $"the checks call harness operation '{name}', which the harness does not declare");
        }
    }

    private static List<StarterFile> ReadStarterFiles(YamlMap map, ExerciseDefinition exercise)
    {
        var files = new List<StarterFile>();
        var names = map.StringList("starter", required: true);
        if (names is null) return files;
        if (names.Count == 0) map.Errors.Add(map.File, map.KeyLine("starter"), "'starter' must name at least one file");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, line) in names)
        {
            if (!ContentPaths.IsPlainFileName(name))
            {
                map.Errors.Add(map.File, line, $"starter file '{name}' must be a plain file name (no folders)");
                continue;
            }
            if (!seen.Add(name))
            {
                map.Errors.Add(map.File, line, $"starter file '{name}' is listed twice");
                continue;
            }
            var starterPath = Path.Combine(exercise.DirectoryPath, "starter", name);
            if (File.Exists(starterPath)) files.Add(new StarterFile(name, File.ReadAllText(starterPath)));
            else map.Errors.Add(map.File, line, $"starter file '{name}' not found in starter/");
            if (exercise.SolutionDirectoryPath is { } solution && !File.Exists(Path.Combine(solution, name)))
            {
                map.Errors.Add(map.File, line, $"starter file '{name}' not found in solution/ (the reference solution has the same files)");
            }
        }
        return files;
    }

    private static SandboxLimits ReadLimits(YamlMap exerciseMap)
    {
        var defaults = SandboxLimits.Default;
        var map = exerciseMap.Map("limits");
        if (map is null) return defaults;
        map.RejectUnknownKeys(LimitKeys, "limits");
        var wall = Positive(map, "wall_seconds", map.Double("wall_seconds"));
        var cpu = Positive(map, "cpu_seconds", map.Double("cpu_seconds"));
        var memory = Positive(map, "memory_mb", map.Int("memory_mb"));
        return new SandboxLimits(
            wall is { } w ? TimeSpan.FromSeconds(w) : defaults.WallTime,
            cpu is { } c ? TimeSpan.FromSeconds(c) : defaults.CpuTime,
            memory is { } m ? (long)m * 1024 * 1024 : defaults.MemoryBytes);
    }

    private static double? Positive(YamlMap map, string key, double? value)
    {
        if (value is not > 0 && value is not null)
        {
            map.Errors.Add(map.File, map.KeyLine(key), $"'{key}' must be greater than 0, got {value}");
            return null;
        }
        return value;
    }

    /// <summary><c>[Check("id")]</c>, <c>[Check(id: "id")]</c>, <c>[CheckAttribute("id")]</c>, possibly after other attributes.</summary>
    [GeneratedRegex("""[\[,]\s*(?:[\w.]+\.)?Check(?:Attribute)?\s*\(\s*(?:id\s*:\s*)?"(?<id>[^"\\]*)"\s*\)""")]
    private static partial Regex CheckAttribute();

    /// <summary><c>[HarnessOperation("name")]</c>, as <see cref="CheckAttribute"/> reads checks.</summary>
    [GeneratedRegex("""[\[,]\s*(?:[\w.]+\.)?HarnessOperation(?:Attribute)?\s*\(\s*(?:name\s*:\s*)?"(?<name>[^"\\]*)"\s*\)""")]
    private static partial Regex HarnessOperationAttribute();

    /// <summary>A check's <c>CallAsync("name", …)</c> or <c>CallAsync&lt;T&gt;("name", …)</c>.</summary>
    [GeneratedRegex(@"\bCallAsync(?:<[^>()]*>)?\s*\(\s*""(?<name>[^""\\]*)""")]
    private static partial Regex OperationCall();
}
