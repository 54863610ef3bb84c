using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Lab.Content;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// The expectations of a tool-schema check on one forced call: it calls the forced tool, and its arguments (the JSON
/// text OpenAI's <c>function.arguments</c> carries) satisfy every expectation of the check as a property output —
/// JSON, valid against the tool's <c>parameters</c>, against the hidden <see cref="PropertyCheck.ValidAgainst"/>
/// schema, with the <see cref="PropertyCheck.RequiredFields"/> (<see cref="JsonExpectations"/>). Independent of how
/// the call was produced (<see cref="ForcedToolCall"/>).
/// </summary>
internal static class ToolCallExpectations
{
    /// <summary>The first expectation <paramref name="call"/> breaks, described for the student, or null.</summary>
    /// <param name="property">The check.</param>
    /// <param name="tool">The student's tool (the forced one).</param>
    /// <param name="call">The call the model made.</param>
    /// <param name="finish">Why generation stopped.</param>
    /// <param name="completionTokens">usage.completion_tokens of the call.</param>
    public static string? Evaluate(PropertyCheck property, StudentTool tool, ToolCall call, FinishReason? finish, int completionTokens)
    {
        if (call.Name != tool.Tool.Name)
            return $"the model called \"{call.Name}\"; the forced tool is \"{tool.Tool.Name}\"";
        var failure = PropertyGrader.Evaluate(property, call.Arguments, finish, completionTokens, tool.Tool.Parameters);
        return failure is null ? null : $"{call.Name}'s arguments: {failure.Replace("your schema", "your parameters schema", StringComparison.Ordinal)}";
    }
}
