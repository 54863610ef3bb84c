using System.Runtime.CompilerServices;
using Workbench.Engine.Inference;

namespace Workbench.Lab.Quotas;

/// <summary>
/// An <see cref="IInferenceEngine"/> that takes an <see cref="EngineLease"/> from the <see cref="EngineAccessGate"/>
/// for every generation (quota check, fair queueing), reserving the request's <c>MaxTokens</c> (else the model's
/// context window) until it ends, and charges the final update's usage (prompt + completion
/// tokens) to the caller. Other members pass through. <c>AddLab</c> decorates the host's registered engine with it,
/// so every <see cref="IInferenceEngine"/> resolved from the container is quota-aware.
/// </summary>
/// <remarks>
/// The caller is resolved when <see cref="GenerateAsync"/> is called: <c>caller()</c>, else
/// <see cref="EngineCallerContext.Current"/>, else <see cref="EngineCaller.Anonymous"/>. A generation started by
/// code that already holds a lease of this engine (a decorator stacked twice) does not take a second one, so
/// stacking cannot deadlock the gate.
/// </remarks>
public sealed class QuotaInferenceEngine : DelegatingInferenceEngine
{
    private static readonly AsyncLocal<bool> HoldingLease = new();
    private readonly EngineAccessGate _gate;
    private readonly Func<EngineCaller?>? _caller;
    private int _disposed;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The engine that does the work.</param>
    /// <param name="gate">The gate (a singleton shared by every decorated engine).</param>
    /// <param name="caller">Who is calling, or null to use <see cref="EngineCallerContext.Current"/>.</param>
    /// <param name="ownsInner">Whether disposing this engine disposes <paramref name="inner"/>.</param>
    public QuotaInferenceEngine(IInferenceEngine inner, EngineAccessGate gate, Func<EngineCaller?>? caller = null, bool ownsInner = false)
        : base(inner, ownsInner)
    {
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _caller = caller;
    }

    /// <inheritdoc />
    /// <exception cref="RateLimitException">The caller's quota is used up (thrown when the stream is first read).</exception>
    public override IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HoldingLease.Value) return Inner.GenerateAsync(request, cancellationToken);
        var caller = _caller?.Invoke() ?? EngineCallerContext.Current ?? EngineCaller.Anonymous;
        return GenerateWithLeaseAsync(request, caller, cancellationToken);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? base.DisposeAsync() : ValueTask.CompletedTask;

    private async IAsyncEnumerable<GenerationUpdate> GenerateWithLeaseAsync(
        GenerationRequest request, EngineCaller caller, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Reserve the most this request may generate (max_tokens, else the context window) until it is settled.
        var reservation = request.MaxTokens ?? Inner.Model?.ContextSize ?? 0;
        using var lease = await _gate.EnterAsync(caller, Math.Max(0, reservation), cancellationToken).ConfigureAwait(false);
        var charged = false;
        var tokensSeen = 0;
        HoldingLease.Value = true; // seen by the inner engine's GenerateAsync below, not by our caller
        try
        {
            await foreach (var update in Inner.GenerateAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (update.Token is not null) tokensSeen++;
                if (update.Usage is { } usage && !charged)
                {
                    lease.RecordTokens(usage.TotalTokens);
                    charged = true;
                }
                yield return update;
            }
        }
        finally
        {
            HoldingLease.Value = false;
            if (!charged) lease.RecordTokens(tokensSeen); // the stream ended early: charge what was generated
        }
    }
}
