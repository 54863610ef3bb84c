using Workbench.Lab.Agent;

namespace Workbench.Lab.Tests.Agent.Experiments;

/// <summary>
/// A neighbour double of <see cref="IAgentRunner"/> for the experiment runner's tests: it does no agent work, it
/// answers each request by a rule (passed or not, tokens, a status) after an optional delay, and records what it was
/// asked and how many runs were in flight at once. The real runner's tests are <c>AgentExperimentRealRunnerTests</c>.
/// </summary>
public sealed class ScriptedAgentRunner(Func<AgentRunRequest, bool> passes) : IAgentRunner
{
    private readonly object _gate = new();
    private int _inFlight;

    /// <summary>How long each run takes.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    /// <summary>The status of each run (default finished).</summary>
    public Func<AgentRunRequest, AgentRunStatus> Status { get; init; } = _ => AgentRunStatus.Finished;

    /// <summary>Throws for these requests instead of answering.</summary>
    public Func<AgentRunRequest, bool> Throws { get; init; } = _ => false;

    /// <summary>Every request, in start order.</summary>
    public List<AgentRunRequest> Requests { get; } = [];

    /// <summary>The most runs in flight at once.</summary>
    public int MaxInFlight { get; private set; }

    /// <inheritdoc />
    public async Task<AgentRunRecord> RunAsync(AgentRunRequest request, Action<AgentRunRecord>? progress, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Requests.Add(request);
            MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
        }
        var started = DateTimeOffset.UtcNow;
        var stopped = false;
        try
        {
            try
            {
                await Task.Delay(Delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                stopped = true; // as the real runner: a stopped run still ends with a record
            }
            if (Throws(request)) throw new InvalidOperationException("scripted failure");
            var passed = !stopped && passes(request);
            var tests = new AgentTestOutcome(request.Task.TestCommand, passed, passed ? 0 : 1, "", 1);
            return new AgentRunRecord(Guid.NewGuid().ToString("N"), request.Task.Id, request.Backend ?? "built-in", request.Model,
                request.VerifyOnEdit, request.Seed, null, Status(request), stopped ? AgentStopReason.Stopped : AgentStopReason.FinalAnswer,
                null, "", [], [], tests, "", InputTokens: 100, OutputTokens: 10, started, started.AddMilliseconds(50));
        }
        finally
        {
            lock (_gate) _inFlight--;
        }
    }
}
