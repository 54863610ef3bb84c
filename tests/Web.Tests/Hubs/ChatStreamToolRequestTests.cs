using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Workbench.Engine.Tests.Serving;
using Workbench.Engine.Tools;
using Workbench.Web.Hubs;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Hubs;

/// <summary>The hub takes the same tool fields as the HTTP API (tools, toolChoice, parallelToolCalls, messages'
/// toolCalls / toolCallId) and rejects the same inputs (<see cref="ToolRequestCases"/>, the engine tests' table),
/// naming the camelCase field.</summary>
public sealed class ChatStreamToolRequestTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private static readonly JsonSerializerOptions HubJson = new(JsonSerializerDefaults.Web);

    private static ChatStreamRequest HubRequest(string snakeJson) =>
        ToolRequestCases.ToCamelCaseKeys(snakeJson).Deserialize<ChatStreamRequest>(HubJson)!;

    [Theory]
    [MemberData(nameof(ToolRequestCases.Names), MemberType = typeof(ToolRequestCases))]
    public void BadToolInput_IsAHubErrorNamingTheCamelCaseField(string name)
    {
        var (body, param, _) = ToolRequestCases.Rejections[name];
        var e = Assert.Throws<HubException>(() => ChatStreamRequestMapper.Validate(HubRequest(body)));
        Assert.Contains($"'{ToolRequestCases.CamelPath(param)}'", e.Message);
    }

    [Fact]
    public void ValidToolRequest_CarriesToolsChoiceAndHistory()
    {
        var validated = ChatStreamRequestMapper.Validate(HubRequest(ToolRequestCases.Valid(maxTokens: 4)));
        Assert.Equal("get_weather", Assert.Single(validated.Tools).Name);
        Assert.Equal(ToolChoice.Function("get_weather"), validated.ToolChoice);
        Assert.False(validated.ParallelToolCalls);
        Assert.Equal("call_1", Assert.Single(validated.Messages[1].ToolCalls!).Id);
        Assert.Equal("call_1", validated.Messages[2].ToolCallId);
    }

    /// <summary>Through the running app: each case is posted to <c>/v1/chat/completions</c> (proxy → worker → engine)
    /// and streamed to <c>StreamChat</c> over SignalR; both reject it, naming the same field.</summary>
    [Fact]
    public async Task HttpAndHub_RejectTheSameInputs_NamingTheSameField()
    {
        await app.StartReadyAsync();
        using var http = app.CreateClient();
        var ws = app.Server.CreateWebSocketClient();
        await using var hub = await SignalRJsonClient.ConnectAsync(app.CreateClient(), "/hubs/generation",
            (uri, ct) => ws.ConnectAsync(uri, ct), Cancel());
        var id = 0;
        var mismatches = new List<string>();
        foreach (var (name, (body, param, code)) in ToolRequestCases.Rejections)
        {
            using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var response = await http.PostAsync("/v1/chat/completions", content);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var error = json.RootElement.GetProperty("error");
            var httpParam = error.GetProperty("param").GetString();
            if ((int)response.StatusCode != 400 || httpParam != param || error.GetProperty("code").GetString() != code)
                mismatches.Add($"{name}: HTTP {(int)response.StatusCode} param={httpParam}");

            var invocation = (++id).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await hub.StreamInvocationAsync(invocation, "StreamChat", [ToolRequestCases.ToCamelCaseKeys(body)], Cancel());
            var message = await hub.ReceiveAsync(Cancel());
            var hubError = message.TryGetProperty("error", out var e) ? e.GetString() : null;
            if (message.GetProperty("type").GetInt32() != 3 || hubError?.Contains($"'{ToolRequestCases.CamelPath(param)}'", StringComparison.Ordinal) != true)
                mismatches.Add($"{name}: hub {message}");
        }
        Assert.Empty(mismatches);
    }

    private static CancellationToken Cancel() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
