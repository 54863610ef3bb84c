using System.Net;
using System.Net.Sockets;
using Workbench.Engine.Serving;
using Workbench.Lab.Training.Corpus;
using Workbench.Lab.Training.Evaluation;

namespace Workbench.Train;

/// <summary>Evaluates a model through the engine's own OpenAI API: starts the engine worker
/// (<see cref="EngineWorkerHost"/>, the same server the web app runs) in this process on a free loopback port with
/// the model as its default, waits for <c>/health</c>, runs <see cref="ToolCallEvaluator"/> and stops it.</summary>
internal static class EvaluationServer
{
    public static async Task<ToolCallEvalReport> EvaluateAsync(string modelPath, IReadOnlyList<CorpusConversation> cases, int threads, CancellationToken cancellationToken)
    {
        string model = Path.GetFullPath(modelPath);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}",
            $"--Engine:DefaultModel={model}",
            $"--Engine:ModelDirectories:0={Path.GetDirectoryName(model)}",
            "--Engine:ContextSize=1024",
            "--Engine:ParallelSequences=1",
            $"--Engine:Threads={threads}",
            "--Logging:LogLevel:Default=None",
        ];
        var server = Task.Run(() => EngineWorkerHost.RunAsync(args, stop.Token), CancellationToken.None);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                if (server.IsCompleted) await server; // surfaces the start-up failure
                try
                {
                    using var health = await http.GetAsync("/health", cancellationToken);
                    if (health.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                if (DateTime.UtcNow > deadline) throw new InvalidOperationException("The engine did not become healthy within 2 minutes.");
                await Task.Delay(200, cancellationToken);
            }
            return await ToolCallEvaluator.RunAsync(http, Path.GetFileNameWithoutExtension(model), cases, cancellationToken);
        }
        finally
        {
            stop.Cancel();
            try { await server; } catch (OperationCanceledException) { }
        }
    }
}
