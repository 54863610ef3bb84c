namespace Workbench.Lab.Content;

/// <summary>
/// Loads and validates the labs under a labs root: every folder <c>&lt;labs&gt;/&lt;folder&gt;/</c> holds a
/// <c>lab.md</c> (YAML front matter, then Markdown with <c>:::widget</c> and <c>:::exercise</c> directives) and
/// <c>exercises/&lt;id&gt;/exercise.yaml</c> for each id its front matter lists. Validation finds every error in
/// one pass — bad or missing fields, unknown YAML keys, duplicate lab ids, unknown prerequisites, exercise folders
/// missing or not listed, unknown widgets, unclosed widget blocks, missing starter, solution or checks files,
/// checks without a <c>[Check("id")]</c> method, out-of-range points, trials, thresholds and answers — each
/// located as <c>file:line</c> relative to the labs root. Folders whose name starts with <c>.</c> are ignored.
/// </summary>
public static class LabCatalogLoader
{
    /// <summary>Loads every lab, ordered by <see cref="LabDefinition.Order"/> then id.</summary>
    /// <param name="labsRoot">The labs folder (for example the repository's <c>labs/</c>).</param>
    /// <param name="knownWidgets">The widget names content may embed, usually <see cref="LabWidgets.Names"/>.</param>
    /// <returns>The labs; empty when the folder holds none.</returns>
    /// <exception cref="LabContentException">The content has at least one error; the exception lists all of them.</exception>
    public static IReadOnlyList<LabDefinition> Load(string labsRoot, IReadOnlySet<string> knownWidgets)
    {
        var (labs, errors) = Read(labsRoot, knownWidgets);
        if (errors.Count > 0) throw new LabContentException(errors);
        return labs;
    }

    /// <summary>Validates the labs without throwing.</summary>
    /// <param name="labsRoot">The labs folder.</param>
    /// <param name="knownWidgets">The widget names content may embed.</param>
    /// <returns>Every error found, ordered by file then line; empty when the content is valid.</returns>
    public static IReadOnlyList<ContentError> Validate(string labsRoot, IReadOnlySet<string> knownWidgets) =>
        Read(labsRoot, knownWidgets).Errors;

    private static (IReadOnlyList<LabDefinition> Labs, IReadOnlyList<ContentError> Errors) Read(string labsRoot, IReadOnlySet<string> knownWidgets)
    {
        ArgumentException.ThrowIfNullOrEmpty(labsRoot);
        ArgumentNullException.ThrowIfNull(knownWidgets);
        var root = Path.GetFullPath(labsRoot);
        var errors = new ContentErrorList();
        if (!Directory.Exists(root))
        {
            errors.Add(root, 0, "the labs folder does not exist");
            return ([], errors.Items);
        }

        var loaded = new List<(LabDefinition Lab, LabFrontMatter FrontMatter, string File)>();
        foreach (var labDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(labDir).StartsWith('.')) continue;
            var labFile = Path.Combine(labDir, "lab.md");
            var file = ContentPaths.Relative(root, labFile);
            if (!File.Exists(labFile))
            {
                errors.Add(file, 0, "missing file: every lab folder needs a lab.md");
                continue;
            }
            var lines = ContentPaths.SplitLines(File.ReadAllText(labFile));
            var frontMatter = LabFrontMatter.Parse(lines, file, errors, out var bodyStart);
            var exerciseIds = frontMatter?.Exercises.Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
            var exercises = frontMatter is null || exerciseIds is null ? [] : ReadExercises(labDir, root, file, frontMatter, exerciseIds, errors);
            var body = LabBodyParser.Parse(lines, bodyStart, file, knownWidgets, exerciseIds, errors);
            if (frontMatter is null) continue;
            var lab = new LabDefinition(frontMatter.Id, frontMatter.Title, frontMatter.Order, frontMatter.Minutes,
                frontMatter.Summary, frontMatter.Objectives, frontMatter.Prerequisites.Select(p => p.Value).ToList(),
                body.Sections, body.Blocks, exercises, labDir);
            loaded.Add((lab, frontMatter, file));
        }

        CheckAcrossLabs(loaded, errors);
        var labs = loaded.Select(l => l.Lab).OrderBy(l => l.Order).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();
        return (labs, errors.Sorted());
    }

    private static List<ExerciseDefinition> ReadExercises(string labDir, string root, string file, LabFrontMatter frontMatter,
        HashSet<string> listed, ContentErrorList errors)
    {
        var exercisesDir = Path.Combine(labDir, "exercises");
        if (Directory.Exists(exercisesDir))
        {
            foreach (var folder in Directory.GetDirectories(exercisesDir).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                if (folder is null || folder.StartsWith('.') || listed.Contains(folder)) continue;
                errors.Add(file, frontMatter.ExercisesLine,
                    $"exercise folder 'exercises/{folder}' is not listed in the front matter's exercises");
            }
        }

        var exercises = new List<ExerciseDefinition>();
        foreach (var (id, line) in frontMatter.Exercises.DistinctBy(e => e.Value))
        {
            var exerciseDir = Path.Combine(exercisesDir, id);
            if (!Directory.Exists(exerciseDir))
            {
                errors.Add(file, line, $"exercise '{id}' has no folder exercises/{id}/ (with an exercise.yaml)");
                continue;
            }
            if (ExerciseParser.Parse(exerciseDir, root, errors) is { } exercise) exercises.Add(exercise);
        }
        return exercises;
    }

    private static void CheckAcrossLabs(List<(LabDefinition Lab, LabFrontMatter FrontMatter, string File)> loaded, ContentErrorList errors)
    {
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (lab, frontMatter, file) in loaded)
        {
            if (lab.Id.Length == 0) continue;
            if (!byId.TryAdd(lab.Id, file))
            {
                errors.Add(file, frontMatter.IdLine, $"duplicate lab id '{lab.Id}' (also used by {byId[lab.Id]})");
            }
        }
        foreach (var (lab, frontMatter, file) in loaded)
        {
            foreach (var (prerequisite, line) in frontMatter.Prerequisites)
            {
                if (prerequisite == lab.Id) errors.Add(file, line, "a lab cannot be its own prerequisite");
                else if (!byId.ContainsKey(prerequisite)) errors.Add(file, line, $"unknown prerequisite lab '{prerequisite}'");
            }
        }
    }
}
