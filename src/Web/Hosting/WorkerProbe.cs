using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Engine.Inference;

namespace Workbench.Web.Hosting;

/// <summary>The supervisor's two questions to a worker: <c>GET /health</c> and <c>GET /props</c>.</summary>
internal static class WorkerProbe
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The snake_case JSON of the worker API (<c>/props</c> → <c>model</c> is a <see cref="ModelInfo"/>).</summary>
    internal static readonly JsonSerializerOptions WireJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The worker's <c>/health</c> status (<c>ok</c>, <c>loading</c>, <c>no_model</c>, or
    /// <c>unknown</c> for an answer without one), or null when it does not answer within five seconds.</summary>
    public static async Task<string?> HealthAsync(HttpClient http, Uri address, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await http.GetAsync(new Uri(address, "health"), timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.TryGetProperty("status", out var s) && s.GetString() is { } status ? status : "unknown";
            }
            catch (JsonException)
            {
                return "unknown";
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The model in the worker's <c>/props</c>, or null when it has none or does not answer.</summary>
    public static async Task<ModelInfo?> ReadModelAsync(HttpClient http, Uri address, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await http.GetAsync(new Uri(address, "props"), timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            var props = await response.Content.ReadFromJsonAsync<JsonElement>(WireJson, timeout.Token).ConfigureAwait(false);
            return props.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object
                ? model.Deserialize<ModelInfo>(WireJson)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or NotSupportedException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not read the worker's /props: {Message}", e.Message);
            return null;
        }
    }
}
