using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Grading.Sandbox;
using Workbench.LabSdk;

namespace Workbench.Lab.Grading.Code;

/// <summary>
/// Runs an exercise's hidden checks in the grading process while the student's code runs in the sandbox: each
/// check's trials one after another, each with a timeout (half the run's wall-time limit), reaching the student's
/// code only through <see cref="CheckContext.CallAsync(string, JsonNode?)"/>. The verdict of a trial is computed
/// here: it passes when the check method returns and fails when it throws. Stops when the sandbox is gone (the
/// trial in progress is then not run; the runner reports why). For an MCP-server exercise the judge first connects
/// an MCP client over the session's stdio streams (initialize within the trial timeout) and gives it to every check
/// as <see cref="CheckContext.Mcp"/>; a server that never answers or ends during initialize fails every trial with
/// the reason, and a trial also ends when the server is gone.
/// </summary>
/// <param name="checks">Each check with its method in the judge assembly, in order.</param>
/// <param name="limits">The run's limits (a trial may use half the wall time).</param>
/// <param name="lab">The checks' own client to the lab's endpoint (not recorded as the student's).</param>
/// <param name="exchanges">The student's exchanges as the gateway records them.</param>
internal sealed class CheckJudge(IReadOnlyList<(CheckDefinition Check, MethodInfo Method)> checks, SandboxLimits limits, LabContext lab, GatewayExchangeLog exchanges)
{
    private static readonly TimeSpan QuietWait = TimeSpan.FromSeconds(2);

    /// <summary>Runs every trial, reporting each to <paramref name="session"/>.</summary>
    public async Task RunAsync(SandboxSession session, CancellationToken cancellationToken)
    {
        McpClient? mcp = null;
        if (session.McpStreams is { } streams)
        {
            (mcp, var failure) = await ConnectAsync(session, streams.ToServer, streams.FromServer, cancellationToken);
            if (mcp is null)
            {
                foreach (var (check, _) in checks)
                    for (var trial = 1; trial <= check.Trials; trial++)
                        session.Report(new SandboxTrial(check.Id, trial, Passed: false, "not run: " + failure, TimeSpan.Zero));
                return;
            }
        }
        await using var client = mcp;
        var submission = new Submission(session, exchanges, mcp);
        foreach (var (check, method) in checks)
        {
            for (var trial = 1; trial <= check.Trials; trial++)
            {
                if (session.Closed.IsCancellationRequested) return;
                var result = await RunTrialAsync(submission, session, check, method, trial, cancellationToken);
                if (result is null) return;
                session.Report(result);
            }
        }
    }

    private async Task<SandboxTrial?> RunTrialAsync(Submission submission, SandboxSession session, CheckDefinition check, MethodInfo method, int trial, CancellationToken cancellationToken)
    {
        var timeout = TrialTimeout;
        // Over MCP the server's end also ends the trial's calls (the SDK's pending requests may wait otherwise).
        using var timer = submission.Mcp is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Closed);
        timer.CancelAfter(timeout);
        var context = new CheckContext(submission, lab, check.Id, trial, timer.Token);
        var clock = Stopwatch.StartNew();

        var run = Task.Run(() => (Task)method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [context], null)!, CancellationToken.None);
        var finished = await Task.WhenAny(run, Task.Delay(timeout, submission.Mcp is null ? CancellationToken.None : session.Closed)) == run;
        cancellationToken.ThrowIfCancellationRequested();
        var elapsed = clock.Elapsed;
        var timedOut = $"did not finish within {timeout.TotalSeconds:0.#} s (each check may use half the wall-time limit)";

        if (!finished) return session.Closed.IsCancellationRequested ? null : Failed(timedOut);
        if (run.Exception?.InnerException is { } error)
        {
            if (error is SandboxStoppedException || session.Closed.IsCancellationRequested && error is not CheckFailedException and not StudentCodeException)
                return null; // the sandbox is gone: this trial did not run to its end
            if (error is OperationCanceledException && timer.IsCancellationRequested) return Failed(timedOut);
            return Failed(error switch
            {
                CheckFailedException or StudentCodeException => error.Message,
                _ => $"{error.GetType().Name}: {error.Message}",
            });
        }
        if (run.IsCanceled)
        {
            if (session.Closed.IsCancellationRequested) return null; // the sandbox is gone (over MCP that cancels the calls)
            return timer.IsCancellationRequested ? Failed(timedOut) : Failed("was cancelled");
        }
        return new SandboxTrial(check.Id, trial, Passed: true, "", elapsed);

        SandboxTrial Failed(string message) => new(check.Id, trial, Passed: false, Truncate(message), elapsed);
    }

    /// <summary>Each trial's time (and an MCP server's time to answer initialize): half the run's wall time.</summary>
    private TimeSpan TrialTimeout => limits.WallTime / 2;

    /// <summary>Connects the grader's MCP client to the sandboxed server: initialize (within the trial timeout),
    /// then the initialized notification. Returns the client, or null and why not (for the student).</summary>
    private async Task<(McpClient? Client, string Failure)> ConnectAsync(SandboxSession session, Stream toServer, Stream fromServer, CancellationToken cancellationToken)
    {
        var timeout = TrialTimeout;
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Closed);
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "workbench-grader", Version = "1.0.0" },
            InitializationTimeout = timeout,
            // The revision lab 06 teaches (initialize → result → notifications/initialized; ping), not the SDK's
            // default 2026-07-28, which has neither; the sandboxed server is the same SDK and speaks it.
            ProtocolVersion = Workbench.Lab.Mcp.McpOptions.SpecRevision,
        };
        try
        {
            var transport = new StreamClientTransport(toServer, fromServer);
            return (await McpClient.CreateAsync(transport, options, loggerFactory: null, connecting.Token), "");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or TimeoutException or McpException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            if (session.Closed.IsCancellationRequested)
                return (null, "the MCP server ended before it answered initialize" + (session.ProtocolError is { } p ? $" ({p})" : ""));
            if (e is OperationCanceledException or TimeoutException)
                return (null, $"the MCP server did not answer initialize within {timeout.TotalSeconds:0.#} s");
            return (null, $"initialize failed: {e.GetType().Name}: {Truncate(e.Message)}");
        }
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000] + "…";

    /// <summary>The submission as a check sees it: calls over the session; exchanges from the gateway, complete up
    /// to the end of each call.</summary>
    private sealed class Submission(SandboxSession session, GatewayExchangeLog exchanges, McpClient? mcp) : ISubmissionChannel
    {
        public IReadOnlyList<HttpExchange> Exchanges => exchanges.Snapshot();

        public McpClient? Mcp => mcp;

        public async Task<JsonNode?> CallAsync(string operation, JsonNode? input, CancellationToken cancellationToken)
        {
            try
            {
                return await session.CallAsync(operation, input, cancellationToken);
            }
            finally
            {
                await exchanges.WaitForQuietAsync(QuietWait, CancellationToken.None);
            }
        }
    }
}
