using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving.Wire;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Serving;

/// <summary>
/// An <see cref="IInferenceEngine"/> in another process, reached over the HTTP API of <see cref="OpenAiApi"/>
/// (the web app's view of its supervised engine worker). Errors the worker reports come back as the same
/// exception types the in-process engine throws (one table, <c>ErrorMapping</c>); a worker that is not up,
/// refuses the connection or dies mid-stream surfaces as <see cref="EngineUnavailableException"/>.
/// </summary>
/// <remarks>
/// <see cref="Model"/> and <see cref="Status"/> are cached: <see cref="RefreshAsync"/> reads them from
/// <c>/health</c> and <c>/props</c>, and <see cref="LoadModelAsync"/> updates them. Thread-safe.
/// The <see cref="HttpClient"/> is not owned (not disposed); give it an infinite or long
/// <see cref="HttpClient.Timeout"/>, since a generation stream lasts as long as the generation.
/// </remarks>
/// <param name="http">The client used for every call.</param>
/// <param name="workerAddress">Returns the worker's root address (for example <c>http://127.0.0.1:5123</c>),
/// or null while no worker is up.</param>
public sealed partial class RemoteInferenceEngine(HttpClient http, Func<Uri?> workerAddress) : IInferenceEngine
{
    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));
    private readonly Func<Uri?> _workerAddress = workerAddress ?? throw new ArgumentNullException(nameof(workerAddress));
    private volatile ModelInfo? _model;
    private volatile int _status = (int)EngineStatus.Empty;

    /// <inheritdoc />
    /// <remarks>The value cached by the last <see cref="RefreshAsync"/> or <see cref="LoadModelAsync"/>.</remarks>
    public ModelInfo? Model => _model;

    /// <inheritdoc />
    /// <remarks>The value cached by the last <see cref="RefreshAsync"/> or <see cref="LoadModelAsync"/>.</remarks>
    public EngineStatus Status => (EngineStatus)_status;

    /// <summary>Reads <see cref="Status"/> from <c>GET /health</c> and <see cref="Model"/> from <c>GET /props</c>.</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="EngineUnavailableException">The worker is not reachable; the cache is cleared
    /// (no model, <see cref="EngineStatus.Empty"/>).</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var health = await SendAsync(HttpMethod.Get, "/health", null, streaming: false, checkStatus: false, cancellationToken);
            var body = await ReadJsonAsync(health, OpenAiJsonContext.Wire.HealthBody, cancellationToken);
            var props = await GetJsonAsync("/props", OpenAiJsonContext.Wire.PropsBody, cancellationToken);
            _model = props.Model;
            _status = (int)ParseStatus(body?.Engine ?? props.Engine, body?.Status);
        }
        catch (EngineUnavailableException)
        {
            _model = null;
            _status = (int)EngineStatus.Empty;
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Streams <c>POST /models/load</c>; cancelling closes the request, which cancels the load on the worker.</remarks>
    /// <exception cref="EngineUnavailableException">The worker is not reachable or died during the load.</exception>
    public async Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var previous = _status;
        _status = (int)EngineStatus.Loading;
        try
        {
            var content = JsonContent.Create(new LoadModelRequestBody { Path = path }, OpenAiJsonContext.Wire.LoadModelRequestBody);
            using var response = await SendAsync(HttpMethod.Post, "/models/load", content, streaming: true, checkStatus: true, cancellationToken);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new ServerSentEventReader(stream);
            while (await ReadEventAsync(reader, cancellationToken) is { } data)
            {
                var load = Deserialize(data, OpenAiJsonContext.Wire.LoadEventBody);
                if (load.Error is { } error) throw ErrorMapping.ToException(200, error);
                if (load.Progress is { } value) progress?.Report(value);
                if (load.Model is { } model)
                {
                    _model = model;
                    _status = (int)EngineStatus.Ready;
                    return model;
                }
            }
            throw new EngineUnavailableException();
        }
        catch (OperationCanceledException)
        {
            _status = previous;
            throw;
        }
        catch
        {
            _status = (int)EngineStatus.Failed;
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks><c>POST /tokenize</c>.</remarks>
    /// <exception cref="EngineUnavailableException">The worker is not reachable.</exception>
    public async ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, bool parseSpecial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = new TokenizeRequestBody { Content = text, AddSpecial = addSpecial, ParseSpecial = parseSpecial };
        var result = await PostJsonAsync("/tokenize", body, OpenAiJsonContext.Wire.TokenizeRequestBody, OpenAiJsonContext.Wire.TokenizeResponseBody, cancellationToken);
        return result.Tokens;
    }

    /// <inheritdoc />
    /// <remarks><c>POST /detokenize</c>.</remarks>
    /// <exception cref="EngineUnavailableException">The worker is not reachable.</exception>
    public async ValueTask<string> DetokenizeAsync(IReadOnlyList<int> tokens, bool removeSpecial, bool unparseSpecial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var body = new DetokenizeRequestBody { Tokens = [.. tokens], RemoveSpecial = removeSpecial, UnparseSpecial = unparseSpecial };
        var result = await PostJsonAsync("/detokenize", body, OpenAiJsonContext.Wire.DetokenizeRequestBody, OpenAiJsonContext.Wire.DetokenizeResponseBody, cancellationToken);
        return result.Content;
    }

    /// <inheritdoc />
    /// <remarks><c>POST /apply-template</c> with <c>render_tool_calls: false</c> (the history is sent whole, so the
    /// worker validates it as sent, and rendered as the in-process engine renders it).</remarks>
    /// <exception cref="EngineUnavailableException">The worker is not reachable.</exception>
    public async ValueTask<RenderedPrompt> ApplyChatTemplateAsync(IReadOnlyList<PromptMessage> messages, string? templateName, bool addAssistantPrompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = new ApplyTemplateRequestBody
        {
            Messages = messages.Select(ToBody).ToList(),
            ChatTemplate = templateName,
            AddGenerationPrompt = addAssistantPrompt,
            RenderToolCalls = false,
        };
        var result = await PostJsonAsync("/apply-template", body, OpenAiJsonContext.Wire.ApplyTemplateRequestBody, OpenAiJsonContext.Wire.ApplyTemplateResponseBody, cancellationToken);
        return ToRendered(result);
    }

    /// <inheritdoc />
    /// <remarks><c>POST /apply-template</c> with everything: messages with tool calls (arguments as sent), tools,
    /// <c>chat_template</c> (the source when <see cref="ChatRenderRequest.TemplateSource"/> is set, else the name),
    /// <c>chat_template_kwargs</c>, <c>bos_token</c>/<c>eos_token</c> and <c>now</c> (ISO 8601, round-trip). A
    /// template source must contain <c>{%</c> or <c>{{</c> (the worker reads anything else as a built-in name).
    /// The worker's 400 comes back as <see cref="ChatTemplateException"/> (or <see cref="ArgumentException"/> for
    /// a field the shared request rules reject).</remarks>
    /// <exception cref="EngineUnavailableException">The worker is not reachable.</exception>
    public async ValueTask<RenderedPrompt> RenderChatAsync(ChatRenderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new ApplyTemplateRequestBody
        {
            Messages = request.Messages.Select(ToBody).ToList(),
            Tools = request.Tools.Count == 0 ? null : request.Tools.Select(t => new ToolBody
            {
                Type = "function",
                Function = new ToolFunctionBody { Name = t.Name, Description = t.Description, Parameters = t.Parameters },
            }).ToList(),
            ChatTemplate = request.TemplateSource ?? request.TemplateName,
            AddGenerationPrompt = request.AddGenerationPrompt,
            ChatTemplateKwargs = request.TemplateVariables is { Count: > 0 } variables ? new Dictionary<string, JsonElement>(variables) : null,
            BosToken = request.BosToken,
            EosToken = request.EosToken,
            Now = request.Now?.ToString("o", CultureInfo.InvariantCulture),
        };
        var result = await PostJsonAsync("/apply-template", body, OpenAiJsonContext.Wire.ApplyTemplateRequestBody, OpenAiJsonContext.Wire.ApplyTemplateResponseBody, cancellationToken);
        return ToRendered(result);
    }

    private static ChatMessageBody ToBody(PromptMessage message) => new()
    {
        Role = message.Role,
        Content = message.Content,
        ToolCalls = message.ToolCalls?.Select(c => new ToolCallBody
        {
            Id = c.Id, Type = "function", Function = new ToolCallFunctionBody { Name = c.Name, Arguments = c.Arguments },
        }).ToList(),
        ToolCallId = message.ToolCallId,
        Name = message.Name,
    };

    private static RenderedPrompt ToRendered(ApplyTemplateResponseBody result) => new(result.Prompt, result.Template)
    {
        ToolCallFormat = ToolCallFormats.All.FirstOrDefault(i => i.VllmToolCallParser == result.ToolCallFormat)?.Format,
    };

    /// <summary>Nothing to release: the <see cref="HttpClient"/> belongs to the caller.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static EngineStatus ParseStatus(string? engine, string? health) => engine switch
    {
        "loading" => EngineStatus.Loading,
        "ready" => EngineStatus.Ready,
        "failed" => EngineStatus.Failed,
        "empty" => EngineStatus.Empty,
        _ => health switch { "ok" => EngineStatus.Ready, "loading" => EngineStatus.Loading, _ => EngineStatus.Empty },
    };

    private async Task<TResponse> PostJsonAsync<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestInfo,
        JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken) where TResponse : class
    {
        using var response = await SendAsync(HttpMethod.Post, path, JsonContent.Create(body, requestInfo), streaming: false, checkStatus: true, cancellationToken);
        return await ReadJsonAsync(response, responseInfo, cancellationToken) ?? throw new EngineUnavailableException("The inference worker sent an empty answer.");
    }

    private async Task<TResponse> GetJsonAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
        where TResponse : class
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, streaming: false, checkStatus: true, cancellationToken);
        return await ReadJsonAsync(response, responseInfo, cancellationToken) ?? throw new EngineUnavailableException("The inference worker sent an empty answer.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, bool streaming, bool checkStatus,
        CancellationToken cancellationToken)
    {
        var root = _workerAddress() ?? throw new EngineUnavailableException();
        using var request = new HttpRequestMessage(method, new Uri(root, path)) { Content = content };
        if (streaming) request.Headers.Accept.ParseAdd("text/event-stream");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new EngineUnavailableException(e);
        }
        if (!checkStatus || response.IsSuccessStatusCode) return response;
        using (response)
        {
            ErrorEnvelope? envelope = null;
            try
            {
                envelope = await response.Content.ReadFromJsonAsync(OpenAiJsonContext.Wire.ErrorEnvelope, cancellationToken);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or IOException or HttpRequestException)
            {
                // Not an OpenAI error body (a proxy's page, a cut connection): the status decides.
            }
            throw ErrorMapping.ToException((int)response.StatusCode, envelope?.Error);
        }
    }

    private static async Task<T?> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or JsonException)
        {
            throw new EngineUnavailableException(e);
        }
    }

    /// <summary>The next event's data; null at the end of the stream. A broken connection is
    /// <see cref="EngineUnavailableException"/>.</summary>
    private static async ValueTask<string?> ReadEventAsync(ServerSentEventReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadDataAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new EngineUnavailableException(e);
        }
    }

    private static T Deserialize<T>(string data, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(data, typeInfo) ?? throw new JsonException("null event");
        }
        catch (JsonException e)
        {
            throw new EngineUnavailableException("The inference worker sent an unreadable event.", e);
        }
    }
}
