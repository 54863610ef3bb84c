using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Workbench.Engine.Serving;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>The worker entry point as the web app starts it: arguments in, API out, default model loaded.</summary>
[Collection(ApiCollection.Name)]
public sealed class EngineWorkerHostTests
{
    [Fact]
    public async Task RunAsync_ServesTheApi_AndLoadsTheDefaultModel()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}";
        using var stop = new CancellationTokenSource();
        var worker = EngineWorkerHost.RunAsync(
        [
            EngineWorkerHost.WorkerSwitch, "--urls", url,
            "--Engine:DefaultModel=" + ApiServerFixture.ModelPath(ApiServerFixture.ModelFileName),
            "--Engine:Threads=1", "--Engine:ParallelSequences=1", "--Engine:ContextSize=256",
        ], stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var statuses = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(worker.IsCompleted, "the worker exited: " + worker.Exception);
            Assert.True(DateTime.UtcNow < deadline, "the worker never became healthy: " + string.Join(",", statuses));
            try
            {
                using var response = await http.GetAsync("/health");
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                statuses.Add((string)body["status"]!);
                if (response.StatusCode == HttpStatusCode.OK) break;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        Assert.All(statuses[..^1], s => Assert.Contains(s, new[] { "loading", "no_model" }));

        var models = JsonNode.Parse(await http.GetStringAsync("/v1/models"))!;
        Assert.Equal(ApiServerFixture.ModelFileName, (string?)models["data"]![0]!["id"]);
        var props = JsonNode.Parse(await http.GetStringAsync("/props"))!;
        Assert.Equal(256, (int)props["n_ctx"]!);

        stop.Cancel();
        Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
