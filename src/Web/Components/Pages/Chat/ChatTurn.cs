using System.Text;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>One message of the conversation as the chat page shows it. Mutated only on the circuit's
/// synchronization context; <see cref="Version"/> increases on every change so views re-render only then.</summary>
/// <param name="role"><c>user</c> or <c>assistant</c>.</param>
public sealed class ChatTurn(string role)
{
    private readonly StringBuilder _content = new();

    /// <summary><c>user</c> or <c>assistant</c>.</summary>
    public string Role { get; } = role;

    /// <summary>The message text (for a reply: the text streamed so far).</summary>
    public string Content => _content.ToString();

    /// <summary>The sampled tokens of a reply with their alternatives (empty for user turns).</summary>
    public List<SampledToken> Tokens { get; } = [];

    /// <summary>Whether the reply is still streaming.</summary>
    public bool IsStreaming { get; set; }

    /// <summary>Why the reply ended, once it has.</summary>
    public FinishReason? FinishReason { get; set; }

    /// <summary>A safe error message when generation failed.</summary>
    public string? Error { get; set; }

    /// <summary>True when the history strategy left this message out of the last call (outside the sliding window,
    /// or replaced by the summary): it stays on screen but the model no longer reads it.</summary>
    public bool IsOmitted { get; set; }

    /// <summary>Live and final statistics of a reply.</summary>
    public ChatStats Stats { get; set; } = new();

    /// <summary>Changes on every mutation (used by <c>ShouldRender</c>).</summary>
    public int Version { get; private set; }

    /// <summary>Appends text to the message.</summary>
    /// <param name="text">Text to append.</param>
    public void Append(string text) => _content.Append(text);

    /// <summary>Marks the turn changed.</summary>
    public void Touch() => Version++;
}
