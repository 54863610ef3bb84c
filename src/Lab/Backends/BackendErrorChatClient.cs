using System.ClientModel;
using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Workbench.Lab.Backends;

/// <summary>
/// Wraps a remote backend's <see cref="IChatClient"/> (MEAI's OpenAI client) so every failure of a call, streamed or
/// not, is a <see cref="BackendException"/> whose message a student can act on:
/// <list type="bullet">
/// <item>down: "backend 'vllm' at http://host:8000/v1 is not reachable: connection refused" (or the socket's reason);</item>
/// <item>slow: "backend 'vllm' at … did not answer within 120 s" (the client's network timeout);</item>
/// <item>garbage: "backend 'vllm' at … answered with something that is not an OpenAI chat completion: &lt;first 200
/// characters&gt;" (see <see cref="BackendWirePolicy"/>; also a stream that breaks off or holds no chunk);</item>
/// <item>HTTP errors: "backend 'vllm' at … answered HTTP 401: &lt;the error envelope's <c>error.message</c>&gt;" plus a
/// hint for 401/403 (the key), 404 (the model name or a BaseUrl without <c>/v1</c>) and 429.</item>
/// </list>
/// A cancellation the caller asked for stays an <see cref="OperationCanceledException"/>. The API key never appears
/// in a message: any occurrence in text from the server is replaced by <c>***</c>, and an inner exception whose
/// message holds it is not attached.
/// </summary>
/// <param name="inner">The OpenAI client; disposed with this one.</param>
/// <param name="backend">The backend's configuration name.</param>
/// <param name="baseUrl">Its endpoint, as shown in messages.</param>
/// <param name="timeout">The network timeout the inner client was given (for the message).</param>
/// <param name="apiKey">The key to keep out of messages; empty = none.</param>
public sealed class BackendErrorChatClient(IChatClient inner, string backend, string baseUrl, TimeSpan timeout, string apiKey)
    : DelegatingChatClient(inner)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
        {
            throw failure;
        }
        int count = 0;
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false)) break;
                    update = updates.Current;
                }
                catch (Exception e) when (Translate(e, cancellationToken) is { } failure)
                {
                    throw failure;
                }
                count++;
                yield return update;
            }
        }
        if (count == 0) throw Failure("answered with something that is not an OpenAI chat completion: an event stream without a single chunk");
    }

    /// <summary>The <see cref="BackendException"/> for <paramref name="error"/>, or null to let it through (the
    /// caller's cancellation, or already a backend error).</summary>
    internal BackendException? Translate(Exception error, CancellationToken cancellationToken)
    {
        if (error is BackendException) return null;
        if (error is OperationCanceledException && cancellationToken.IsCancellationRequested) return null;
        if (error is AggregateException { InnerExceptions.Count: 1 } aggregate) return Translate(aggregate.InnerExceptions[0], cancellationToken);

        if (Find<BackendGarbageException>(error) is { } garbage)
            return Failure($"answered with something that is not an OpenAI chat completion: {Scrub(garbage.Snippet)}");
        if (error is ClientResultException { Status: >= 400 } http)
            return Failure(HttpMessage(http), http);
        if (error is OperationCanceledException || Find<TimeoutException>(error) is not null)
            return Failure(string.Create(CultureInfo.InvariantCulture, $"did not answer within {timeout.TotalSeconds:0.###} s"), error);
        if (Find<HttpRequestException>(error) is { } request)
            return Failure($"is not reachable: {Reachability(request)}", error);
        if (Find<JsonException>(error) is { } json)
            return Failure($"answered with something that is not an OpenAI chat completion: {Scrub(Shorten(json.Message))}", error);
        return Failure($"failed: {error.GetType().Name}: {Scrub(Shorten(error.Message))}", error);
    }

    private BackendException Failure(string what, Exception? innerError = null)
    {
        bool leaks = apiKey.Length > 0 && innerError is not null && Chain(innerError).Any(e => e.Message.Contains(apiKey, StringComparison.Ordinal));
        return new BackendException(backend, $"backend '{backend}' at {baseUrl} {what}", leaks ? null : innerError);
    }

    private string HttpMessage(ClientResultException error)
    {
        string? serverMessage = null;
        try
        {
            var body = error.GetRawResponse()?.Content;
            if (body is not null)
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("error", out var envelope))
                    serverMessage = envelope.ValueKind == JsonValueKind.String ? envelope.GetString()
                        : envelope.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                else if (document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                    serverMessage = m.GetString();
                else if (document.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String)
                    serverMessage = d.GetString(); // vLLM / FastAPI
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            serverMessage = error.GetRawResponse()?.Content is { } raw ? BackendWirePolicy.Snippet(raw) : null;
        }
        string text = string.Create(CultureInfo.InvariantCulture, $"answered HTTP {error.Status}");
        if (!string.IsNullOrWhiteSpace(serverMessage)) text += ": " + Scrub(Shorten(serverMessage));
        string hint = error.Status switch
        {
            401 or 403 => $" (check the key: Backends:{backend}:ApiKey or the environment variable Backends__{backend}__ApiKey)",
            404 => $" (check the model name, Backends:{backend}:Model, and that the BaseUrl ends where the server's /chat/completions begins, usually /v1)",
            429 => " (the server is rate limiting or out of capacity; wait and try again)",
            _ => "",
        };
        return text + hint;
    }

    private static string Reachability(HttpRequestException error) => Find<SocketException>(error)?.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
        SocketError.TimedOut => "the connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to the host",
        SocketError.ConnectionReset => "the connection was reset",
        _ => error.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => "the TLS handshake failed (" + Shorten(error.Message) + ")",
            HttpRequestError.ResponseEnded => "the server closed the connection without an answer",
            HttpRequestError.InvalidResponse => "the server's answer is not HTTP",
            _ => Shorten(error.Message),
        },
    };

    private string Scrub(string text) => apiKey.Length == 0 ? text : text.Replace(apiKey, "***", StringComparison.Ordinal);

    private static string Shorten(string text) =>
        text.Length <= BackendWirePolicy.SnippetLength ? text : text[..BackendWirePolicy.SnippetLength] + "…";

    private static T? Find<T>(Exception error) where T : Exception => Chain(error).OfType<T>().FirstOrDefault();

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException) yield return e;
    }
}
