namespace Workbench.Lab.Content;

/// <summary>
/// One lab, loaded from <c>labs/&lt;folder&gt;/lab.md</c> (YAML front matter + Markdown body) and its
/// <c>exercises/&lt;id&gt;/exercise.yaml</c> files. Immutable; built by <c>LabCatalogLoader</c>.
/// </summary>
/// <param name="Id">Front matter <c>id</c>, for example <c>01-chat-completions</c>; unique across labs, used in URLs.</param>
/// <param name="Title">Front matter <c>title</c>.</param>
/// <param name="Order">Front matter <c>order</c>: position in the lab list (ascending).</param>
/// <param name="EstimatedMinutes">Front matter <c>minutes</c>: the expected time to complete, in minutes.</param>
/// <param name="Summary">Front matter <c>summary</c>: one sentence for the lab list (plain text).</param>
/// <param name="Objectives">Front matter <c>objectives</c>: learning objectives, plain text, in order.</param>
/// <param name="Prerequisites">Front matter <c>prerequisites</c>: ids of labs to do first (validated to exist).</param>
/// <param name="Sections">The body's headings (level 2 and 3), in order, for a table of contents.</param>
/// <param name="Blocks">The body, in order: rendered Markdown, widgets and exercise placements.</param>
/// <param name="Exercises">The lab's exercises in front matter <c>exercises</c> order.</param>
/// <param name="DirectoryPath">Absolute path of the lab's folder.</param>
public sealed record LabDefinition(
    string Id,
    string Title,
    int Order,
    int EstimatedMinutes,
    string Summary,
    IReadOnlyList<string> Objectives,
    IReadOnlyList<string> Prerequisites,
    IReadOnlyList<LabSection> Sections,
    IReadOnlyList<LabBlock> Blocks,
    IReadOnlyList<ExerciseDefinition> Exercises,
    string DirectoryPath)
{
    /// <summary>The exercise with <paramref name="exerciseId"/>, or null.</summary>
    /// <param name="exerciseId">An exercise id of this lab.</param>
    public ExerciseDefinition? FindExercise(string exerciseId) =>
        Exercises.FirstOrDefault(e => string.Equals(e.Id, exerciseId, StringComparison.Ordinal));

    /// <summary>The sum of the exercises' points.</summary>
    public int MaxScore => Exercises.Sum(e => e.MaxScore);
}

/// <summary>A heading of a lab's body.</summary>
/// <param name="Title">The heading text.</param>
/// <param name="Anchor">The HTML id Markdig gave the heading (auto-identifiers), for <c>#anchor</c> links.</param>
/// <param name="Level">2 or 3.</param>
public sealed record LabSection(string Title, string Anchor, int Level);

/// <summary>A piece of a lab's body. <see cref="Line"/> is 1-based in <c>lab.md</c> (front matter included).</summary>
/// <param name="Line">Where the block starts in the file.</param>
public abstract record LabBlock(int Line);

/// <summary>Markdown rendered to HTML by Markdig (advanced extensions, auto-identifiers). Lab content is trusted.</summary>
/// <param name="Html">The rendered HTML.</param>
/// <param name="Line">Where the block starts in the file.</param>
public sealed record MarkdownBlock(string Html, int Line) : LabBlock(Line);

/// <summary>
/// A live widget, written in Markdown as a block
/// <code>
/// :::widget wire-inspector
/// system: You are a helpful assistant.
/// user: Say hello.
/// :::
/// </code>
/// (a YAML mapping of options between the opening line and a closing <c>:::</c> line, which is always needed),
/// or on one line with a YAML flow mapping and no closing line: <c>:::widget chat-playground { max_tokens: 32 }</c>.
/// The name must be one of <see cref="LabWidgets.Names"/>; option names are not checked here (each widget
/// documents its own).
/// </summary>
/// <param name="Name">The widget name.</param>
/// <param name="Options">Option values as strings (YAML scalars), keyed by option name.</param>
/// <param name="Line">Where the block starts in the file.</param>
public sealed record WidgetBlock(string Name, IReadOnlyDictionary<string, string> Options, int Line) : LabBlock(Line);

/// <summary>Places an exercise in the body: a line <c>:::exercise &lt;id&gt;</c> (validated to name an exercise of the lab).</summary>
/// <param name="ExerciseId">The exercise id.</param>
/// <param name="Line">Where the block starts in the file.</param>
public sealed record ExerciseBlock(string ExerciseId, int Line) : LabBlock(Line);
