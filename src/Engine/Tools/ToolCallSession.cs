using System.Text;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tools.Grammar;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Tools;

/// <summary>
/// Tool calling for one reply, the one component <c>/v1/chat/completions</c>, the web app's generation hub and
/// <see cref="EngineChatClient"/> share (issue 11 §1, §3): the grammar that constrains the reply
/// (<see cref="ToolCallGrammar.Build"/>: forced choices from the first token, <c>auto</c> lazy from the format's
/// opening trigger, <c>none</c> nothing) and the streaming parser that turns the generated text into content and
/// tool-call events (<see cref="ToolCallStreamParser"/>), then the final content, calls and finish reason.
/// One instance per reply; not thread-safe.
/// </summary>
/// <remarks>
/// <para>With <c>tool_choice: none</c> (or no tools) nothing is parsed: every text delta is content, so a model that
/// writes call markup anyway gets no call.</para>
/// <para>A call that fails after it started (its JSON broke off, for example at <c>max_tokens</c>) is dropped: the
/// parser reports <see cref="ToolCallFailed"/>, its raw text follows as <see cref="ContentDelta"/> (nothing the model
/// wrote is lost), <see cref="ToolCalls"/> holds only finished calls, and a failed index is never reused. A stream
/// that already showed the call's start keeps it (OpenAI's deltas cannot retract); its arguments never complete to
/// valid JSON, and the content then carries its text, as the non-streamed answer's content does.</para>
/// </remarks>
public sealed class ToolCallSession
{
    /// <summary>OpenAI's finish reason of a reply that holds at least one call.</summary>
    public const string ToolCallsFinishReason = "tool_calls";

    private readonly ToolCallStreamParser? _parser;
    private readonly StringBuilder _raw = new();
    private readonly StringBuilder _content = new();
    private readonly List<ToolCall> _calls = [];
    private readonly List<ToolCallDiagnostic> _diagnostics = [];
    private bool _completed;

    private ToolCallSession(ToolCallFormat format, ToolCallGrammarResult grammar, ToolCallStreamParser? parser)
    {
        Format = format;
        Grammar = grammar;
        _parser = parser;
    }

    /// <summary>Builds the session of one request.</summary>
    /// <param name="tools">The validated tools (empty: no tool calling).</param>
    /// <param name="choice">The validated <c>tool_choice</c>.</param>
    /// <param name="parallelToolCalls">OpenAI <c>parallel_tool_calls</c>.</param>
    /// <param name="format">The format the rendered template writes (<see cref="RenderedPrompt.ToolCallFormat"/>);
    /// null = <see cref="ToolCallFormat.Hermes"/> (the embedded story model has no template of its own).</param>
    /// <param name="options">Grammar options; null = <see cref="ToolCallGrammarOptions.Default"/>.</param>
    /// <exception cref="Workbench.Engine.Grammar.JsonSchema.JsonSchemaException">A tool's <c>parameters</c> is outside the supported
    /// schema subset.</exception>
    /// <exception cref="ArgumentException">A tool name is invalid or repeated, <c>required</c> has no tools, or the
    /// named function is not among the tools.</exception>
    public static ToolCallSession Create(IReadOnlyList<ToolDefinition> tools, ToolChoice choice, bool parallelToolCalls,
        ToolCallFormat? format, ToolCallGrammarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(choice);
        var resolved = format ?? ToolCallFormat.Hermes;
        var grammar = ToolCallGrammar.Build(resolved, tools, choice, parallelToolCalls, options);
        bool parses = tools.Count > 0 && choice.Mode != ToolChoiceMode.None;
        return new ToolCallSession(resolved, grammar, parses ? ToolCallStreamParser.Create(resolved, tools) : null);
    }

    /// <summary>A session that parses nothing: every delta is content (a request without tools).</summary>
    public static ToolCallSession PassThrough() => new(ToolCallFormat.Hermes, ToolCallGrammarResult.None, null);

