using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Tools;
using Workbench.Lab.Mcp;
using Workbench.Lab.Tools;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>
/// The tool side of one chat turn with tools on (issue 12: "MCP tools join the tool loop and the chat as tools of the
/// model"): the offered functions (built-in <see cref="BuiltinTools"/>, or one MCP server's
/// <see cref="IMcpServerRegistry.GetTools"/>) as <see cref="ToolDefinition"/>s for the prompt, one
/// <see cref="ToolCallSession"/> per model step (step 1 with the chosen <c>tool_choice</c>, later steps
/// <c>auto</c>: a story model cannot decide to call, so the first call is forced by grammar), and each parsed call run
/// through <see cref="ToolInvoker"/>, so every failure is an error result the model reads. The page streams the steps;
/// this class holds no UI state. One instance per turn.
/// </summary>
public sealed class ChatToolRunner
{
    /// <summary>The most model steps of one turn (the first, forced, plus up to three more).</summary>
    public const int MaxSteps = 4;

    /// <summary>How long one tool call may run.</summary>
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The notice of a turn that reached <see cref="MaxSteps"/> with the model still calling tools.</summary>
    public static readonly string StepCapNotice =
        $"Stopped after {MaxSteps} model steps: the model was still calling tools, so these results were not sent back to it.";

    private readonly ToolInvoker _invoker;

    /// <summary>Creates the runner of one turn.</summary>
    /// <param name="label">Where the tools come from, for messages ("built-in tools", "MCP server 'x'").</param>
    /// <param name="functions">The functions offered, at least one, names unique.</param>
    /// <param name="firstChoice">Step 1's <c>tool_choice</c>: <see cref="ToolChoice.Required"/> or a named function
    /// among <paramref name="functions"/>.</param>
    /// <param name="logger">Receives exceptions tools throw.</param>
    /// <exception cref="ArgumentException">No functions, or the named function is not among them.</exception>
    public ChatToolRunner(string label, IReadOnlyList<AIFunction> functions, ToolChoice firstChoice, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(firstChoice);
        if (functions.Count == 0) throw new ArgumentException("Pick at least one tool.", nameof(functions));
        if (firstChoice.Mode == ToolChoiceMode.Named && functions.All(f => f.Name != firstChoice.FunctionName))
            throw new ArgumentException($"The first step's tool_choice names '{firstChoice.FunctionName}', which is not among the chosen tools.", nameof(firstChoice));
        Label = label;
        Functions = functions;
        FirstChoice = firstChoice;
        Definitions = [.. functions.Select(f => new ToolDefinition(f.Name, string.IsNullOrEmpty(f.Description) ? null : f.Description, f.JsonSchema))];
        _invoker = new ToolInvoker(functions, ToolTimeout, logger);
    }

    /// <summary>Where the tools come from ("built-in tools", "MCP server 'everything'").</summary>
    public string Label { get; }

    /// <summary>The functions offered.</summary>
    public IReadOnlyList<AIFunction> Functions { get; }

    /// <summary>The functions as the chat template's <c>tools</c> (name, description, parameters schema).</summary>
    public IReadOnlyList<ToolDefinition> Definitions { get; }

    /// <summary>Step 1's <c>tool_choice</c>.</summary>
    public ToolChoice FirstChoice { get; }

    /// <summary>The <c>tool_choice</c> of step <paramref name="step"/> (from 1): <see cref="FirstChoice"/>, then
    /// <see cref="ToolChoice.Auto"/>.</summary>
    public ToolChoice ChoiceFor(int step) => step <= 1 ? FirstChoice : ToolChoice.Auto;

    /// <summary>The session of step <paramref name="step"/>: its grammar (forced, or lazy for <c>auto</c>) and parser.</summary>
    /// <param name="step">The step, from 1.</param>
    /// <param name="format">The rendered prompt's <see cref="RenderedPrompt.ToolCallFormat"/> (null = Hermes).</param>
    /// <exception cref="Workbench.Engine.Grammar.JsonSchema.JsonSchemaException">A tool's schema is outside the
    /// grammar's subset.</exception>
    public ToolCallSession CreateSession(int step, ToolCallFormat? format) =>
        ToolCallSession.Create(Definitions, ChoiceFor(step), parallelToolCalls: true, format);

