using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Web.Components.Widgets;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The wire inspector against the engine's real OpenAI-compatible API over HTTP.</summary>
[Collection(EngineCollection.Name)]
public sealed class WireInspectorTests(EngineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Send_ShowsTheExactRequestAndResponseJson()
    {
        await using var server = await EngineApiServer.StartAsync(fixture.Engine);
        using var http = new HttpClient();
        using var ctx = UiTestContext.Create(fixture);
        ctx.Services.AddSingleton(new EngineWireClient(http, () => server.Address));
        var cut = ctx.Render<WireInspector>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["system"] = "You are a helpful assistant.",
            ["user"] = "Tell me a story about a cat.",
            ["max_tokens"] = "8",
            ["seed"] = "42",
        }));

        await cut.InvokeAsync(() => cut.Find("form[aria-label='Request']").Submit());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[aria-label='Response JSON']")), Timeout);
        Assert.Equal("HTTP 200 OK", cut.Find("[aria-label='HTTP status']").TextContent);
        Assert.Matches(@"^\d+ ms$", cut.Find("[aria-label='Latency']").TextContent);

        // Raw view: the request body exactly as sent, the response body exactly as received.
        await cut.InvokeAsync(() => cut.Find("input[aria-label='Pretty-print JSON']").Change(false));
        var request = JsonDocument.Parse(cut.Find("[aria-label='Request JSON']").TextContent).RootElement;
        Assert.Equal(fixture.Engine.Model!.Id, request.GetProperty("model").GetString());
        Assert.Equal("system", request.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("Tell me a story about a cat.", request.GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.Equal(8, request.GetProperty("max_tokens").GetInt32());
        Assert.Equal(42, request.GetProperty("seed").GetInt32());
        var raw = cut.Find("[aria-label='Response JSON']").TextContent;
        var response = JsonDocument.Parse(raw).RootElement;
        Assert.Equal("chat.completion", response.GetProperty("object").GetString());
        Assert.Equal(fixture.Engine.Model!.Id, response.GetProperty("model").GetString());
        var usage = response.GetProperty("usage");
        var finish = response.GetProperty("choices")[0].GetProperty("finish_reason").GetString();

        // The summary highlights what the response says.
        Assert.Equal(finish, cut.Find("[aria-label='finish_reason']").TextContent);
        Assert.Contains($"prompt_tokens {usage.GetProperty("prompt_tokens").GetInt32()}", cut.Find("[aria-label='Usage']").TextContent);
        Assert.Contains($"completion_tokens {usage.GetProperty("completion_tokens").GetInt32()}", cut.Find("[aria-label='Usage']").TextContent);

        // Pretty view: indented, with the usage object and finish_reason highlighted.
        await cut.InvokeAsync(() => cut.Find("input[aria-label='Pretty-print JSON']").Change(true));
        var highlighted = cut.FindAll("[aria-label='Response JSON'] .wb-json-hl").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains(highlighted, l => l.StartsWith("\"finish_reason\"", StringComparison.Ordinal));
        Assert.Contains(highlighted, l => l.StartsWith("\"usage\"", StringComparison.Ordinal));
        Assert.Contains(highlighted, l => l.StartsWith("\"total_tokens\"", StringComparison.Ordinal));
        Assert.DoesNotContain(highlighted, l => l.StartsWith("\"model\"", StringComparison.Ordinal));
        Assert.Contains("\n  \"messages\": [", cut.Find("[aria-label='Request JSON']").TextContent);
    }

    [Fact]
    public async Task Send_AnErrorResponse_ShowsItsStatusAndBody()
    {
        await using var server = await EngineApiServer.StartAsync(fixture.Engine);
        using var http = new HttpClient();
        using var ctx = UiTestContext.Create(fixture);
        ctx.Services.AddSingleton(new EngineWireClient(http, () => server.Address));
        var cut = ctx.Render<WireInspector>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["user"] = "Hello", ["max_tokens"] = "0" }));

        await cut.InvokeAsync(() => cut.Find("form[aria-label='Request']").Submit());

        cut.WaitForAssertion(() => Assert.StartsWith("HTTP 400", cut.Find("[aria-label='HTTP status']").TextContent), Timeout);
        Assert.Contains("\"error\"", cut.Find("[aria-label='Response JSON']").TextContent);
        Assert.Contains("max_tokens", cut.Find("[aria-label='Response JSON']").TextContent);
        Assert.Contains("max_tokens", cut.Find("[aria-label='Error message']").TextContent);
    }

    [Fact]
    public async Task Send_NoEngineAddress_SaysTheEngineIsNotRunning()
    {
        using var ctx = UiTestContext.Create(fixture);
        ctx.Services.AddSingleton(new EngineWireClient(new HttpClient(), () => null));
        var cut = ctx.Render<WireInspector>();

        await cut.InvokeAsync(() => cut.Find("form[aria-label='Request']").Submit());

        cut.WaitForAssertion(() => Assert.Contains("not running", cut.Find("[role=alert]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[aria-label='Response JSON']"));
    }
}