    /// <summary>The format the calls are written and parsed in.</summary>
    public ToolCallFormat Format { get; }

    /// <summary>The grammar of the reply (none, lazy or forced).</summary>
    public ToolCallGrammarResult Grammar { get; }

    /// <summary>Whether generated text is parsed for calls (tools given and <c>tool_choice</c> is not <c>none</c>).</summary>
    public bool ParsesCalls => _parser is not null;

    /// <summary>The raw model text pushed so far (call markup included), e.g. for a trace.</summary>
    public string RawText => _raw.ToString();

    /// <summary>After <see cref="Complete"/>: the text outside calls (failed calls' raw text included); null when
    /// there are calls and nothing but whitespace around them (OpenAI's <c>content: null</c>).</summary>
    public string? Content
    {
        get
        {
            var text = _content.ToString();
            return _calls.Count > 0 && string.IsNullOrWhiteSpace(text) ? null : text;
        }
    }

    /// <summary>The finished calls so far, in order (after <see cref="Complete"/>: all of them).</summary>
    public IReadOnlyList<ToolCall> ToolCalls => _calls;

    /// <summary>The parser's diagnostics so far, in order.</summary>
    public IReadOnlyList<ToolCallDiagnostic> Diagnostics => _diagnostics;

    /// <summary><paramref name="sampling"/> with this session's grammar (and lazy triggers) set; unchanged without one.</summary>
    /// <exception cref="ArgumentException"><paramref name="sampling"/> already has a grammar (a <c>grammar</c>,
    /// <c>json_schema</c> or <c>response_format</c>) and this session has one too; ParamName <c>tools</c>.</exception>
    public SamplingOptions ApplyTo(SamplingOptions sampling)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        if (Grammar.Gbnf is not null && !string.IsNullOrEmpty(sampling.Grammar))
            throw new ArgumentException("Tools with tool_choice other than 'none' constrain the reply with a grammar; they cannot be combined with 'grammar', 'json_schema' or a JSON 'response_format'.", "tools");
        return Grammar.ApplyTo(sampling);
    }

    /// <summary>Feeds the next generated text; returns the events it completes (see <see cref="ToolCallEvent"/>).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public IReadOnlyList<ToolCallEvent> Push(string textDelta)
    {
        ArgumentNullException.ThrowIfNull(textDelta);
        if (_completed) throw new InvalidOperationException("The session is complete.");
        _raw.Append(textDelta);
        if (_parser is null) return Record(textDelta.Length == 0 ? [] : [new ContentDelta(textDelta)]);
        return Record(_parser.Push(textDelta));
    }

    /// <summary>Ends the reply: releases held-back text, rescues or fails an unfinished call. Call it once.</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public IReadOnlyList<ToolCallEvent> Complete()
    {
        if (_completed) throw new InvalidOperationException("The session is complete.");
        _completed = true;
        return _parser is null ? [] : Record(_parser.Complete());
    }

    /// <summary>The reply's finish reason on the wire: <see cref="ToolCallsFinishReason"/> when at least one call was
    /// parsed (even if the engine stopped at its end-of-generation token or at <c>max_tokens</c>), else the engine's
    /// (<c>stop</c>, <c>length</c>); <c>cancelled</c> stays <c>cancelled</c>.</summary>
    /// <param name="engineReason">Why the engine stopped.</param>
    public string FinishReason(FinishReason engineReason) => engineReason switch
    {
        Inference.FinishReason.Cancelled => "cancelled",
        _ when _calls.Count > 0 => ToolCallsFinishReason,
        Inference.FinishReason.Length => "length",
        _ => "stop",
    };

    private IReadOnlyList<ToolCallEvent> Record(IReadOnlyList<ToolCallEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case ContentDelta d: _content.Append(d.Text); break;
                case ToolCallFinished f: _calls.Add(f.Call); break;
                case ToolCallDiagnosticReported r: _diagnostics.Add(r.Diagnostic); break;
            }
        }
        return events;
    }
}
