using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Workbench.Web.Components.Widgets;

/// <summary>
/// Sends raw JSON to the engine's OpenAI-compatible API (in the app: the supervised worker at
/// <c>WorkerSupervisor.Address</c>, through the <c>WorkerSupervisor.HttpClientName</c> client) and returns the exact
/// bytes exchanged, for widgets that teach the wire format. Nothing is parsed or re-serialised on the way.
/// </summary>
/// <param name="http">The client (no base address needed; its timeout applies).</param>
/// <param name="address">The API's base address now (for example <c>http://127.0.0.1:41234/</c>), or null while
/// no engine is reachable.</param>
public sealed class EngineWireClient(HttpClient http, Func<Uri?> address)
{
    /// <summary>Whether an engine address is known now.</summary>
    public bool IsAvailable => address() is not null;

    /// <summary>POSTs <paramref name="jsonBody"/> (UTF-8, <c>application/json</c>) to <paramref name="path"/> and
    /// reads the whole response body (a non-streaming request).</summary>
    /// <param name="path">A path relative to the API root, for example <c>v1/chat/completions</c>.</param>
    /// <param name="jsonBody">The request body, sent byte for byte.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The exchange: status, latency (request sent → body read) and the response text.</returns>
    /// <exception cref="InvalidOperationException">No engine address is known (the worker is not ready).</exception>
    /// <exception cref="HttpRequestException">The connection failed.</exception>
    public async Task<WireExchange> PostJsonAsync(string path, string jsonBody, CancellationToken cancellationToken)
    {
        var root = address() ?? throw new InvalidOperationException("The engine is not running (no worker address yet).");
        var url = new Uri(root, path.TrimStart('/'));
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(jsonBody));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        clock.Stop();
        return new WireExchange(url, jsonBody, (int)response.StatusCode, response.ReasonPhrase ?? "",
            response.Content.Headers.ContentType?.ToString(), body, clock.Elapsed);
    }
}
