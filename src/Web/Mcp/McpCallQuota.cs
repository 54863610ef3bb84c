using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Workbench.Web.Auth;

namespace Workbench.Web.Mcp;

/// <summary>
/// The per-member quota on MCP tool calls, shared by the lab's own MCP server (<c>/mcp</c>, <c>tools/call</c>) and
/// the module page's API (<c>POST /api/mcp/servers/{name}/tools/call</c>): at most
/// <see cref="WebMcpOptions.CallsPerMinutePerMember"/> calls per member in any minute (a sliding window of six
/// 10-second segments, System.Threading.RateLimiting). A refusal says when to retry.
/// </summary>
public sealed class McpCallQuota : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the quota from <see cref="WebMcpOptions"/>.</summary>
    public McpCallQuota(IOptions<WebMcpOptions> options)
    {
        int perMinute = PerMinute = options.Value.CallsPerMinutePerMember;
        _limiter = PartitionedRateLimiter.Create<string, string>(member => RateLimitPartition.GetSlidingWindowLimiter(member,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>The calls a member may make per minute (<see cref="WebMcpOptions.CallsPerMinutePerMember"/>).</summary>
    public int PerMinute { get; }

    /// <summary>Takes one call from the member's quota.</summary>
    /// <param name="user">The signed-in member (the self-paced learner counts as one member).</param>
    /// <param name="retryAfter">When refused: how long until a call is allowed again (at least one second).</param>
    /// <returns>True when the call may go ahead.</returns>
    public bool TryAcquire(LabUser user, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var lease = _limiter.AttemptAcquire(user.UserId);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.FromSeconds(1) ? after : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
