using System.Collections.Concurrent;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Quotas;

/// <summary>
/// Class quotas read from <see cref="ILabStore"/> and cached for <see cref="CacheDuration"/>, so the engine's hot
/// path does not query the database for every request. Quota changes (<c>ClassroomService.UpdateQuotasAsync</c>) call
/// <see cref="Invalidate"/> so a change applies at once in this process.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="time">The clock (tests inject a fake one).</param>
public sealed class StoreQuotaPolicySource(ILabStore store, TimeProvider time) : IQuotaPolicySource
{
    /// <summary>How long a looked-up policy is reused: 10 seconds.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (QuotaPolicy Policy, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<QuotaPolicy> GetPolicyAsync(string classId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classId);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(classId, out var cached) && cached.Expires > now) return cached.Policy;

        var classroom = await store.FindClassAsync(classId, cancellationToken).ConfigureAwait(false);
        var policy = classroom is null ? QuotaPolicy.Unlimited : new QuotaPolicy(classroom.RequestsPerMinute, classroom.TokensPerMinute);
        _cache[classId] = (policy, now + CacheDuration);
        return policy;
    }

    /// <inheritdoc />
    public void Invalidate(string classId) => _cache.TryRemove(classId, out _);
}
