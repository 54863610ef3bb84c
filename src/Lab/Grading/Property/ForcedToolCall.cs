using System.Globalization;
using Workbench.Engine.Conversation;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// The call a tool-schema check judges. The grader renders the check's prompt with the student's tool offered
/// (<c>tools</c>), forces it by name (OpenAI <c>tool_choice: {"type": "function", "function": {"name": …}}</c>) on a
/// model that cannot decide to call anything (stories260K), so the engine's tool-call grammar
/// (<c>ToolCallGrammar</c>, the tool's <c>parameters</c> as GBNF) writes the call in the template's format, and the
/// format's parser (<c>ToolCallSession</c>) reads it back — the path <c>/v1/chat/completions</c> takes.
/// </summary>
internal static class ForcedToolCall
{
    /// <summary>The call of one seed's run.</summary>
    /// <param name="tool">The forced tool.</param>
    /// <param name="completion">The parsed call's arguments (JSON text), or the raw text when no call parsed.</param>
    /// <param name="seed">The seed of the run (it names the call id, as a server would number them).</param>
    public static ToolCall FromCompletion(StudentTool tool, string completion, int seed) =>
        new("call_seed_" + seed.ToString(CultureInfo.InvariantCulture), tool.Tool.Name, completion.Trim());
}
