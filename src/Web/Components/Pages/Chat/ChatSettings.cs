using Workbench.Engine.Inference;
using Workbench.Engine.Requests;
using Workbench.Engine.Sampling;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>The chat page's system prompt and sampling parameters (one per circuit, kept across page visits).
/// Sampling defaults are read from <see cref="SamplingOptions"/> and limits from <see cref="RequestLimits"/>.</summary>
public sealed class ChatSettings
{
    private static readonly SamplingOptions Defaults = new();

    /// <summary>System prompt; empty = none.</summary>
    public string SystemPrompt { get; set; } = "You are a helpful assistant.";
    /// <summary>Temperature, 0–2.</summary>
    public float Temperature { get; set; } = Defaults.Temperature;
    /// <summary>top_k, 0 = off.</summary>
    public int TopK { get; set; } = Defaults.TopK;
    /// <summary>top_p, (0, 1].</summary>
    public float TopP { get; set; } = Defaults.TopP;
    /// <summary>min_p, [0, 1).</summary>
    public float MinP { get; set; } = Defaults.MinP;
    /// <summary>Repeat penalty, 1 = off.</summary>
    public float RepeatPenalty { get; set; } = Defaults.RepeatPenalty;
    /// <summary>Presence penalty, −2–2.</summary>
    public float PresencePenalty { get; set; } = Defaults.PresencePenalty;
    /// <summary>Frequency penalty, −2–2.</summary>
    public float FrequencyPenalty { get; set; } = Defaults.FrequencyPenalty;
    /// <summary>Seed; null = random.</summary>
    public uint? Seed { get; set; }
    /// <summary>Maximum tokens of a reply; 0 = until EOS or the context window.</summary>
    public int MaxTokens { get; set; } = 256;
    /// <summary>Stop strings, one per line (at most 4).</summary>
    public string StopText { get; set; } = "";
    /// <summary>Built-in chat template name; empty = the model's own (or the configured fallback).</summary>
    public string ChatTemplate { get; set; } = "";
    /// <summary>Alternatives reported per token, 0–<see cref="RequestLimits.MaxTopLogprobs"/>. Default 5.</summary>
    public int TopAlternatives { get; set; } = 5;
    /// <summary>Ban end-of-generation tokens (llama-server's ignore_eos): write until max tokens or the window.</summary>
    public bool IgnoreEos { get; set; } = Defaults.IgnoreEos;

    /// <summary>How a conversation longer than the context window is kept inside it; default
    /// <see cref="ChatHistoryMode.SlidingWindow"/>.</summary>
    public ChatHistoryMode HistoryMode { get; set; } = ChatHistoryMode.SlidingWindow;

    /// <summary>The model backend this circuit chats with (an <c>IChatBackends</c> name); default the built-in engine.</summary>
    public string Backend { get; set; } = Workbench.Lab.Backends.IChatBackends.BuiltInName;

    /// <summary>The sampling options, validated.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public SamplingOptions ToSampling()
    {
        var sampling = new SamplingOptions
        {
            Temperature = Temperature,
            TopK = TopK,
            TopP = TopP,
            MinP = MinP,
            RepeatPenalty = RepeatPenalty,
            PresencePenalty = PresencePenalty,
            FrequencyPenalty = FrequencyPenalty,
            Seed = Seed,
            IgnoreEos = IgnoreEos,
        };
        sampling.Validate();
        return sampling;
    }

    /// <summary>Builds the generation request for a rendered prompt.</summary>
    /// <param name="prompt">The chat template's output.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public GenerationRequest ToRequest(string prompt)
    {
        if (MaxTokens < 0) throw new ArgumentOutOfRangeException(nameof(MaxTokens), "'max_tokens' must be 0 (no limit) or more.");
        if (TopAlternatives is < 0 or > RequestLimits.MaxTopLogprobs)
            throw new ArgumentOutOfRangeException(nameof(TopAlternatives), $"'top_logprobs' must be between 0 and {RequestLimits.MaxTopLogprobs}.");
        var stops = StopStrings();
        if (stops.Count > RequestLimits.MaxStopStrings)
            throw new ArgumentOutOfRangeException(nameof(StopText), $"At most {RequestLimits.MaxStopStrings} stop strings are allowed.");
        return new GenerationRequest
        {
            Prompt = prompt,
            Sampling = ToSampling(),
            MaxTokens = MaxTokens > 0 ? MaxTokens : null,
            Stop = stops,
            TopLogprobs = TopAlternatives,
        };
    }

    /// <summary>The template name to pass to the engine, or null for the model's own.</summary>
    public string? TemplateOrNull => string.IsNullOrWhiteSpace(ChatTemplate) ? null : ChatTemplate.Trim();

    /// <summary>Non-empty stop strings, one per line; <c>\n</c> written literally stands for a newline.</summary>
    public IReadOnlyList<string> StopStrings() =>
        StopText.Split('\n')
            .Select(s => s.TrimEnd('\r').Replace("\\n", "\n", StringComparison.Ordinal))
            .Where(s => s.Length > 0)
            .ToList();
}