    /// <summary>Runs one parsed call; never throws for a failing tool (see <see cref="ToolInvoker"/>).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (Stop).</exception>
    public Task<ToolResultTrace> InvokeAsync(ToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _invoker.InvokeAsync(ToFunctionCall(call), call.Id, cancellationToken);
    }

    /// <summary>The tokens the tool definitions add to a prompt: the rendering of <paramref name="messages"/> with
    /// <see cref="Definitions"/> minus without them (0 when the difference is negative). The history planner keeps
    /// this much of the window free.</summary>
    /// <exception cref="EngineException">Rendering or tokenizing failed (a template that renders no tools).</exception>
    public async Task<int> MeasureToolTokensAsync(IInferenceEngine engine, IReadOnlyList<PromptMessage> messages, string? templateName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var with = await engine.RenderChatAsync(new ChatRenderRequest { Messages = messages, Tools = Definitions, TemplateName = templateName }, cancellationToken);
        var without = await engine.RenderChatAsync(new ChatRenderRequest { Messages = messages, TemplateName = templateName }, cancellationToken);
        var withTokens = (await engine.TokenizeAsync(with.Text, addSpecial: true, parseSpecial: true, cancellationToken)).Count;
        var withoutTokens = (await engine.TokenizeAsync(without.Text, addSpecial: true, parseSpecial: true, cancellationToken)).Count;
        return Math.Max(0, withTokens - withoutTokens);
    }

    /// <summary>A history message as the template sees it with tools: assistant <c>tool_calls</c> and a tool
    /// result's <c>tool_call_id</c> kept as fields (not written into the text, as
    /// <see cref="HistoryMessage.ToPromptMessage"/> does for llama.cpp's built-in templates).</summary>
    public static PromptMessage ToPromptMessage(HistoryMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new PromptMessage(message.Role, message.Content)
        {
            ToolCalls = message.HasToolCalls ? message.ToolCalls : null,
            ToolCallId = message.ToolCallId,
        };
    }

    /// <summary>The runner for what the Tools panel chose, or null when tools are off.</summary>
    /// <param name="selection">The panel's choice.</param>
    /// <param name="builtins">The built-in tools (null when the app has none).</param>
    /// <param name="registry">The MCP registry (null when the app has none).</param>
    /// <param name="logger">Receives exceptions tools throw.</param>
    /// <exception cref="ArgumentException">The source is gone (no registry, an unknown or disconnected server) or
    /// none of the chosen tools is still offered; the message says which.</exception>
    public static ChatToolRunner? Create(ChatToolSelection selection, BuiltinTools? builtins, IMcpServerRegistry? registry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (!selection.IsOn) return null;
        string label;
        IReadOnlyList<AIFunction> offered;
        if (selection.McpServer is { } server)
        {
            label = $"MCP server '{server}'";
            if (registry?.Find(server) is not { Status: McpServerStatus.Connected })
                throw new ArgumentException($"The {label} is not connected; pick another tool source.");
            offered = registry.GetTools(server);
        }
        else
        {
            label = "built-in tools";
            offered = builtins?.All ?? throw new ArgumentException("This app offers no built-in tools.");
        }
        var chosen = offered.Where(f => selection.Tools.Contains(f.Name)).ToList();
        if (chosen.Count == 0) throw new ArgumentException($"None of the chosen tools is offered by the {label} any more; pick again.");
        var first = selection.FirstChoice is { Length: > 0 } name && name != ChatToolSelection.RequiredChoice && chosen.Any(f => f.Name == name)
            ? ToolChoice.Function(name)
            : ToolChoice.Required;
        return new ChatToolRunner(label, chosen, first, logger);
    }

    private static FunctionCallContent ToFunctionCall(ToolCall call)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(call.Arguments) ? "{}" : call.Arguments);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return new FunctionCallContent(call.Id, call.Name) { Exception = new FormatException("The arguments are not a JSON object.") };
            foreach (var property in document.RootElement.EnumerateObject()) arguments[property.Name] = property.Value.Clone();
        }
        catch (JsonException e)
        {
            return new FunctionCallContent(call.Id, call.Name) { Exception = e };
        }
        return new FunctionCallContent(call.Id, call.Name, arguments);
    }
}
