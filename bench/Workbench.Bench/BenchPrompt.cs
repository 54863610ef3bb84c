namespace Workbench.Bench;

/// <summary>A chat prompt as every part receives it: the messages (for the chat APIs), the text the chat template
/// renders (for the in-process engine) and its token ids (for the peer, which is given tokens).</summary>
/// <param name="System">System message.</param>
/// <param name="User">User message.</param>
/// <param name="RenderedText">The prompt after the chat template.</param>
/// <param name="TokenIds">The rendered prompt's token ids, BOS included.</param>
internal sealed record BenchPrompt(string System, string User, string RenderedText, IReadOnlyList<int> TokenIds);
