using System.Text.Json.Nodes;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving;
using Workbench.Engine.Tests.Serving;
using Xunit;
using static Workbench.Engine.Tests.Generation.GrammarTraceTests;
using static Workbench.Engine.Tests.Serving.ApiTestJson;

namespace Workbench.Engine.Tests.Generation;

/// <summary>The grammar step view over HTTP: request <c>grammar_trace</c>, <c>logprobs.content[].grammar_allowed</c>
/// and <c>top_logprobs[].allowed</c>, and <see cref="RemoteInferenceEngine"/> reading them back.</summary>
[Collection(ResponseFormatCollection.Name)]
public sealed class GrammarTraceWireTests(ResponseFormatServerFixture server) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task RemoteGenerateAsync_TraceGrammar_SameAsInProcess()
    {
        var request = Traced(ObjectGrammar, seed: 11);
        var remote = new RemoteInferenceEngine(_http, () => new Uri(server.BaseUrl));

        var local = await Collect(server.Engine.GenerateAsync(request, CancellationToken.None));
        var overWire = await Collect(remote.GenerateAsync(request, CancellationToken.None));

        var localTokens = local.Where(u => u.Token is not null).Select(u => u.Token!).ToList();
        var remoteTokens = overWire.Where(u => u.Token is not null).Select(u => u.Token!).ToList();
        Assert.Equal(localTokens.Select(t => t.Id), remoteTokens.Select(t => t.Id));
        Assert.Equal(localTokens.Select(t => t.GrammarAllowed), remoteTokens.Select(t => t.GrammarAllowed));
        Assert.Equal(
            localTokens.SelectMany(t => t.TopAlternatives.Select(a => (a.Id, a.Allowed))),
            remoteTokens.SelectMany(t => t.TopAlternatives.Select(a => (a.Id, a.Allowed))));
        Assert.All(remoteTokens, t => Assert.NotNull(t.GrammarAllowed));
    }

    [Fact]
    public async Task RemoteGenerateAsync_NoTrace_ReportsNulls()
    {
        var remote = new RemoteInferenceEngine(_http, () => new Uri(server.BaseUrl));

        var updates = await Collect(remote.GenerateAsync(Traced(ObjectGrammar, seed: 11, trace: false), CancellationToken.None));

        var tokens = updates.Where(u => u.Token is not null).Select(u => u.Token!).ToList();
        Assert.NotEmpty(tokens);
        Assert.All(tokens, t => Assert.Null(t.GrammarAllowed));
        Assert.All(tokens.SelectMany(t => t.TopAlternatives), a => Assert.Null(a.Allowed));
    }

    [Fact]
    public async Task ChatCompletions_GrammarTrace_ReportsAllowedCountsInLogprobs()
    {
        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "How old is Tom?" } },
            grammar = ObjectGrammar,
            grammar_trace = true,
            logprobs = true,
            top_logprobs = 5,
            seed = 3,
            temperature = 1.0,
            max_tokens = 60,
        });

        Assert.Equal(200, status);
        var content = body["choices"]![0]!["logprobs"]!["content"]!.AsArray();
        Assert.NotEmpty(content);
        foreach (var item in content)
        {
            Assert.InRange((int)item!["grammar_allowed"]!, 1, server.Model.VocabSize);
            var alternatives = item["top_logprobs"]!.AsArray();
            Assert.All(alternatives, a => Assert.NotNull(a!["allowed"]));
            if (alternatives.FirstOrDefault(a => (int)a!["id"]! == (int)item["id"]!) is { } self) Assert.True((bool)self["allowed"]!);
        }
    }

    [Fact]
    public async Task ChatCompletions_NoGrammarTrace_OmitsTheFields()
    {
        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "How old is Tom?" } },
            grammar = ObjectGrammar,
            logprobs = true,
            top_logprobs = 2,
            max_tokens = 10,
        });

        Assert.Equal(200, status);
        var item = body["choices"]![0]!["logprobs"]!["content"]![0]!.AsObject();
        Assert.False(item.ContainsKey("grammar_allowed"));
        Assert.All(item["top_logprobs"]!.AsArray(), a => Assert.False(a!.AsObject().ContainsKey("allowed")));
    }

    [Fact]
    public async Task ChatCompletions_GrammarTraceWithoutLogprobs_400()
    {
        var (status, body) = await PostAsync(server.Http, "/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "x" } },
            grammar = ObjectGrammar,
            grammar_trace = true,
        });

        Assert.Equal(400, status);
        AssertError(body, "invalid_request_error", "grammar_trace", "invalid_value");
    }
}
