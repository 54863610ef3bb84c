using System.Text;
using Microsoft.Extensions.AI;
using Workbench.Engine.Conversation;

namespace Workbench.Lab.Agent;

/// <summary>An <see cref="IHistorySummarizer"/> over any <see cref="IChatClient"/> (a remote backend or the built-in
/// engine): one request without tools, system prompt <see cref="AgentPrompts.CompactionSystem"/>, the transcript as
/// the user message (<c>role: content</c> lines, tool calls as <c>&lt;tool_call&gt;</c> blocks as
/// <see cref="HistoryMessage.ToPromptMessage"/> writes them), temperature 0.</summary>
/// <param name="client">The model that writes the summary.</param>
/// <param name="maxOutputTokens">Most tokens of the summary (default 400).</param>
public sealed class ChatClientHistorySummarizer(IChatClient client, int maxOutputTokens = 400) : IHistorySummarizer
{
    /// <summary>The usage of the last summary request (null before one, or when unreported).</summary>
    public UsageDetails? LastUsage { get; private set; }

    /// <inheritdoc/>
    public async Task<string> SummarizeAsync(string? previousSummary, IReadOnlyList<HistoryMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var transcript = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(previousSummary)) transcript.Append("Earlier summary: ").Append(previousSummary).Append("\n\n");
        foreach (var message in messages)
            transcript.Append(message.Role).Append(": ").Append(message.ToPromptMessage().Content).Append('\n');
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, AgentPrompts.CompactionSystem), new ChatMessage(ChatRole.User, transcript.ToString().TrimEnd())],
            new ChatOptions { Temperature = 0, MaxOutputTokens = maxOutputTokens }, cancellationToken).ConfigureAwait(false);
        LastUsage = response.Usage;
        var summary = response.Text.Trim();
        return summary.Length > 0 ? summary : "(the model wrote an empty summary)";
    }
}
