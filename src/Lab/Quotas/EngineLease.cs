namespace Workbench.Lab.Quotas;

/// <summary>
/// Permission to run one generation, from <see cref="EngineAccessGate.EnterAsync(EngineCaller, int, CancellationToken)"/>. Holds one of the gate's
/// slots until disposed (dispose exactly when the generation ends; a second dispose does nothing).
/// </summary>
public sealed class EngineLease : IDisposable
{
    private readonly EngineAccessGate _gate;
    private int _released;

    internal EngineLease(EngineAccessGate gate, EngineCaller caller, int reservedTokens = 0)
    {
        _gate = gate;
        Caller = caller;
        ReservedTokens = reservedTokens;
    }

    /// <summary>Tokens this lease holds back from the caller's tokens-per-minute quota until disposed (the
    /// request's <c>max_tokens</c>, as given to <see cref="EngineAccessGate.EnterAsync(EngineCaller, int, CancellationToken)"/>).</summary>
    public int ReservedTokens { get; }

    /// <summary>Who holds the lease.</summary>
    public EngineCaller Caller { get; }

    /// <summary>Charges <paramref name="tokens"/> (prompt + completion) to the caller's tokens-per-minute window.
    /// May be called more than once, and after disposal (the tokens still count).</summary>
    /// <param name="tokens">Tokens used; values ≤ 0 are ignored.</param>
    public void RecordTokens(int tokens) => _gate.ChargeTokens(Caller.UserId, tokens);

    /// <summary>Frees the slot for the next waiting caller and releases the reservation (record the real usage
    /// first, so the quota never shows less than was used).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) _gate.Release(Caller.UserId, ReservedTokens);
    }
}
