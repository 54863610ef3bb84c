using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Engine.Tools.Grammar;

/// <summary>
/// Builds the GBNF grammar that makes a model write tool calls in its own format (issue 11 §3), with each call's
/// arguments constrained by that tool's <c>parameters</c> schema (<see cref="JsonSchemaGrammar"/>, rules prefixed
/// per tool). The text each format's grammar writes — the canonical form the parsers accept:
/// <list type="table">
/// <item><term><see cref="ToolCallFormat.Hermes"/></term><description><c>&lt;tool_call&gt;\n{"name": "NAME", "arguments": ARGS}\n&lt;/tool_call&gt;</c>;
/// parallel: such blocks separated by <c>\n</c>.</description></item>
/// <item><term><see cref="ToolCallFormat.Qwen3Coder"/></term><description><c>&lt;tool_call&gt;\n&lt;function=NAME&gt;\n</c>
/// then per parameter <c>&lt;parameter=KEY&gt;\nVALUE\n&lt;/parameter&gt;\n</c>, then <c>&lt;/function&gt;\n&lt;/tool_call&gt;</c>;
/// parameters in schema order, required ones always, optional ones maybe; VALUE raw text for a string property
/// (no <c>&lt;</c>, CR or LF; at most <see cref="JsonSchemaGrammarOptions.MaxStringLength"/> characters unless
/// <c>maxLength</c> says otherwise), JSON otherwise; parallel: blocks separated by <c>\n</c>.</description></item>
/// <item><term><see cref="ToolCallFormat.Llama31"/></term><description><c>{"name": "NAME", "parameters": ARGS}</c>;
/// parallel: separated by <c>; </c> (vLLM <c>llama3_json</c>); a lazy grammar may start with <c>&lt;|python_tag|&gt;</c>.</description></item>
/// <item><term><see cref="ToolCallFormat.Mistral"/></term><description><c>[TOOL_CALLS][{"name": "NAME", "arguments": ARGS}]</c>
/// (parallel: more elements, separated by <c>, </c>) or, with <see cref="MistralCallForm.Args"/>,
/// <c>[TOOL_CALLS]NAME[ARGS]ARGS</c> repeated per call.</description></item>
/// </list>
/// ARGS is JSON, compact or with one blank after each <c>:</c> and <c>,</c> as <c>tojson</c> writes it (see
/// <see cref="GbnfRuleSet"/>). The grammar ends after the last call, so the model's end-of-generation
/// token is all that may follow.
/// </summary>
public static partial class ToolCallGrammar
{
    /// <summary>Builds the grammar for one request.</summary>
    /// <param name="format">The model's tool-call format.</param>
    /// <param name="tools">The request's tools (OpenAI <c>tools[].function</c>); names unique, 1–64 characters of
    /// <c>a-z A-Z 0-9 _ -</c>; each <c>parameters</c> an object schema in <see cref="JsonSchemaGrammar"/>'s subset (an
    /// undefined element is read as <c>{"type": "object", "properties": {}}</c>).</param>
    /// <param name="choice"><c>none</c> → <see cref="ToolCallGrammarResult.None"/>; <c>auto</c> → a lazy grammar
    /// triggered by the format's opening marker (none without tools); <c>required</c> → one call (or more) of any
    /// tool from the first token; named → a call of that tool from the first token.</param>
    /// <param name="parallelToolCalls">OpenAI <c>parallel_tool_calls</c>: true allows 1 to
    /// <see cref="ToolCallGrammarOptions.MaxParallelCalls"/> calls, false exactly one.</param>
    /// <param name="options">Null = <see cref="ToolCallGrammarOptions.Default"/>.</param>
    /// <exception cref="JsonSchemaException">A tool's <c>parameters</c> uses an unsupported keyword or is malformed;
    /// the message names the tool, <see cref="JsonSchemaException.Keyword"/> the keyword.</exception>
    /// <exception cref="ArgumentException">A tool name is invalid or repeated, <c>required</c> has no tools, or the
    /// named function is not among the tools.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ToolCallGrammarResult Build(ToolCallFormat format, IReadOnlyList<ToolDefinition> tools, ToolChoice choice,
        bool parallelToolCalls, ToolCallGrammarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(choice);
        options ??= ToolCallGrammarOptions.Default;
        options.Validate();
        CheckTools(tools);
        if (choice.Mode == ToolChoiceMode.None || (choice.Mode == ToolChoiceMode.Auto && tools.Count == 0)) return ToolCallGrammarResult.None;
        if (choice.Mode == ToolChoiceMode.Required && tools.Count == 0)
            throw new ArgumentException("tool_choice 'required' needs at least one tool.", nameof(choice));
        var chosen = tools.Select((tool, index) => (Tool: tool, Index: index)).ToList();
        if (choice.Mode == ToolChoiceMode.Named)
        {
            chosen = chosen.Where(t => t.Tool.Name == choice.FunctionName).ToList();
            if (chosen.Count == 0) throw new ArgumentException($"tool_choice names the function '{choice.FunctionName}', which is not among the tools.", nameof(choice));
        }

