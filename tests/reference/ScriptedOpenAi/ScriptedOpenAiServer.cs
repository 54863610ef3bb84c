using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workbench.TestSupport.ScriptedOpenAi;

/// <summary>
/// A real OpenAI-compatible HTTP server for tests (Kestrel on <c>127.0.0.1</c>, a free port) that plays the model's
/// part with scripted replies: text, tool calls, a body that is not JSON, a slow answer, an HTTP error. It serves
/// <c>POST /v1/chat/completions</c> (JSON, or SSE when the request says <c>"stream": true</c>, in OpenAI's chunk shape:
/// a role delta, content fragments, <c>delta.tool_calls</c> with <c>index</c>/<c>id</c>/<c>function.name</c> first and
/// the arguments in fragments, a chunk with <c>finish_reason</c>, a usage chunk when
/// <c>stream_options.include_usage</c>, then <c>data: [DONE]</c>) and <c>GET /v1/models</c>; anything else is a 404
/// in OpenAI's error envelope. Every request is recorded (<see cref="Requests"/>).
/// </summary>
/// <example>
/// <code>
/// await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Conversation(
///     _ => ScriptedReply.ToolCall("read_file", """{"path":"calc.py"}"""),
///     r => r.LastMessageText.Contains("def add") ? ScriptedReply.Text("Found it.") : ScriptedReply.Text("No file.")));
/// var client = new OpenAIClient(new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = server.BaseUrl })
///     .GetChatClient(server.ModelName).AsIChatClient();
/// </code>
/// </example>
public sealed class ScriptedOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedRequest> _requests = new();
    private readonly ScriptedModel _model;
    private int _count;

    private ScriptedOpenAiServer(WebApplication app, ScriptedModel model, string modelName)
    {
        _app = app;
        _model = model;
        ModelName = modelName;
    }

    /// <summary>The API base, <c>http://127.0.0.1:&lt;port&gt;/v1/</c> (what OpenAI clients call the endpoint).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The model name <c>/v1/models</c> lists and replies carry.</summary>
    public string ModelName { get; }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests => [.. _requests];

    /// <summary>Starts a server.</summary>
    /// <param name="model">Picks the reply to each chat request.</param>
    /// <param name="modelName">The model name to report. Default <c>scripted-coder</c>.</param>
    public static async Task<ScriptedOpenAiServer> StartAsync(ScriptedModel model, string modelName = "scripted-coder")
    {
        ArgumentNullException.ThrowIfNull(model);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedOpenAiServer(app, model, modelName);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapGet("/v1/models", (HttpContext c) => WriteJsonAsync(c, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["id"] = modelName, ["object"] = "model", ["owned_by"] = "tests" }),
        }, 200));
        app.MapFallback((HttpContext c) => WriteJsonAsync(c, Error($"Unknown path {c.Request.Path}.", "invalid_request_error"), 404));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task ChatAsync(HttpContext context)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(context, Error("Body is not JSON: " + e.Message, "invalid_request_error"), 400);
            return;
        }
        var request = new ScriptedRequest(Interlocked.Increment(ref _count), body, context.Request.Headers.Authorization.ToString());
        _requests.Enqueue(request);
        var reply = _model(request);
        while (reply is ScriptedReply.SlowReply slow)
        {
            try
            {
                await Task.Delay(slow.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up
            }
            reply = slow.Then;
        }
        switch (reply)
        {
            case ScriptedReply.GarbageReply garbage:
                context.Response.StatusCode = 200;
                context.Response.ContentType = garbage.ContentType;
                await context.Response.WriteAsync(garbage.Body);
                return;
            case ScriptedReply.HttpErrorReply error:
                await WriteJsonAsync(context, Error(error.Message, error.Type), error.Status);
                return;
            case ScriptedReply.CompletionReply completion when request.Stream:
                await StreamAsync(context, request, completion);
                return;
            case ScriptedReply.CompletionReply completion:
                await WriteJsonAsync(context, Completion(request, completion), 200);
                return;
            default:
                throw new InvalidOperationException($"Unknown reply {reply}.");
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private JsonObject Completion(ScriptedRequest request, ScriptedReply.CompletionReply reply)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Calls.Count > 0 && reply.Content.Length == 0 ? null : reply.Content };
        if (reply.Calls.Count > 0) message["tool_calls"] = new JsonArray([.. reply.Calls.Select((c, i) => (JsonNode)CallJson(request, c, i))]);
        return new JsonObject
        {
            ["id"] = "chatcmpl-" + request.Number.ToString(CultureInfo.InvariantCulture),
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = ModelName,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = FinishReason(reply) }),
            ["usage"] = Usage(request, reply),
        };
    }

    private async Task StreamAsync(HttpContext context, ScriptedRequest request, ScriptedReply.CompletionReply reply)
    {
        context.Response.ContentType = "text/event-stream";
        var id = "chatcmpl-" + request.Number.ToString(CultureInfo.InvariantCulture);
        async Task Send(JsonObject delta, string? finish = null, JsonObject? usage = null, bool noChoices = false)
        {
            var chunk = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = ModelName,
                ["choices"] = noChoices ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
            };
            if (usage is not null) chunk["usage"] = usage;
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n");
            await context.Response.Body.FlushAsync();
        }

        await Send(new JsonObject { ["role"] = "assistant", ["content"] = "" });
        foreach (var piece in Pieces(reply.Content, 7)) await Send(new JsonObject { ["content"] = piece });
        for (int i = 0; i < reply.Calls.Count; i++)
        {
            var call = CallJson(request, reply.Calls[i], i);
            var function = (JsonObject)call["function"]!;
            await Send(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["index"] = i, ["id"] = call["id"]!.GetValue<string>(), ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = function["name"]!.GetValue<string>(), ["arguments"] = "" },
            }) });
            foreach (var piece in Pieces(function["arguments"]!.GetValue<string>(), 11))
                await Send(new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = piece } }) });
        }
        await Send(new JsonObject(), FinishReason(reply));
        if (request.Body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
            await Send(new JsonObject(), usage: Usage(request, reply), noChoices: true);
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static JsonObject CallJson(ScriptedRequest request, ScriptedToolCall call, int index) => new()
    {
        ["id"] = call.Id ?? string.Create(CultureInfo.InvariantCulture, $"call_{request.Number}_{index}"),
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
    };

    private static string FinishReason(ScriptedReply.CompletionReply reply) =>
        reply.FinishReason ?? (reply.Calls.Count > 0 ? "tool_calls" : "stop");

    // Deterministic token counts: a quarter of the characters, as a rough tokenizer would (at least 1).
    private static JsonObject Usage(ScriptedRequest request, ScriptedReply.CompletionReply reply)
    {
        int prompt = reply.PromptTokens ?? Math.Max(1, request.Body["messages"]?.ToJsonString().Length / 4 ?? 1);
        int completion = reply.CompletionTokens ?? Math.Max(1, (reply.Content.Length + reply.Calls.Sum(c => c.Name.Length + c.Arguments.Length)) / 4);
        return new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };
    }

    private static IEnumerable<string> Pieces(string text, int size)
    {
        for (int i = 0; i < text.Length; i += size) yield return text.Substring(i, Math.Min(size, text.Length - i));
    }

    private static JsonObject Error(string message, string type) =>
        new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = null } };
}

