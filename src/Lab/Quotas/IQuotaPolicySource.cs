namespace Workbench.Lab.Quotas;

/// <summary>Where <see cref="EngineAccessGate"/> finds a class's quotas (in the app: the store, cached briefly).</summary>
public interface IQuotaPolicySource
{
    /// <summary>The quotas of <paramref name="classId"/>; <see cref="QuotaPolicy.Unlimited"/> for an unknown class.</summary>
    /// <param name="classId">A class id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<QuotaPolicy> GetPolicyAsync(string classId, CancellationToken cancellationToken);

    /// <summary>Forgets any cached quotas of <paramref name="classId"/> (call after changing them).</summary>
    /// <param name="classId">A class id.</param>
    void Invalidate(string classId);
}
