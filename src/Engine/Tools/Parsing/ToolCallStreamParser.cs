namespace Workbench.Engine.Tools.Parsing;

/// <summary>An incremental parser of one model reply in one <see cref="ToolCallFormat"/>: feed it the text as it is
/// generated (<see cref="Push"/>), then end it (<see cref="Complete"/>). Content is released as soon as it cannot be
/// the start of a call (only a possible prefix of an opening marker is held back); arguments stream as they arrive.
/// One instance per reply; not thread-safe.</summary>
/// <remarks>The formats and their rescues (what real parsers — vLLM's, llama.cpp's — accept):
/// <list type="bullet">
/// <item><see cref="ToolCallFormat.Hermes"/>: <c>&lt;tool_call&gt;{"name", "arguments"}&lt;/tool_call&gt;</c>, any
/// number; a missing closing tag is rescued; <c>"parameters"</c> is accepted for <c>"arguments"</c>, and arguments
/// serialized as a JSON string are decoded.</item>
/// <item><see cref="ToolCallFormat.Qwen3Coder"/>: <c>&lt;tool_call&gt;&lt;function=NAME&gt;&lt;parameter=KEY&gt;VALUE&lt;/parameter&gt;…</c>;
/// a bare <c>&lt;function=</c> (no wrapper) and missing closing tags are rescued; values are typed by the tool's
/// schema (string values stream; others are parsed as JSON when the parameter ends).</item>
/// <item><see cref="ToolCallFormat.Llama31"/>: a JSON object <c>{"name", "parameters"}</c> (or <c>"arguments"</c>),
/// optionally after <c>&lt;|python_tag|&gt;</c>; several separated by <c>;</c> or whitespace; any other <c>{</c>
/// stays content.</item>
/// <item><see cref="ToolCallFormat.Mistral"/>: <c>[TOOL_CALLS][{…}, …]</c> (the array may carry <c>"id"</c>) and
/// <c>[TOOL_CALLS]NAME[CALL_ID]ID[ARGS]{…}</c> (also without <c>[CALL_ID]</c>/<c>[ARGS]</c>), repeated. Generated
/// ids are 9 alphanumerics, as Mistral's templates require.</item>
/// </list></remarks>
public abstract class ToolCallStreamParser
{
    private protected ToolCallStreamParser()
    {
    }

    /// <summary>Creates the parser of <paramref name="format"/>.</summary>
    /// <param name="format">The model family's format (<see cref="ToolCallFormatDetector"/> finds it from a template).</param>
    /// <param name="tools">The request's tools; a call of a name not among them stays content with a diagnostic. Null:
    /// any name is accepted (and every Qwen3-Coder value is a string).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined value.</exception>
    public static ToolCallStreamParser Create(ToolCallFormat format, IReadOnlyList<ToolDefinition>? tools = null)
    {
        var set = new ToolSet(tools);
        return format switch
        {
            ToolCallFormat.Hermes => new HermesStreamParser(set),
            ToolCallFormat.Qwen3Coder => new Qwen3CoderStreamParser(set),
            ToolCallFormat.Llama31 => new Llama31StreamParser(set),
            ToolCallFormat.Mistral => new MistralStreamParser(set),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown tool-call format."),
        };
    }

    /// <summary>The format this parser reads.</summary>
    public abstract ToolCallFormat Format { get; }

    /// <summary>Feeds the next piece of the reply (any size, down to one character; a UTF-16 surrogate pair may be
    /// split). Returns the events it completes, in order; often none while a marker prefix is held back.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="textDelta"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public abstract IReadOnlyList<ToolCallEvent> Push(string textDelta);

    /// <summary>Ends the stream: releases held-back text, rescues or fails an unfinished call, and reports why the
    /// text held no call. Call it once.</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public abstract IReadOnlyList<ToolCallEvent> Complete();
}
