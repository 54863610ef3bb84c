using System.Net;
using System.Net.Sockets;
using System.Text;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Serving;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary><see cref="RemoteInferenceEngine"/> against the real API in process.</summary>
[Collection(ApiCollection.Name)]
public sealed class RemoteInferenceEngineTests(ApiServerFixture server) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private RemoteInferenceEngine Remote() => new(_http, () => new Uri(server.BaseUrl));

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task RefreshAsync_ReadsModelAndStatus()
    {
        var remote = Remote();
        Assert.Null(remote.Model);
        await remote.RefreshAsync(CancellationToken.None);
        Assert.Equal(EngineStatus.Ready, remote.Status);
        Assert.Equal(server.Model.Id, remote.Model?.Id);
        Assert.Equal(server.Model.VocabSize, remote.Model?.VocabSize);
        Assert.Equal(server.Model.Metadata.Count, remote.Model?.Metadata.Count);
    }

    [Fact]
    public async Task GenerateAsync_MatchesTheInProcessEngine()
    {
        var request = new GenerationRequest
        {
            Prompt = "Once upon a time",
            MaxTokens = 8,
            TopLogprobs = 3,
            Sampling = new SamplingOptions { Seed = 99, Temperature = 0.8f },
        };
        var local = await Collect(server.Engine.GenerateAsync(request, CancellationToken.None));
        var remote = await Collect(Remote().GenerateAsync(request, CancellationToken.None));

        Assert.Equal(local.Select(u => u.Token?.Id), remote.Select(u => u.Token?.Id));
        Assert.Equal(string.Concat(local.Select(u => u.Text)), string.Concat(remote.Select(u => u.Text)));
        var tokens = remote.Where(u => u.Token is not null).Select(u => u.Token!).ToList();
        Assert.Equal(8, tokens.Count);
        Assert.All(tokens, t => Assert.Equal(3, t.TopAlternatives.Count));
        Assert.All(tokens, t => Assert.Equal(Encoding.UTF8.GetBytes(t.Piece), t.Bytes));
        var last = remote[^1];
        Assert.Equal(FinishReason.Length, last.FinishReason);
        Assert.Equal(local[^1].Usage, last.Usage);
        Assert.NotNull(last.Timings);
        Assert.True(last.Timings.TimeToFirstToken > TimeSpan.Zero);
    }

    [Fact]
    public async Task GenerateAsync_ErrorsMapToEngineExceptions()
    {
        var remote = Remote();
        var badGrammar = new GenerationRequest { Prompt = "x", Sampling = new SamplingOptions { Grammar = "root ::= (((" } };
        await Assert.ThrowsAsync<GrammarException>(() => Collect(remote.GenerateAsync(badGrammar, CancellationToken.None)));

        var longPrompt = new GenerationRequest { Prompt = new StringBuilder().Insert(0, "the dog ran to the park and ", 1000).ToString() };
        var tooLong = await Assert.ThrowsAsync<PromptTooLongException>(() => Collect(remote.GenerateAsync(longPrompt, CancellationToken.None)));
        Assert.Equal(ApiServerFixture.ContextSize, tooLong.ContextSize);
        Assert.True(tooLong.PromptTokens > ApiServerFixture.ContextSize);
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_EndsWithCancelled()
    {
        using var cts = new CancellationTokenSource();
        var request = new GenerationRequest { Prompt = "a", MaxTokens = 800, Sampling = new SamplingOptions { Grammar = "root ::= \"a\" root" } };
        var updates = new List<GenerationUpdate>();
        await foreach (var update in Remote().GenerateAsync(request, cts.Token))
        {
            updates.Add(update);
            if (updates.Count == 2) cts.Cancel();
        }
        Assert.Equal(FinishReason.Cancelled, updates[^1].FinishReason);
        Assert.True(updates.Count < 800);
    }

    [Fact]
    public async Task TokenizeDetokenizeAndTemplate_MatchTheInProcessEngine()
    {
        var remote = Remote();
        const string text = "Ben liked to play with his toy car.";
        var ids = await remote.TokenizeAsync(text, true, false, CancellationToken.None);
        Assert.Equal(await server.Engine.TokenizeAsync(text, true, false, CancellationToken.None), ids);
        Assert.Equal(await server.Engine.DetokenizeAsync(ids, true, false, CancellationToken.None),
            await remote.DetokenizeAsync(ids, true, false, CancellationToken.None));

        PromptMessage[] messages = [new("user", "Hi")];
        Assert.Equal(await server.Engine.ApplyChatTemplateAsync(messages, "chatml", false, CancellationToken.None),
            await remote.ApplyChatTemplateAsync(messages, "chatml", false, CancellationToken.None));
        await Assert.ThrowsAsync<ChatTemplateException>(async () => await remote.ApplyChatTemplateAsync(messages, "bogus", true, CancellationToken.None));
    }

    [Fact]
    public async Task LoadModelAsync_ReportsProgressAndReturnsTheModel()
    {
        var remote = Remote();
        var reports = new List<float>();
        var model = await remote.LoadModelAsync(ApiServerFixture.ModelFileName, new InlineProgress(reports.Add), CancellationToken.None);

        Assert.Equal(ApiServerFixture.ModelFileName, model.Id);
        Assert.Equal(model, remote.Model);
        Assert.Equal(EngineStatus.Ready, remote.Status);
        Assert.NotEmpty(reports);
        Assert.Equal(reports.Order(), reports);
        Assert.InRange(reports[^1], 0.99f, 1f);

        await Assert.ThrowsAsync<ModelLoadException>(() => remote.LoadModelAsync("missing.gguf", null, CancellationToken.None));
        Assert.Equal(EngineStatus.Failed, remote.Status);
        Assert.NotNull(server.Engine.Model);
    }

    [Fact]
    public async Task ClosedPortOrNoWorker_IsEngineUnavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var closed = new RemoteInferenceEngine(_http, () => new Uri($"http://127.0.0.1:{port}"));

        await Assert.ThrowsAsync<EngineUnavailableException>(async () => await closed.TokenizeAsync("x", false, false, CancellationToken.None));
        await Assert.ThrowsAsync<EngineUnavailableException>(() => Collect(closed.GenerateAsync(new GenerationRequest { Prompt = "x" }, CancellationToken.None)));
        await Assert.ThrowsAsync<EngineUnavailableException>(() => closed.RefreshAsync(CancellationToken.None));
        Assert.Null(closed.Model);

        var none = new RemoteInferenceEngine(_http, () => null);
        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => none.LoadModelAsync("x.gguf", null, CancellationToken.None));
        Assert.Equal(EngineUnavailableException.DefaultMessage, error.Message);
    }

    private static async Task<List<GenerationUpdate>> Collect(IAsyncEnumerable<GenerationUpdate> updates)
    {
        var list = new List<GenerationUpdate>();
        await foreach (var update in updates) list.Add(update);
        return list;
    }

    private sealed class InlineProgress(Action<float> report) : IProgress<float>
    {
        public void Report(float value) => report(value);
    }
}
