namespace Workbench.Engine.Tools.Parsing;

/// <summary>Generated call ids.</summary>
public static class ToolCallIds
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>An OpenAI-style id: <c>call_</c> + 24 random alphanumerics (29 characters).</summary>
    public static string NewOpenAiId() => "call_" + new string(Random.Shared.GetItems<char>(Alphanumerics, 24));

    /// <summary>A Mistral id: 9 random alphanumerics. Mistral's templates raise <c>"Tool call IDs should be alphanumeric
    /// strings with length 9!"</c> on any other id when the call is rendered back into the prompt.</summary>
    public static string NewMistralId() => new(Random.Shared.GetItems<char>(Alphanumerics, 9));
}
