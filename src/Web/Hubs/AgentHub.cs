using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Workbench.Lab.Agent;
using Workbench.Web.Auth;

namespace Workbench.Web.Hubs;

/// <summary>
/// Live agent runs at <c>/hubs/agent</c>: <c>Watch(id)</c> streams the run's record (the snake_case shape of
/// <c>GET /api/agent/runs/{id}</c>, <see cref="AgentRunJson"/>) once at once and again after every change (a step, an
/// edit, the status), and completes when the run has ended. Policy Member; only the run's owner or an instructor may
/// watch it (anyone else gets a <see cref="HubException"/> "There is no such agent run.").
/// </summary>
[Authorize(Policy = WorkbenchPolicies.Member)]
public sealed class AgentHub(AgentRunService runs) : Hub
{
    /// <summary>Streams the run's record until it ends.</summary>
    /// <param name="id">The run id.</param>
    /// <param name="cancellationToken">The client stopped watching.</param>
    public async IAsyncEnumerable<JsonObject> Watch(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var user = LabUser.FromPrincipal(Context.User);
        if (user is null || runs.Get(id) is not { } first || (!user.IsInstructor && first.OwnerId != user.UserId))
            throw new HubException("There is no such agent run.");

        // Only the newest record matters: a slow client skips intermediate ones.
        var changes = Channel.CreateBounded<AgentRunRecord>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(AgentRunRecord record)
        {
            if (record.Id == id) changes.Writer.TryWrite(record);
        }
        runs.Changed += OnChanged;
        try
        {
            var current = runs.Get(id) ?? first;
            yield return AgentRunJson.ToJson(current);
            while (!Ended(current))
            {
                current = await changes.Reader.ReadAsync(cancellationToken);
                yield return AgentRunJson.ToJson(current);
            }
        }
        finally
        {
            runs.Changed -= OnChanged;
        }
    }

    private static bool Ended(AgentRunRecord record) => record.Status is AgentRunStatus.Finished or AgentRunStatus.Failed;
}
