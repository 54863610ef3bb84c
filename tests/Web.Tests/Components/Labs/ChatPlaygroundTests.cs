using System.Text.Json;
using System.Text.RegularExpressions;
using Bunit;
using Workbench.Lab.Quotas;
using Workbench.Web.Components.Widgets;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The chat playground on the real engine behind the app's quota gate: the whole conversation is resent
/// on every call, and the calls are charged to the signed-in student.</summary>
[Collection(EngineCollection.Name)]
public sealed class ChatPlaygroundTests(EngineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Send_TwoTurns_ResendsTheWholeConversationAndCountsPromptTokens()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var cut = lab.Context.Render<ChatPlayground>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["system"] = "You are a helpful assistant.", ["max_tokens"] = "6" }));

        await SendAsync(cut, "Tell me a story about a cat.");
        await SendAsync(cut, "What happened next?");

        var calls = cut.FindAll("li[aria-label^='Call ']");
        Assert.Equal(2, calls.Count);
        var first = JsonDocument.Parse(calls[0].QuerySelector("[aria-label='Messages sent']")!.TextContent).RootElement;
        var second = JsonDocument.Parse(calls[1].QuerySelector("[aria-label='Messages sent']")!.TextContent).RootElement;
        Assert.Equal(["system", "user"], first.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(["system", "user", "assistant", "user"], second.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(first[1].GetProperty("content").GetString(), second[1].GetProperty("content").GetString());
        Assert.Equal(calls[0].QuerySelector("[aria-label='Assistant reply']")!.TextContent, second[2].GetProperty("content").GetString());

        var prompts = calls.Select(c => PromptTokens(c.QuerySelector("[aria-label='Call usage']")!.TextContent)).ToArray();
        Assert.True(prompts[1] > prompts[0], $"the second call read {prompts[1]} prompt tokens, the first {prompts[0]}");
        Assert.Equal((prompts[0] + prompts[1]).ToString(), cut.Find("[aria-label='Cumulative prompt tokens'] b").TextContent);
    }

    [Fact]
    public async Task NewConversation_ClearsCallsAndTheCounter()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var cut = lab.Context.Render<ChatPlayground>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "4" }));
        await SendAsync(cut, "Hello");
        Assert.NotEqual("0", cut.Find("[aria-label='Cumulative prompt tokens'] b").TextContent);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='New conversation']").Click());

        Assert.Empty(cut.FindAll("li[aria-label^='Call ']"));
        Assert.Equal("0", cut.Find("[aria-label='Cumulative prompt tokens'] b").TextContent);
    }

    [Fact]
    public async Task Send_AsAStudent_ChargesTheirQuotaAndShowsTheLimitMessage()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var instructor = await lab.CreateInstructorAsync();
        var classroom = await lab.CreateClassAsync(instructor, new QuotaPolicy(RequestsPerMinute: 1, TokensPerMinute: 0));
        var student = await lab.JoinAsync(classroom, "Grace");
        lab.SignIn(student);
        var cut = lab.Context.Render<ChatPlayground>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "4" }));

        await SendAsync(cut, "Hello");
        var usage = PromptTokens(cut.Find("[aria-label='Call usage']").TextContent);
        var (requests, tokens) = lab.Get<EngineAccessGate>().GetUsage(student.UserId);
        Assert.Equal(1, requests);
        Assert.True(tokens >= usage, $"charged {tokens} tokens for a call reading {usage}");

        await SendAsync(cut, "Again", expectUsage: false);
        Assert.Contains("per minute", cut.FindAll("li[aria-label='Call 2'] [role=alert]").Single().TextContent);
    }

    private static int PromptTokens(string usage) => int.Parse(Regex.Match(usage, @"prompt_tokens (\d+)").Groups[1].Value);

    private static async Task SendAsync(IRenderedComponent<ChatPlayground> cut, string text, bool expectUsage = true)
    {
        var expected = cut.FindAll("li[aria-label^='Call ']").Count + 1;
        await cut.InvokeAsync(() =>
        {
            cut.Find("form[aria-label='Compose'] input:not([type=number])").Input(text);
            cut.Find("form[aria-label='Compose']").Submit();
        });
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Idle", cut.Find("[aria-label='Playground state']").TextContent);
            var calls = cut.FindAll("li[aria-label^='Call ']");
            Assert.Equal(expected, calls.Count);
            if (expectUsage) Assert.True(calls[^1].QuerySelector("[aria-label='Call usage']") is not null, calls[^1].OuterHtml);
        }, Timeout);
    }
}
