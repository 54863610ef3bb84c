using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Web.Tests.Hosting;
using Xunit;

namespace Workbench.Web.Tests.Hubs;

/// <summary>The app on stories260K (its byte-level vocabulary can spell any tool markup; TinyStories-656K cannot
/// encode the <c>#</c> of the Hermes template), so tools render into the prompt.</summary>
public sealed class Stories260KAppFactory : IAsyncLifetime
{
    /// <summary>The app.</summary>
    public WorkbenchAppFactory App { get; } = new();

    /// <summary>Points the app at stories260K.</summary>
    public Stories260KAppFactory() =>
        App.Settings["Engine:DefaultModel"] = Path.Combine(TestPaths.SharedModels, "stories260K.gguf");

    /// <inheritdoc/>
    public async Task InitializeAsync() => await App.StartReadyAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Tool calls through the web app: the hub's <c>StreamChat</c> with tools streams OpenAI-style tool-call
/// deltas, and the proxy forwards <c>/tool-calls/parse</c> to the worker.</summary>
public sealed class GenerationHubToolCallTests(Stories260KAppFactory fixture) : IClassFixture<Stories260KAppFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly object WeatherTool = new
    {
        type = "function",
        function = new
        {
            name = "get_weather",
            description = "The weather in a city.",
            parameters = new
            {
                type = "object",
                properties = new { city = new { type = "string", maxLength = 20 }, unit = new { type = "string", @enum = new[] { "celsius", "fahrenheit" } } },
                required = new[] { "city" },
            },
        },
    };

    [Fact]
    public async Task StreamChat_ForcedTool_StreamsACallWhoseFragmentsFormValidArguments_AndFinishesWithToolCalls()
    {
        var app = fixture.App;
        var ws = app.Server.CreateWebSocketClient();
        await using var hub = await SignalRJsonClient.ConnectAsync(app.CreateClient(), "/hubs/generation",
            (uri, ct) => ws.ConnectAsync(uri, ct), Cancel());
        var request = new
        {
            messages = new[] { new { role = "user", content = "What is the weather in Paris?" } },
            tools = new[] { WeatherTool },
            toolChoice = new { type = "function", function = new { name = "get_weather" } },
            parallelToolCalls = false,
            maxTokens = 200,
            temperature = 1f,
            seed = 3,
        };
        await hub.StreamInvocationAsync("1", "StreamChat", [request], Cancel());

        var items = new List<JsonElement>();
        JsonElement message;
        while ((message = await hub.ReceiveAsync(Cancel())).GetProperty("type").GetInt32() == 2) items.Add(message.GetProperty("item"));
        Assert.False(message.TryGetProperty("error", out var error), error.ToString());

        var deltas = items.Where(i => i.TryGetProperty("toolCalls", out var c) && c.ValueKind == JsonValueKind.Array)
            .SelectMany(i => i.GetProperty("toolCalls").EnumerateArray()).ToList();
        Assert.NotEmpty(deltas);
        var first = deltas[0];
        Assert.Equal(0, first.GetProperty("index").GetInt32());
        Assert.Equal("get_weather", first.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("id").GetString()));
        Assert.True(deltas.Count(d => d.GetProperty("arguments").GetString()!.Length > 0) > 1, "arguments arrive in several fragments");

        var arguments = new StringBuilder();
        foreach (var d in deltas) arguments.Append(d.GetProperty("arguments").GetString());
        using var parsed = JsonDocument.Parse(arguments.ToString());
        Assert.Equal(JsonValueKind.String, parsed.RootElement.GetProperty("city").ValueKind);
        if (parsed.RootElement.TryGetProperty("unit", out var unit)) Assert.Contains(unit.GetString(), new[] { "celsius", "fahrenheit" });
        Assert.Equal("tool_calls", items[^1].GetProperty("finishReason").GetString());
    }

    [Fact]
    public async Task ToolCallsParse_IsForwardedToTheWorker_AndAWrongParserLeavesTheCallAsContent()
    {
        var client = fixture.App.CreateClient();
        const string text = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";

        using var hermes = await client.PostAsJsonAsync("/tool-calls/parse", new { format = "hermes", text });
        Assert.True(hermes.IsSuccessStatusCode, await hermes.Content.ReadAsStringAsync());
        using var matched = JsonDocument.Parse(await hermes.Content.ReadAsStringAsync());
        var call = Assert.Single(matched.RootElement.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());

        using var mistral = await client.PostAsJsonAsync("/tool-calls/parse", new { format = "mistral", text });
        using var missed = JsonDocument.Parse(await mistral.Content.ReadAsStringAsync());
        Assert.Empty(missed.RootElement.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(text, missed.RootElement.GetProperty("content").GetString());
    }

    private static CancellationToken Cancel() => new CancellationTokenSource(Timeout).Token;
}
