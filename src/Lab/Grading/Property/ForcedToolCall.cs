using System.Globalization;
using Workbench.Engine.Conversation;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// How the tool-schema grader obtains a forced call of the student's tool (OpenAI <c>tool_choice: {"type":
/// "function", "function": {"name": …}}</c>) on a model that cannot decide to call anything (stories260K).
/// </summary>
/// <remarks>
/// Until the engine's tool-call grammar (src/Engine/Tools/Grammar) is on main, the call is produced with the existing
/// JSON-schema grammar over the tool's <c>parameters</c>: the generated text is the arguments object, exactly the part
/// of a call the tool grammar constrains with the same schema (the rest — the format's tags and the name — is fixed
/// text for a named choice). The name is the forced one. When the tool grammar lands, generate with <c>tools</c> and the
/// named <c>tool_choice</c> and parse the call instead; <see cref="ToolCallExpectations"/> judges a
/// <see cref="ToolCall"/> and does not change.
/// </remarks>
internal static class ForcedToolCall
{
    /// <summary>The grammar the completion is generated under: the arguments object of <paramref name="tool"/>.</summary>
    public static string Grammar(StudentTool tool) => tool.ArgumentsGrammar;

    /// <summary>The call a completion generated under <see cref="Grammar"/> stands for.</summary>
    /// <param name="tool">The forced tool.</param>
    /// <param name="completion">The generated text: the arguments as JSON text.</param>
    /// <param name="seed">The seed of the run (it names the call id, as a server would number them).</param>
    public static ToolCall FromCompletion(StudentTool tool, string completion, int seed) =>
        new("call_seed_" + seed.ToString(CultureInfo.InvariantCulture), tool.Tool.Name, completion.Trim());
}
