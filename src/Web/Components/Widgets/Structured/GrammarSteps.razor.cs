using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>
/// Widget <c>grammar-steps</c>: generates under a grammar with <see cref="GenerationRequest.TraceGrammar"/> and shows,
/// for each sampled token, how many of the n_vocab tokens the grammar allowed at that step
/// (<see cref="SampledToken.GrammarAllowed"/>) and the model's top candidates by probability (computed from the raw
/// logits, before the grammar) with the disallowed ones struck out (<see cref="TokenAlternative.Allowed"/>).
/// Options (see <c>LabWidgets.GrammarSteps</c>): <c>prompt</c>, <c>schema</c> (JSON Schema converted with
/// <see cref="JsonSchemaGrammar.ToGbnf"/>; default the Location schema), <c>grammar</c> (GBNF text, used instead of
/// <c>schema</c>), <c>max_tokens</c> (default 48), <c>top_logprobs</c> (default 8, 1–20), <c>seed</c> (default 1),
/// <c>temperature</c> (default 1).
/// </summary>
public partial class GrammarSteps
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(40);

    private readonly string _id = "steps-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<GrammarStep> _steps = [];
    private CancellationTokenSource? _cts;
    private string _prompt = "";
    private string? _grammar;
    private string? _grammarSource;
    private bool _grammarFromSchema;
    private string? _grammarError;
    private int? _maxTokens;
    private long? _seed;
    private int? _topLogprobs;
    private float _temperature;
    private int _vocabSize;
    private bool _running;
    private string? _error;
    private string _text = "";
    private FinishReason? _finish;

    /// <summary>The widget block's options (<c>prompt</c>, <c>schema</c>, <c>grammar</c>, <c>max_tokens</c>,
    /// <c>top_logprobs</c>, <c>seed</c>, <c>temperature</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private ILogger<GrammarSteps> Logger { get; set; } = default!;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _prompt = WidgetOptions.Text(Options, "prompt", StructuredPrompt.DefaultPrompt);
        _maxTokens = (int?)WidgetOptions.Number(Options, "max_tokens", 48);
        _seed = WidgetOptions.Number(Options, "seed", 1);
        _topLogprobs = (int?)WidgetOptions.Number(Options, "top_logprobs", 8);
        _temperature = float.TryParse(WidgetOptions.Text(Options, "temperature"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 1f;
        _vocabSize = Engine.Model?.VocabSize ?? 0;
        var gbnf = WidgetOptions.Text(Options, "grammar");
        if (gbnf.Length > 0)
        {
            _grammar = gbnf;
            return;
        }
        _grammarFromSchema = true;
        _grammarSource = WidgetOptions.Text(Options, "schema", StructuredPrompt.LocationSchema).Trim();
        var (schema, parseError) = StructuredPrompt.ParseSchema(_grammarSource);
        try
        {
            _grammar = schema is { } parsed ? JsonSchemaGrammar.ToGbnf(parsed) : null;
            _grammarError = parseError;
        }
        catch (JsonSchemaException ex)
        {
            _grammarError = $"{StructuredPrompt.SchemaErrorTitle(ex)} {ex.Message}";
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Grammar steps: the schema could not be converted");
            _grammarError = "The schema could not be converted to a grammar; see the server log.";
        }
    }

    private async Task RunAsync()
    {
        if (_running) return;
        _error = _grammarError;
        if (_grammar is null || string.IsNullOrWhiteSpace(_prompt))
        {
            _error ??= "Write a prompt first.";
            return;
        }
        _cts?.Cancel();
        var cts = _cts = new CancellationTokenSource();
        _running = true;
        _steps.Clear();
        _text = "";
        _finish = null;
        var text = new StringBuilder();
        try
        {
            await UseGate.RunOnEngineAsync(async ct =>
            {
                var rendered = await Engine.ApplyChatTemplateAsync([new PromptMessage("user", _prompt.Trim())], null, addAssistantPrompt: true, ct);
                _vocabSize = Engine.Model?.VocabSize ?? _vocabSize;
                var request = new GenerationRequest
                {
                    Prompt = rendered.Text,
                    MaxTokens = Math.Max(1, _maxTokens ?? 48),
                    TopLogprobs = Math.Clamp(_topLogprobs ?? 8, 1, 20),
                    TraceGrammar = true,
                    Sampling = new SamplingOptions { Temperature = Math.Clamp(_temperature, 0, 2), Seed = (uint)Math.Clamp(_seed ?? 1, 0, uint.MaxValue), Grammar = _grammar },
                };
                var lastRender = DateTime.UtcNow;
                await foreach (var update in Engine.GenerateAsync(request, ct))
                {
                    text.Append(update.Text);
                    if (update.Token is { } token) _steps.Add(new GrammarStep(_steps.Count + 1, token));
                    _finish ??= update.FinishReason;
                    if (DateTime.UtcNow - lastRender < RenderInterval) continue;
                    lastRender = DateTime.UtcNow;
                    _text = text.ToString();
                    await InvokeAsync(StateHasChanged);
                }
                return true;
            }, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            _finish ??= FinishReason.Cancelled;
        }
        catch (Exception ex) when (ex is EngineException or ArgumentException)
        {
            _error = ex.Message;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Grammar steps failed");
            _error = "The call failed unexpectedly; see the server log.";
        }
        finally
        {
            _text = text.ToString();
            _running = false;
            if (ReferenceEquals(_cts, cts)) _cts = null;
            cts.Dispose();
        }
    }

    private void Stop() => _cts?.Cancel();

    /// <summary>A token piece with its whitespace made visible (space ␣, newline \n, tab \t; empty ∅).</summary>
    private static string Visible(string piece) =>
        piece.Length == 0 ? "∅" : piece.Replace(" ", "␣", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    private static string Percent(float logprob) => (Math.Exp(logprob) * 100).ToString(Math.Exp(logprob) >= 0.01 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "%";

    private static string CandidateClass(TokenAlternative alternative, bool sampled) =>
        (alternative.Allowed is false ? "wb-cand wb-cand-disallowed" : "wb-cand wb-cand-allowed") + (sampled ? " wb-cand-sampled" : "");

    /// <summary>Bar width on a log scale: 1 allowed token → a sliver, all of n_vocab → full.</summary>
    private string BarStyle(int? allowed)
    {
        if (allowed is not { } n || _vocabSize <= 1) return "width:0";
        var share = Math.Log(Math.Max(1, n)) / Math.Log(_vocabSize);
        return $"width:{Math.Clamp(share * 100, 2, 100).ToString("0", CultureInfo.InvariantCulture)}%";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cts?.Cancel();
        _cts = null;
    }

    private sealed record GrammarStep(int Index, SampledToken Token);
}
