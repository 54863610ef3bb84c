using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Templates.Jinja;

namespace Workbench.Engine.Templates;

/// <summary>A model's own chat template (GGUF <c>tokenizer.chat_template</c>, HF <c>tokenizer_config.json</c>)
/// rendered as Hugging Face transformers' <c>apply_chat_template</c> renders it, byte for byte: jinja2 with
/// trim_blocks, lstrip_blocks and loopcontrols (<see cref="JinjaTemplate"/>), <c>tojson</c> =
/// <c>json.dumps(ensure_ascii=False)</c>, globals <c>raise_exception</c> and <c>strftime_now</c>.</summary>
/// <remarks>
/// <para>Template variables: <c>messages</c>, <c>tools</c> (None when absent), <c>documents</c> (None),
/// <c>add_generation_prompt</c>, <c>bos_token</c>, <c>eos_token</c>, <c>strftime_now(fmt)</c> (Python strftime
/// of <see cref="ChatTemplateInput.Now"/>), <c>raise_exception(msg)</c>, then every
/// <see cref="ChatTemplateInput.Kwargs"/> entry.</para>
/// <para>Tool calls: a message's <c>tool_calls[].function.arguments</c> given as a JSON string (OpenAI's wire
/// form) reaches the template as the parsed object, as llama-server and vLLM pass it to transformers; everything
/// else is passed as given.</para>
/// <para>Use: <c>HfChatTemplate.Get(source).Render(input)</c>. <see cref="Get"/> parses once per distinct source
/// text and keeps up to <see cref="CacheCapacity"/> parsed templates (templates are rendered on every request);
/// instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class HfChatTemplate
{
    /// <summary>How many distinct template sources <see cref="Get"/> keeps parsed (the cache is emptied when full).</summary>
    public const int CacheCapacity = 32;

    private static readonly ConcurrentDictionary<string, HfChatTemplate> Cache = new(StringComparer.Ordinal);
    private static readonly string[] Reserved = ["messages", "tools", "documents", "add_generation_prompt"];

    private readonly JinjaTemplate _template;

    private HfChatTemplate(string source)
    {
        Source = source;
        _template = JinjaTemplate.Parse(source);
    }

    /// <summary>The template text.</summary>
    public string Source { get; }

    /// <summary>The parsed template for <paramref name="source"/>, from the cache or parsed now.</summary>
    /// <exception cref="JinjaException">The template does not parse (line and column of the error).</exception>
    public static HfChatTemplate Get(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Cache.TryGetValue(source, out var cached)) return cached;
        var parsed = new HfChatTemplate(source);
        if (Cache.Count >= CacheCapacity) Cache.Clear();
        return Cache.GetOrAdd(source, parsed);
    }

    /// <summary>Parses and renders in one call (through the cache).</summary>
    /// <exception cref="JinjaException">A syntax or runtime error, or the template's own <c>raise_exception</c>
    /// (<see cref="JinjaException.RaisedByTemplate"/>).</exception>
    /// <exception cref="ArgumentException">A tool call's <c>arguments</c> string is not JSON, or a kwarg reuses a
    /// reserved name.</exception>
    public static string Render(string source, ChatTemplateInput input) => Get(source).Render(input);

    /// <summary>The prompt text for <paramref name="input"/>.</summary>
    /// <exception cref="JinjaException">A runtime error at its line and column, or the template's own
    /// <c>raise_exception</c> (<see cref="JinjaException.RaisedByTemplate"/>; the message carries its text).</exception>
    /// <exception cref="ArgumentException">A tool call's <c>arguments</c> string is not JSON (the message names
    /// <c>messages[i].tool_calls[j].function.arguments</c>), or a kwarg reuses a reserved name.</exception>
    public string Render(ChatTemplateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = input.Now ?? DateTimeOffset.Now;
        var globals = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["bos_token"] = input.BosToken,
            ["eos_token"] = input.EosToken,
            ["strftime_now"] = new JinjaCallable("strftime_now", call =>
                PythonStrftime.Format(now, call.Arg(0, "format") as string ?? throw call.Error("strftime_now needs a format string"))),
        };
        foreach (var (name, value) in input.Kwargs ?? [])
        {
            if (Reserved.Contains(name)) throw new ArgumentException($"chat template kwarg '{name}' is reserved", nameof(input));
            globals[name] = JinjaJson.FromNode(value);
        }
        globals["messages"] = ConvertMessages(input.Messages);
        globals["tools"] = input.Tools is null ? null : JinjaJson.FromNode(input.Tools);
        globals["documents"] = null;
        globals["add_generation_prompt"] = input.AddGenerationPrompt;
        return _template.Render(globals);
    }

    private static object? ConvertMessages(JsonArray messages)
    {
        var converted = (List<object?>)JinjaJson.FromNode(messages)!;
        for (int i = 0; i < converted.Count; i++)
        {
            if (converted[i] is not JinjaDict message || !message.TryGetValue("tool_calls", out var calls) || calls is not List<object?> list)
                continue;
            for (int j = 0; j < list.Count; j++)
            {
                if (list[j] is not JinjaDict call || !call.TryGetValue("function", out var f) || f is not JinjaDict function
                    || !function.TryGetValue("arguments", out var args) || args is not string text)
                    continue;
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    function["arguments"] = JinjaJson.FromElement(doc.RootElement);
                }
                catch (JsonException e)
                {
                    throw new ArgumentException($"messages[{i}].tool_calls[{j}].function.arguments is not JSON: {e.Message}", nameof(messages), e);
                }
            }
        }
        return converted;
    }
}
