using System.Text.Json.Nodes;
using Workbench.Engine.Templates;
using Workbench.Engine.Templates.Builtin;
using Workbench.Engine.Training;

namespace Workbench.Lab.Training.Corpus;

/// <summary>
/// Renders a conversation through a chat template (default: the workbench's own
/// <see cref="HermesChatMlTemplate.Source"/>, rendered by <see cref="HfChatTemplate"/> as the engine renders it)
/// into <see cref="ChatSegment"/>s for training: each assistant reply, from right after its
/// <c>&lt;|im_start|&gt;assistant\n</c> header up to and including its <c>&lt;|im_end|&gt;</c>, is
/// <c>Train = true</c>; everything else (system, tools section, user turns, tool results, role headers, the
/// <c>\n</c> after <c>&lt;|im_end|&gt;</c>) is <c>Train = false</c>.
/// </summary>
/// <remarks>The spans come from rendering prefixes: for the assistant message i, <c>messages[..i]</c> with
/// <c>add_generation_prompt</c> must be a prefix of <c>messages[..i+1]</c> without it, and that in turn a prefix of
/// the whole render; the reply is the difference, cut after its last <c>&lt;|im_end|&gt;</c>. Templates that break
/// the prefix property (e.g. ones that drop earlier reasoning) are refused with
/// <see cref="InvalidOperationException"/>. Tools are rendered as given; the engine's server renders OpenAI
/// <c>tools</c> in the same <c>{type, function: {name, description, parameters}}</c> shape.</remarks>
/// <param name="templateSource">The Jinja chat template; null = <see cref="HermesChatMlTemplate.Source"/>.</param>
public sealed class ConversationRenderer(string? templateSource = null)
{
    /// <summary>The closing marker a trained reply ends with.</summary>
    public const string EndOfTurn = "<|im_end|>";

    private readonly HfChatTemplate template = HfChatTemplate.Get(templateSource ?? HermesChatMlTemplate.Source);

    /// <summary>The segments of <paramref name="conversation"/>; their texts concatenated equal the full render.</summary>
    /// <exception cref="InvalidOperationException">The template breaks the prefix property, or a reply does not end
    /// with <see cref="EndOfTurn"/>.</exception>
    /// <exception cref="ArgumentException">A tool call's arguments are not JSON.</exception>
    public IReadOnlyList<ChatSegment> Render(CorpusConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return Render(conversation.Tools, conversation.Messages);
    }

    /// <summary>The segments of <paramref name="messages"/> offered <paramref name="tools"/> (OpenAI shapes).</summary>
    /// <exception cref="InvalidOperationException">See <see cref="Render(CorpusConversation)"/>.</exception>
    /// <exception cref="ArgumentException">A tool call's arguments are not JSON.</exception>
    public IReadOnlyList<ChatSegment> Render(IReadOnlyList<JsonObject> tools, IReadOnlyList<JsonObject> messages)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(messages);
        string full = RenderText(tools, messages, messages.Count, addGenerationPrompt: false);
        var segments = new List<ChatSegment>();
        int cursor = 0;
        for (int i = 0; i < messages.Count; i++)
        {
            if ((string?)messages[i]["role"] != "assistant") continue;
            string prompt = RenderText(tools, messages, i, addGenerationPrompt: true);
            string through = RenderText(tools, messages, i + 1, addGenerationPrompt: false);
            if (!through.StartsWith(prompt, StringComparison.Ordinal) || !full.StartsWith(through, StringComparison.Ordinal) || prompt.Length < cursor)
                throw new InvalidOperationException($"The chat template does not render messages[{i}] as an extension of the messages before it (prefix property broken).");
            string reply = through[prompt.Length..];
            int end = reply.LastIndexOf(EndOfTurn, StringComparison.Ordinal);
            if (end < 0) throw new InvalidOperationException($"The assistant reply messages[{i}] does not end with {EndOfTurn}.");
            if (prompt.Length > cursor) segments.Add(new ChatSegment(full[cursor..prompt.Length], Train: false));
            segments.Add(new ChatSegment(reply[..(end + EndOfTurn.Length)], Train: true));
            cursor = prompt.Length + end + EndOfTurn.Length;
        }
        if (cursor < full.Length) segments.Add(new ChatSegment(full[cursor..], Train: false));
        return segments;
    }

    /// <summary>The prompt the server feeds the model for <paramref name="messages"/>: the render with the
    /// generation prompt (<c>&lt;|im_start|&gt;assistant\n</c>) appended.</summary>
    /// <exception cref="ArgumentException">A tool call's arguments are not JSON.</exception>
    public string RenderPrompt(IReadOnlyList<JsonObject> tools, IReadOnlyList<JsonObject> messages)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(messages);
        return RenderText(tools, messages, messages.Count, addGenerationPrompt: true);
    }

    private string RenderText(IReadOnlyList<JsonObject> tools, IReadOnlyList<JsonObject> messages, int count, bool addGenerationPrompt) =>
        template.Render(new ChatTemplateInput(
            new JsonArray([.. messages.Take(count).Select(m => m.DeepClone())]),
            tools.Count == 0 ? null : new JsonArray([.. tools.Select(t => t.DeepClone())]),
            addGenerationPrompt));
}
