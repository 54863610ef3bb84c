using System.Text.RegularExpressions;

namespace Workbench.Engine.Requests;

/// <summary>Spells the validator's snake_case field paths as the hub's camelCase JSON spells them
/// (<c>messages[1].tool_call_id</c> → <c>messages[1].toolCallId</c>).</summary>
public static partial class RequestFieldNames
{
    /// <summary>The camelCase form of a snake_case path; indexes and dots are kept.</summary>
    public static string ToCamelCase(string snakePath)
    {
        ArgumentNullException.ThrowIfNull(snakePath);
        return SnakeJoint().Replace(snakePath, m => char.ToUpperInvariant(m.Groups[1].Value[0]).ToString());
    }

    /// <summary>A message with every quoted request field path (<c>'top_logprobs'</c>,
    /// <c>'messages[1].tool_call_id'</c>) in camelCase; other quoted text (a tool's name, a value) is kept.</summary>
    public static string CamelCaseQuoted(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return QuotedName().Replace(message, m =>
        {
            var path = m.Groups[1].Value;
            var first = path.Split('.', '[')[0];
            return Fields.Contains(first) ? "'" + ToCamelCase(path) + "'" : m.Value;
        });
    }

    /// <summary>The top-level fields the validator names.</summary>
    private static readonly HashSet<string> Fields =
    [
        "messages", "max_tokens", "max_completion_tokens", "n_predict", "temperature", "top_p", "top_k", "min_p",
        "repeat_penalty", "repeat_last_n", "presence_penalty", "frequency_penalty", "seed", "stop", "logprobs",
        "top_logprobs", "grammar", "grammar_trace", "ignore_eos", "logit_bias", "n", "tools", "tool_choice",
        "parallel_tool_calls",
    ];

    [GeneratedRegex("(?<=[a-z0-9])_([a-z])")]
    private static partial Regex SnakeJoint();

    [GeneratedRegex(@"'([a-z][a-z0-9_]*(?:(?:\[\d+\])|(?:\.[a-z][a-z0-9_]*))*)'")]
    private static partial Regex QuotedName();
}
