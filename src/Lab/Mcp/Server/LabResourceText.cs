using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Lab.Content;

namespace Workbench.Lab.Mcp.Server;

/// <summary>
/// A lab as the Markdown text of its MCP resource: what a student sees on the lab page and nothing else. In order:
/// the title, summary, objectives and prerequisites (front matter), then the body of <c>lab.md</c> as written
/// (prose, code, widget blocks), with each <c>:::exercise</c> line replaced by the exercise's visible part — title,
/// kind, instructions (rendered HTML reduced to text), starter file names, check titles and points, quiz
/// questions and options. Left out, as in the lab API's public views: hidden checks, solutions, quiz answers,
/// tolerances and explanations, property checks' prompts and expectations (none of them is read: only
/// <c>lab.md</c> and the <see cref="ExerciseDefinition"/>'s public fields are).
/// </summary>
internal static partial class LabResourceText
{
    /// <summary>The resource text of <paramref name="lab"/>.</summary>
    /// <exception cref="IOException"><c>lab.md</c> could not be read.</exception>
    public static async Task<string> BuildAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(lab.DirectoryPath, "lab.md"), cancellationToken).ConfigureAwait(false);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"<!-- lab://{lab.Id} — {lab.Title} ({lab.EstimatedMinutes} min) -->\n\n");
        text.Append(lab.Summary).Append("\n\n");
        if (lab.Objectives.Count > 0)
        {
            text.Append("Objectives:\n");
            foreach (var objective in lab.Objectives) text.Append("- ").Append(objective).Append('\n');
            text.Append('\n');
        }
        if (lab.Prerequisites.Count > 0) text.Append("Prerequisites: ").Append(string.Join(", ", lab.Prerequisites)).Append("\n\n");

        var placements = lab.Blocks.OfType<ExerciseBlock>().ToDictionary(b => b.Line - 1, b => b.ExerciseId);
        for (var i = BodyStart(lines); i < lines.Length; i++)
        {
            if (placements.TryGetValue(i, out var exerciseId) && lab.FindExercise(exerciseId) is { } placed) AppendExercise(text, placed);
            else text.Append(lines[i]).Append('\n');
        }
        foreach (var unplaced in lab.Exercises.Where(e => !placements.ContainsValue(e.Id))) AppendExercise(text, unplaced);
        return text.ToString();
    }

    // The body starts after the closing "---" of the front matter.
    private static int BodyStart(string[] lines)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---") return 0;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "---") return i + 1;
        }
        return lines.Length;
    }

    private static void AppendExercise(StringBuilder text, ExerciseDefinition exercise)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n### Exercise: {exercise.Title} ({exercise.Kind.ToString().ToLowerInvariant()}, {exercise.MaxScore} points)\n\n");
        text.Append(ToText(exercise.InstructionsHtml)).Append("\n\n");
        if (exercise.StarterFiles.Count > 0)
            text.Append("Starter files: ").Append(string.Join(", ", exercise.StarterFiles.Select(f => f.Name))).Append("\n\n");
        foreach (var check in exercise.Checks)
            text.Append(CultureInfo.InvariantCulture, $"- Check: {check.Title} ({check.Points} points)\n");
        var number = 0;
        foreach (var question in exercise.Questions)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{++number}. {ToText(question.PromptHtml)} ({question.Points} points)\n");
            foreach (var option in question.Options) text.Append("   - ").Append(option).Append('\n');
        }
        text.Append('\n');
    }

    /// <summary>Rendered HTML as plain text: block ends become line breaks, list items dashes, tags go, entities
    /// are decoded.</summary>
    internal static string ToText(string html)
    {
        var text = BlockEnd().Replace(html, "\n");
        text = ListItem().Replace(text, "- ");
        text = WebUtility.HtmlDecode(Tag().Replace(text, ""));
        return BlankLines().Replace(text, "\n\n").Trim();
    }

    [GeneratedRegex(@"<br\s*/?>|</(p|li|h[1-6]|pre|div|tr|blockquote)>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<li[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItem();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