        bool lazy = choice.Mode == ToolChoiceMode.Auto;
        var rules = new GbnfRuleSet();
        var calls = chosen.Select(t => Call(format, t.Tool, t.Index, rules, options)).ToList();
        int most = parallelToolCalls ? options.MaxParallelCalls : 1;
        var (open, separator, close) = Frame(format, options.MistralForm);
        var sequence = new List<string>();
        if (lazy && format == ToolCallFormat.Llama31) sequence.Add("\"<|python_tag|>\"?");
        if (open.Length > 0) sequence.Add(Lit(open));
        sequence.Add("call");
        if (most > 1) sequence.Add(GbnfText.Repeat(separator.Length > 0 ? $"({Lit(separator)} call)" : "call", 0, most - 1));
        if (close.Length > 0) sequence.Add(Lit(close));
        var root = new GbnfRuleSet();
        root.Add("root", string.Join(" ", sequence));
        root.Add("call", string.Join(" | ", calls));
        string gbnf = root.Render() + rules.Render();
        return lazy
            ? new ToolCallGrammarResult(gbnf, true, Triggers(format, options.MistralForm), TriggerWords(format))
            : new ToolCallGrammarResult(gbnf, false, [], []);
    }

    private static (string Open, string Separator, string Close) Frame(ToolCallFormat format, MistralCallForm form) => format switch
    {
        ToolCallFormat.Llama31 => ("", "; ", ""),
        ToolCallFormat.Mistral when form == MistralCallForm.JsonArray => ("[TOOL_CALLS][", ", ", "]"),
        ToolCallFormat.Mistral => ("", "", ""),
        _ => ("", "\n", ""),
    };

    private static List<string> Triggers(ToolCallFormat format, MistralCallForm form) => format switch
    {
        ToolCallFormat.Hermes => [ToolCallTriggers.Pattern(ToolCallTriggers.Anywhere, "<tool_call>", "\n{\"name\": \"")],
        ToolCallFormat.Qwen3Coder => [ToolCallTriggers.Pattern(ToolCallTriggers.Anywhere, "<tool_call>", "\n<function=")],
        ToolCallFormat.Llama31 =>
        [
            ToolCallTriggers.Pattern(ToolCallTriggers.AtStart, "<|python_tag|>", "{\"name\": \""),
            ToolCallTriggers.Pattern(ToolCallTriggers.AtStart, "{", "\"name\": \""),
        ],
        _ => [ToolCallTriggers.Pattern(ToolCallTriggers.Anywhere, "[TOOL_CALLS]", form == MistralCallForm.JsonArray ? "[{\"name\": \"" : "")],
    };

    private static List<string> TriggerWords(ToolCallFormat format) => format switch
    {
        ToolCallFormat.Hermes or ToolCallFormat.Qwen3Coder => ["<tool_call>"],
        ToolCallFormat.Llama31 => ["<|python_tag|>"],
        _ => ["[TOOL_CALLS]"],
    };

    // The rule of one call of tool `index` (its argument rules added to `rules`), as a GBNF sequence.
    private static string Call(ToolCallFormat format, ToolDefinition tool, int index, GbnfRuleSet rules, ToolCallGrammarOptions options)
    {
        string prefix = $"t{index}-";
        var parameters = Parameters(tool);
        if (format == ToolCallFormat.Qwen3Coder)
        {
            string body = Named(tool, () => Qwen3CoderArguments(parameters, prefix, rules, options.Schema));
            return $"{Lit($"<tool_call>\n<function={tool.Name}>\n")} {body} {Lit("</function>\n</tool_call>")}";
        }
        string args = Named(tool, () => rules.AddConverted(JsonSchemaGrammar.ToGbnf(parameters, options.Schema), prefix));
        string name = tool.Name;
        return format switch
        {
            ToolCallFormat.Hermes => $"{Lit($"<tool_call>\n{{\"name\": \"{name}\", \"arguments\": ")} {args} {Lit("}\n</tool_call>")}",
            ToolCallFormat.Llama31 => $"{Lit($"{{\"name\": \"{name}\", \"parameters\": ")} {args} {Lit("}")}",
            _ when options.MistralForm == MistralCallForm.Args => $"{Lit($"[TOOL_CALLS]{name}[ARGS]")} {args}",
            _ => $"{Lit($"{{\"name\": \"{name}\", \"arguments\": ")} {args} {Lit("}")}",
        };
    }

    private static string Qwen3CoderArguments(JsonElement parameters, string prefix, GbnfRuleSet rules, JsonSchemaGrammarOptions options)
    {
        if (!parameters.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return "\"\"";
        var required = parameters.TryGetProperty("required", out var names)
            ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var sequence = new List<string>();
        var fixedRules = GbnfPrimitives.Rules(options);
        foreach (var (property, j) in properties.EnumerateObject().Select((p, j) => (p, j)))
        {
            string path = $"/properties/{property.Name}";
            string value;
            if (Qwen3CoderParameters.IsRawString(property.Value))
            {
                var used = new HashSet<string>(StringComparer.Ordinal);
                value = Qwen3CoderParameters.RawStringBody(property.Value, options, path, used);
                foreach (string primitive in used) rules.Add(primitive, fixedRules[primitive].Body);
            }
            else
            {
                var schema = Qwen3CoderParameters.WithDefinitions(property.Value, parameters);
                value = rules.AddConverted(JsonSchemaGrammar.ToGbnf(schema, options), $"{prefix}p{j}-");
            }
            string rule = $"{prefix}p{j}";
            rules.Add(rule, $"{Lit($"<parameter={property.Name}>\n")} {value} {Lit("\n</parameter>\n")}");
            sequence.Add(required.Contains(property.Name) ? rule : rule + "?");
        }
        if (sequence.Count == 0) return "\"\"";
        rules.Add($"{prefix}params", string.Join(" ", sequence));
        return $"{prefix}params";
    }

    // The tool's parameters schema: undefined → an empty object schema; anything but an object schema is refused.
    private static JsonElement Parameters(ToolDefinition tool)
    {
        var parameters = tool.Parameters;
        if (parameters.ValueKind == JsonValueKind.Undefined) return EmptyObjectSchema;
        if (parameters.ValueKind != JsonValueKind.Object
            || (parameters.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "object")))
            throw new JsonSchemaException($"Tool '{tool.Name}': 'parameters' must be an object schema ({{\"type\": \"object\", ...}}).", "");
        return parameters;
    }

    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    private static string Named(ToolDefinition tool, Func<string> convert)
    {
        try
        {
            return convert();
        }
        catch (JsonSchemaException e)
        {
            throw new JsonSchemaException($"Tool '{tool.Name}': {e.Message}", e.Path, e.Keyword);
        }
    }

    private static void CheckTools(IReadOnlyList<ToolDefinition> tools)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            ArgumentNullException.ThrowIfNull(tool);
            if (tool.Name is null || !ToolName().IsMatch(tool.Name))
                throw new ArgumentException($"The tool name '{tool.Name}' is not 1-64 characters of a-z, A-Z, 0-9, '_' and '-'.", nameof(tools));
            if (!seen.Add(tool.Name)) throw new ArgumentException($"The tool name '{tool.Name}' is used twice.", nameof(tools));
            var parameters = Parameters(tool);
            Named(tool, () => { JsonSchemaKeywords.Check(parameters); return ""; });
        }
    }

    private static string Lit(string text) => GbnfText.Literal(text);

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}