/// <summary>Picks the reply to one chat request.</summary>
public delegate ScriptedReply ScriptedModel(ScriptedRequest request);

/// <summary>Ready-made <see cref="ScriptedModel"/>s.</summary>
public static class ScriptedModels
{
    /// <summary>Always the same reply.</summary>
    public static ScriptedModel Always(ScriptedReply reply) => _ => reply;

    /// <summary>A multi-step conversation: the reply to a request is step k, where k is the number of assistant
    /// messages already in its <c>messages</c> (so concurrent conversations do not disturb each other); past the
    /// last step, the last step again.</summary>
    public static ScriptedModel Conversation(params Func<ScriptedRequest, ScriptedReply>[] steps)
    {
        if (steps.Length == 0) throw new ArgumentException("A conversation needs at least one step.", nameof(steps));
        return request => steps[Math.Min(request.AssistantTurns, steps.Length - 1)](request);
    }

    /// <summary>Routes by the first user message: the first key it contains picks the model (ordinal match);
    /// no key matches → <paramref name="fallback"/>, or a text reply saying so.</summary>
    public static ScriptedModel ByFirstUserMessage(IReadOnlyDictionary<string, ScriptedModel> routes, ScriptedModel? fallback = null) => request =>
    {
        var first = request.FirstUserText;
        foreach (var (key, model) in routes)
            if (first.Contains(key, StringComparison.Ordinal)) return model(request);
        return fallback?.Invoke(request) ?? ScriptedReply.Text("No script for this task.");
    };
}

/// <summary>A chat request as received.</summary>
/// <param name="Number">1-based arrival number.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="Authorization">The <c>Authorization</c> header ("" when none).</param>
public sealed record ScriptedRequest(int Number, JsonObject Body, string Authorization)
{
    /// <summary><c>messages</c> (empty when absent).</summary>
    public IReadOnlyList<JsonObject> Messages =>
        Body["messages"] is JsonArray array ? [.. array.OfType<JsonObject>()] : [];

