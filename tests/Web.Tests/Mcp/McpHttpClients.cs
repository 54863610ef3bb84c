using System.Net.Http.Headers;
using System.Text;
using ModelContextProtocol.Client;

namespace Workbench.Web.Tests.Mcp;

/// <summary>Clients of the test app's <c>/mcp</c>: the C# SDK's over an <see cref="HttpClient"/> of the TestServer,
/// and a raw JSON-RPC POST for status-code checks.</summary>
internal static class McpHttpClients
{
    /// <summary>Connects the SDK's client (streamable HTTP) through <paramref name="http"/>, which it does not own.</summary>
    public static Task<McpClient> ConnectAsync(HttpClient http, IDictionary<string, string>? headers = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        }, http, loggerFactory: null, ownsHttpClient: false);
        return McpClient.CreateAsync(transport);
    }

    /// <summary>POSTs a JSON-RPC <c>initialize</c> request to <c>/mcp</c> with <paramref name="configure"/>'s headers.</summary>
    public static async Task<HttpResponseMessage> PostInitializeAsync(HttpClient http, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        configure?.Invoke(request);
        return await http.SendAsync(request);
    }
}
