namespace Workbench.Engine.Tools;

/// <summary>OpenAI's <c>tool_choice</c>: <c>auto</c> (the model decides), <c>none</c> (no call), <c>required</c>
/// (at least one call, any tool) or <c>{type: "function", function: {name}}</c> (exactly that tool).</summary>
/// <param name="Mode">Which of the four.</param>
/// <param name="FunctionName">The forced tool's name when <paramref name="Mode"/> is
/// <see cref="ToolChoiceMode.Named"/>; null otherwise.</param>
public sealed record ToolChoice(ToolChoiceMode Mode, string? FunctionName = null)
{
    /// <summary><c>auto</c>: free text or calls; with a lazy grammar a started call is valid.</summary>
    public static ToolChoice Auto { get; } = new(ToolChoiceMode.Auto);

    /// <summary><c>none</c>: the model writes text; tools are still shown to it.</summary>
    public static ToolChoice None { get; } = new(ToolChoiceMode.None);

    /// <summary><c>required</c>: the reply is one or more calls (a grammar forces it).</summary>
    public static ToolChoice Required { get; } = new(ToolChoiceMode.Required);

    /// <summary>A named function: the reply is a call of it (a grammar forces it).</summary>
    public static ToolChoice Function(string name) => new(ToolChoiceMode.Named, name);

    /// <summary>Whether the reply must be a call (<c>required</c> or a named function).</summary>
    public bool IsForced => Mode is ToolChoiceMode.Required or ToolChoiceMode.Named;
}

/// <summary>The kinds of <see cref="ToolChoice"/>.</summary>
public enum ToolChoiceMode
{
    /// <summary><c>"auto"</c>.</summary>
    Auto,
    /// <summary><c>"none"</c>.</summary>
    None,
    /// <summary><c>"required"</c>.</summary>
    Required,
    /// <summary><c>{"type": "function", "function": {"name": ...}}</c>.</summary>
    Named,
}