    /// <summary>Whether the client asked for SSE.</summary>
    public bool Stream => Body["stream"] is JsonValue v && v.TryGetValue<bool>(out var s) && s;

    /// <summary>The assistant messages in the request (the conversation's step).</summary>
    public int AssistantTurns => Messages.Count(m => Role(m) == "assistant");

    /// <summary>The first user message's text ("" when none).</summary>
    public string FirstUserText => Messages.Where(m => Role(m) == "user").Select(TextOf).FirstOrDefault() ?? "";

    /// <summary>The last message's text (a tool result's content, a user nudge …; "" when none).</summary>
    public string LastMessageText => Messages.Count == 0 ? "" : TextOf(Messages[^1]);

    /// <summary>The text of every <c>tool</c> message after the last assistant message (this step's tool results).</summary>
    public IReadOnlyList<string> LastToolResults =>
        Messages.Reverse().TakeWhile(m => Role(m) != "assistant").Where(m => Role(m) == "tool").Select(TextOf).Reverse().ToList();

    /// <summary>The names of the tools offered (<c>tools[].function.name</c>).</summary>
    public IReadOnlyList<string> ToolNames =>
        Body["tools"] is JsonArray tools ? [.. tools.Select(t => t?["function"]?["name"]?.GetValue<string>() ?? "")] : [];

    /// <summary>The whole conversation's text, for "does the history contain …" scripts.</summary>
    public string AllText => string.Join("\n", Messages.Select(TextOf));

    private static string Role(JsonObject m) => m["role"]?.GetValue<string>() ?? "";

    private static string TextOf(JsonObject m) => m["content"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };
}

/// <summary>A tool call to reply with.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments as a JSON text (sent as given: it may be broken on purpose).</param>
/// <param name="Id">The call id; null = <c>call_&lt;request&gt;_&lt;index&gt;</c>.</param>
public sealed record ScriptedToolCall(string Name, string Arguments, string? Id = null);

/// <summary>What the scripted model answers.</summary>
public abstract record ScriptedReply
{
    /// <summary>A text answer (finish reason <c>stop</c>).</summary>
    public static ScriptedReply Text(string content) => new CompletionReply(content, []);

    /// <summary>One tool call (finish reason <c>tool_calls</c>), optionally with text before it.</summary>
    public static ScriptedReply ToolCall(string name, string argumentsJson, string content = "") =>
        new CompletionReply(content, [new ScriptedToolCall(name, argumentsJson)]);

    /// <summary>Several tool calls in one reply.</summary>
    public static ScriptedReply ToolCalls(params ScriptedToolCall[] calls) => new CompletionReply("", calls);

    /// <summary>A 200 whose body is not a chat completion.</summary>
    public static ScriptedReply Garbage(string body = "<html>Bad gateway</html>", string contentType = "text/html") => new GarbageReply(body, contentType);

    /// <summary>An OpenAI error envelope with an HTTP status.</summary>
    public static ScriptedReply HttpError(int status, string message, string type = "invalid_request_error") => new HttpErrorReply(status, message, type);

    /// <summary><paramref name="then"/> after <paramref name="delay"/> (the client may give up first).</summary>
    public static ScriptedReply Slow(TimeSpan delay, ScriptedReply then) => new SlowReply(delay, then);

    /// <summary>A completion: text and calls.</summary>
    /// <param name="Content">The text.</param>
    /// <param name="Calls">The tool calls.</param>
    /// <param name="FinishReason">null = <c>tool_calls</c> with calls, else <c>stop</c>.</param>
    /// <param name="PromptTokens">usage.prompt_tokens; null = a quarter of the messages' JSON length.</param>
    /// <param name="CompletionTokens">usage.completion_tokens; null = a quarter of the reply's length.</param>
    public sealed record CompletionReply(string Content, IReadOnlyList<ScriptedToolCall> Calls, string? FinishReason = null, int? PromptTokens = null, int? CompletionTokens = null) : ScriptedReply;

    /// <summary>A 200 with a body that is not a completion.</summary>
    public sealed record GarbageReply(string Body, string ContentType) : ScriptedReply;

    /// <summary>An HTTP error.</summary>
    public sealed record HttpErrorReply(int Status, string Message, string Type) : ScriptedReply;

    /// <summary>A delayed reply.</summary>
    public sealed record SlowReply(TimeSpan Delay, ScriptedReply Then) : ScriptedReply;
}
