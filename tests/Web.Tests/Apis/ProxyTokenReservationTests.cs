using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Quotas;
using Workbench.Web.Tests.Auth;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Apis;

/// <summary>Issue 10 finding 7 through the real app and worker: one student's 40 parallel streams against a
/// 2,000 tokens-per-minute class. Each reserves its <c>max_tokens</c> when it starts, so only the streams whose
/// completions fit are admitted (the rest 429 at once), and each is settled with its real usage.</summary>
public sealed class ProxyTokenReservationTests : IAsyncLifetime
{
    private const int TokensPerMinute = 2000;
    private const int MaxTokens = 60;
    private readonly WorkbenchAppFactory _app = new();
    private WebUser _instructor = null!;
    private WebUser _student = null!;
    private string _studentId = "";

    public async Task InitializeAsync()
    {
        _app.Settings["Lab:Mode"] = "Classroom";
        _app.Settings["Lab:Instructor:UserName"] = "prof";
        _app.Settings["Lab:Instructor:Password"] = "instructor-pass-1";
        _instructor = new WebUser(_app);
        await _instructor.SignInAsync("prof", "instructor-pass-1");
        var classroom = await _instructor.PostJsonAsync("/api/classes",
            new { name = "Busy group", requestsPerMinute = 0, tokensPerMinute = TokensPerMinute }, HttpStatusCode.Created);
        _student = new WebUser(_app);
        await _student.JoinAsync(classroom.GetProperty("joinCode").GetString()!, "Pat");
        var dashboard = await _instructor.GetJsonAsync($"/api/classes/{classroom.GetProperty("id").GetString()}/dashboard");
        _studentId = dashboard.GetProperty("students")[0].GetProperty("userId").GetString()!;
        await _app.StartReadyAsync();
    }

    public async Task DisposeAsync()
    {
        _instructor.Dispose();
        _student.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task FortyParallelStreams_AreAdmittedOnlyWhileTheirMaxTokensFitTheQuota()
    {
        var body = new
        {
            messages = new[] { new { role = "user", content = "Tell me a story" } },
            max_tokens = MaxTokens, ignore_eos = true, stream = true,
            stream_options = new { include_usage = true },
        };
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await _student.Http.PostAsJsonAsync("/v1/chat/completions", body);
            return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
        }));

        var served = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var refused = responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(40, served.Count + refused);
        Assert.InRange(served.Count, 1, TokensPerMinute / MaxTokens);
        var completionTokens = served.Sum(r => UsageOf(r.Text).GetProperty("completion_tokens").GetInt32());
        Assert.True(completionTokens <= TokensPerMinute, $"{served.Count} streams generated {completionTokens} tokens");
        var gate = _app.Services.GetRequiredService<EngineAccessGate>();
        Assert.Equal(0, gate.GetReservedTokens(_studentId));
        Assert.Equal(served.Sum(r => UsageOf(r.Text).GetProperty("total_tokens").GetInt32()), gate.GetUsage(_studentId).Tokens);
    }

    private static JsonElement UsageOf(string stream)
    {
        var usage = stream.Split("\n\n").Where(e => e.StartsWith("data: {", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement)
            .Last(chunk => chunk.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object);
        return usage.GetProperty("usage");
    }
}
