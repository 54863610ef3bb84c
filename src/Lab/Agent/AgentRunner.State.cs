using Microsoft.Extensions.AI;

namespace Workbench.Lab.Agent;

public sealed partial class AgentRunner
{
    // The run as it goes; Snapshot() is what progress and the caller see.
    private sealed class RunState(AgentRunRequest request, string backend, string? model, Action<AgentRunRecord>? progress)
    {
        private readonly List<AgentStep> _steps = [];
        private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
        private readonly string _id = Guid.NewGuid().ToString("N");
        private long _extraInput, _extraOutput;

        public AgentRunRequest Request { get; } = request;
        public string Backend { get; } = backend;
        public string? Model { get; set; } = model;
        public AgentToolbox? Toolbox { get; set; }
        public AgentRunStatus Status { get; set; } = AgentRunStatus.Queued;
        public AgentStopReason? StopReason { get; private set; }
        public string? Error { get; private set; }
        public string? SandboxError { get; set; }
        public string FinalAnswer { get; set; } = "";
        public AgentTestOutcome? Tests { get; set; }
        public string Diff { get; set; } = "";

        public long InputTokens => _steps.Sum(s => s.InputTokens ?? 0) + _extraInput;
        public long OutputTokens => _steps.Sum(s => s.OutputTokens ?? 0) + _extraOutput;
        public long TotalTokens => InputTokens + OutputTokens;

        public void AddStep(AgentStep step)
        {
            _steps.Add(step);
            Report();
        }

        // The compaction requests' tokens count towards the run's budget.
        public void AddUsage(UsageDetails? usage)
        {
            _extraInput += usage?.InputTokenCount ?? 0;
            _extraOutput += usage?.OutputTokenCount ?? 0;
        }

        public void Stop(AgentStopReason reason, string? error)
        {
            StopReason = reason;
            Error = error;
            Report();
        }

        public AgentRunRecord End(AgentRunStatus status, AgentStopReason? reason, string? error)
        {
            Status = status;
            StopReason = reason;
            Error = error;
            var record = Snapshot(DateTimeOffset.UtcNow);
            progress?.Invoke(record);
            return record;
        }

        public void Report() => progress?.Invoke(Snapshot(null));

        private AgentRunRecord Snapshot(DateTimeOffset? ended) => new(
            _id, Request.Task.Id, Backend, Model, Request.VerifyOnEdit, Request.Seed, Request.OwnerId, Status, StopReason, Error,
            FinalAnswer, [.. _steps], Toolbox is null ? [] : [.. Toolbox.Edits], Tests, Diff, InputTokens, OutputTokens, _started, ended);
    }
}
