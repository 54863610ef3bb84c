using Workbench.Lab.Quotas;

namespace Workbench.Lab.Tests.Quotas;

/// <summary>Class quotas given by the test (class id → policy; unknown classes are unlimited).</summary>
public sealed class FixedQuotaPolicies(Dictionary<string, QuotaPolicy> policies) : IQuotaPolicySource
{
    public ValueTask<QuotaPolicy> GetPolicyAsync(string classId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(policies.GetValueOrDefault(classId, QuotaPolicy.Unlimited));

    public void Invalidate(string classId)
    {
    }
}
