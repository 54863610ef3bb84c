using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Workbench.Lab.Training.Runs;
using Workbench.Web.Auth;

namespace Workbench.Web.Hubs;

/// <summary>
/// Live training runs at <c>/hubs/training</c>: <c>Watch(id)</c> streams the run's record (the snake_case shape of
/// <c>GET /api/training/runs/{id}</c>, <see cref="TrainingRunJson"/>: its points and samples so far, status, queue
/// position) once at once and again after every change, and completes when the run has ended. A slow client skips
/// intermediate records (each carries the whole curve). Policy Member; only the run's owner or an instructor may
/// watch it (anyone else gets a <see cref="HubException"/> "There is no such training run.").
/// </summary>
[Authorize(Policy = WorkbenchPolicies.Member)]
public sealed class TrainingHub(TrainingRunService runs) : Hub
{
    /// <summary>Streams the run's record until it ends.</summary>
    /// <param name="id">The run id.</param>
    /// <param name="cancellationToken">The client stopped watching.</param>
    public async IAsyncEnumerable<JsonObject> Watch(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var user = LabUser.FromPrincipal(Context.User);
        if (user is null || runs.Get(id) is not { } first || (!user.IsInstructor && first.OwnerId != user.UserId))
            throw new HubException("There is no such training run.");

        var changes = Channel.CreateBounded<TrainingRunRecord>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(TrainingRunRecord record)
        {
            if (record.Id == id) changes.Writer.TryWrite(record);
        }
        runs.Changed += OnChanged;
        try
        {
            var current = runs.Get(id) ?? first;
            yield return TrainingRunJson.ToJson(current, runs.QueuePosition(id));
            while (current.IsActive)
            {
                current = await changes.Reader.ReadAsync(cancellationToken);
                yield return TrainingRunJson.ToJson(current, runs.QueuePosition(id));
            }
        }
        finally
        {
            runs.Changed -= OnChanged;
        }
    }
}
