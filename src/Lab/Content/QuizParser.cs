using YamlDotNet.RepresentationModel;

namespace Workbench.Lab.Content;

/// <summary>
/// Reads the <c>questions</c> of a quiz. Each question: <c>id</c> (unique), <c>kind</c> (<c>single</c> |
/// <c>multiple</c> | <c>numeric</c>), <c>prompt</c> (Markdown), <c>points</c> (≥ 0, default 1),
/// <c>explanation</c> (Markdown, optional). Choice questions: <c>options</c> (at least two) and <c>answer</c>,
/// 0-based option indexes (exactly one for single choice: <c>answer: 1</c>; at least one for multiple:
/// <c>answer: [0, 2]</c>). Numeric: <c>answer</c> (a number) and <c>tolerance</c> (≥ 0, default 0).
/// </summary>
internal static class QuizParser
{
    private static readonly string[] ChoiceKeys = ["id", "kind", "prompt", "options", "answer", "points", "explanation"];
    private static readonly string[] NumericKeys = ["id", "kind", "prompt", "answer", "tolerance", "points", "explanation"];

    /// <summary>Reads <c>questions</c> (required, at least one), reporting every problem.</summary>
    /// <param name="exercise">The quiz's mapping.</param>
    public static List<QuizQuestion> Parse(YamlMap exercise)
    {
        var questions = new List<QuizQuestion>();
        var maps = exercise.Maps("questions", required: true);
        if (maps is null) return questions;
        if (maps.Count == 0) exercise.Errors.Add(exercise.File, exercise.KeyLine("questions"), "'questions' must list at least one question");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var map in maps)
        {
            var id = map.String("id", required: true);
            if (id is not null && !seen.TryAdd(id, map.KeyLine("id")))
            {
                map.Errors.Add(map.File, map.KeyLine("id"), $"duplicate question id '{id}' (first at line {seen[id]})");
            }
            var (kind, kindText) = map.Enum<QuizQuestionKind>("kind", "question kind", required: true);
            map.RejectUnknownKeys(kind switch
            {
                QuizQuestionKind.Numeric => NumericKeys,
                null => [.. ChoiceKeys.Union(NumericKeys)],
                _ => ChoiceKeys,
            }, $"a {kindText ?? "quiz"} question");
            var prompt = map.String("prompt", required: true);
            var points = map.Int("points") ?? 1;
            if (points < 0) map.Errors.Add(map.File, map.KeyLine("points"), $"points must be 0 or more, got {points}");
            var explanation = map.String("explanation");
            if (kind is null) continue;

            var options = new List<string>();
            var choices = new List<int>();
            double? answer = null;
            var tolerance = 0.0;
            if (kind == QuizQuestionKind.Numeric)
            {
                if (!map.Has("answer")) map.Errors.Add(map.File, map.Line, "a numeric question needs an 'answer' (a number)");
                answer = map.Double("answer");
                tolerance = map.Double("tolerance") ?? 0;
                if (tolerance < 0) map.Errors.Add(map.File, map.KeyLine("tolerance"), $"tolerance must be 0 or more, got {tolerance}");
            }
            else
            {
                options = (map.StringList("options", required: true) ?? []).Select(o => o.Value).ToList();
                if (map.Has("options") && options.Count < 2) map.Errors.Add(map.File, map.KeyLine("options"), "a choice question needs at least two options");
                choices = ReadChoices(map, kind.Value, options.Count);
            }
            questions.Add(new QuizQuestion(id ?? "", kind.Value, LabMarkdown.ToHtml(prompt), options, points, choices,
                answer, tolerance, string.IsNullOrWhiteSpace(explanation) ? null : LabMarkdown.ToHtml(explanation)));
        }
        return questions;
    }

    private static List<int> ReadChoices(YamlMap map, QuizQuestionKind kind, int optionCount)
    {
        var choices = new List<int>();
        var node = map.Node("answer");
        if (node is null)
        {
            map.Errors.Add(map.File, map.Line, kind == QuizQuestionKind.Single
                ? "a single-choice question needs an 'answer': the 0-based index of the correct option"
                : "a multiple-choice question needs an 'answer': the 0-based indexes of the correct options, for example [0, 2]");
            return choices;
        }
        var items = node is YamlSequenceNode sequence ? sequence.Children.ToList() : [node];
        foreach (var item in items)
        {
            if (item is YamlScalarNode scalar && YamlMap.TryInt(scalar, out var index))
            {
                if (index < 0 || index >= optionCount)
                {
                    map.Errors.Add(map.File, map.LineOf(item), $"answer index {index} is out of range (options are 0..{optionCount - 1})");
                }
                else if (choices.Contains(index))
                {
                    map.Errors.Add(map.File, map.LineOf(item), $"answer index {index} is given twice");
                }
                else
                {
                    choices.Add(index);
                }
            }
            else
            {
                map.Errors.Add(map.File, map.LineOf(item), $"answer must be option indexes (0-based integers), got {YamlMap.Describe(item)}");
            }
        }
        if (kind == QuizQuestionKind.Single && items.Count != 1)
        {
            map.Errors.Add(map.File, map.KeyLine("answer"), $"a single-choice question has exactly one answer, got {items.Count}");
        }
        if (kind == QuizQuestionKind.Multiple && items.Count == 0)
        {
            map.Errors.Add(map.File, map.KeyLine("answer"), "a multiple-choice question needs at least one answer");
        }
        return choices;
    }
}
