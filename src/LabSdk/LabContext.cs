using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Workbench.LabSdk;

/// <summary>
/// What an exercise's code is given: the lab's OpenAI-compatible endpoint and ways to call it. In the grading
/// sandbox this is the only network a program has (an HTTP server on a Unix domain socket, authenticated with a
/// per-run bearer token). The grading gateway records every request and response made with the run's token on the
/// trusted side, where the hidden checks read them (<see cref="CheckContext.Exchanges"/>); <see cref="Exchanges"/>
/// is this context's own copy, for the code that uses it.
/// </summary>
/// <remarks>
/// The endpoint is a llama-server-style API: <c>POST v1/chat/completions</c>, <c>POST v1/completions</c>,
/// <c>GET v1/models</c>, <c>POST tokenize</c>, <c>POST detokenize</c>, <c>POST apply-template</c> under
/// <see cref="Endpoint"/>. Thread-safe. Dispose it to close its connections.
/// </remarks>
public sealed class LabContext : IDisposable
{
    private readonly SocketsHttpHandler _transport;
    private readonly ExchangeRecorder _recorder;
    private readonly HttpClient _sdkClient;

    /// <summary>Connects to a lab endpoint.</summary>
    /// <param name="endpoint">The server root, for example <c>http://lab.workbench/</c>; the OpenAI routes are
    /// under <c>v1/</c>. With <paramref name="unixSocketPath"/> the host name is only a label.</param>
    /// <param name="model">The model the endpoint serves (the <c>model</c> field of requests).</param>
    /// <param name="bearerToken">Sent as <c>Authorization: Bearer …</c> on every request; null = none.</param>
    /// <param name="unixSocketPath">Connect every request to this Unix domain socket instead of TCP; null = TCP to
    /// <paramref name="endpoint"/>'s host and port.</param>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not an absolute http(s) URI, or
    /// <paramref name="model"/> is empty.</exception>
    public LabContext(Uri endpoint, string model, string? bearerToken = null, string? unixSocketPath = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"The endpoint must be an absolute http(s) URI; got '{endpoint}'.", nameof(endpoint));

        Endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        Model = model;
        _transport = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
        if (unixSocketPath is not null)
        {
            _transport.ConnectCallback = (_, cancellationToken) => ConnectUnixSocketAsync(unixSocketPath, cancellationToken);
        }
        _recorder = new ExchangeRecorder(bearerToken) { InnerHandler = _transport };
        _sdkClient = CreateHttpClient();
        ChatClient = new LabChatClient(_sdkClient, model);
    }

    /// <summary>The server root (ends with <c>/</c>). Chat completions are at <c>v1/chat/completions</c> below it,
    /// the tokenizer at <c>tokenize</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The id of the model the endpoint serves, for the <c>model</c> field of a request.</summary>
    public string Model { get; }

    /// <summary>An <see cref="IChatClient"/> (Microsoft.Extensions.AI) over <c>POST v1/chat/completions</c>,
    /// non-streaming and streaming. Maps <see cref="ChatOptions"/> Temperature, TopP, TopK, MaxOutputTokens
    /// (<c>max_tokens</c>), Seed, StopSequences, PresencePenalty, FrequencyPenalty, ModelId; entries of
    /// <see cref="ChatOptions.AdditionalProperties"/> are copied into the request as they are (for example
    /// <c>grammar</c> or <c>min_p</c>). Its requests are recorded like any other.</summary>
    public IChatClient ChatClient { get; }

    /// <summary>Every request made through this context so far, oldest first (a snapshot). Inside the sandbox this
    /// is the student's own record; the checks never trust it (they read the gateway's record).</summary>
    public IReadOnlyList<HttpExchange> Exchanges => _recorder.Snapshot();

    /// <summary>
    /// A new <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is <see cref="Endpoint"/>, so
    /// <c>PostAsync("v1/chat/completions", …)</c> (or <c>"/v1/chat/completions"</c>) reaches the lab's API. It
    /// adds the run's bearer token and records each exchange. Dispose it when done (the connections are shared
    /// and stay open). Timeout: 60 s.
    /// </summary>
    public HttpClient CreateHttpClient() =>
        new(_recorder, disposeHandler: false) { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Tokenizes <paramref name="text"/> with the model's vocabulary (<c>POST tokenize</c>, no special
    /// tokens added).</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token ids, in order.</returns>
    /// <exception cref="HttpRequestException">The server refused the request (for example text the vocabulary
    /// cannot encode); the message carries the server's error.</exception>
    public async Task<IReadOnlyList<int>> TokenizeAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["content"] = text, ["add_special"] = false });
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await _sdkClient.PostAsync("tokenize", content, cancellationToken).ConfigureAwait(false);
        var json = await LabChatClient.ReadSuccessBodyAsync(response, "POST /tokenize", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToList();
    }

    /// <summary>Closes the connections. Clients from <see cref="CreateHttpClient"/> stop working.</summary>
    public void Dispose()
    {
        _sdkClient.Dispose();
        _recorder.Dispose();
        _transport.Dispose();
    }

    private static async ValueTask<Stream> ConnectUnixSocketAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
