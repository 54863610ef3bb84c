using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Workbench.Engine.Inference;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>How one generation ended, seen from the caller's side of the engine.</summary>
/// <param name="FinishReason">The final update's reason, or null when the caller stopped reading first
/// (which cancels the engine's job).</param>
/// <param name="Tokens">Token updates handed to the caller.</param>
/// <param name="CancellationRequested">Whether the caller's token was cancelled (client disconnect).</param>
public sealed record GenerationRecord(FinishReason? FinishReason, int Tokens, bool CancellationRequested);

/// <summary>A pass-through <see cref="IInferenceEngine"/> that records how every generation ended (so a test
/// can see that a client disconnect really stopped the engine).</summary>
public sealed class RecordingEngine(IInferenceEngine inner) : DelegatingInferenceEngine(inner)
{
    private readonly ConcurrentQueue<GenerationRecord> _records = new();
    private readonly SemaphoreSlim _ended = new(0);

    /// <summary>Generations that have ended, oldest first.</summary>
    public IReadOnlyCollection<GenerationRecord> Records => _records;

    public override async IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FinishReason? reason = null;
        var tokens = 0;
        try
        {
            await foreach (var update in Inner.GenerateAsync(request, cancellationToken))
            {
                if (update.Token is not null) tokens++;
                reason ??= update.FinishReason;
                yield return update;
            }
        }
        finally
        {
            _records.Enqueue(new GenerationRecord(reason, tokens, cancellationToken.IsCancellationRequested));
            _ended.Release();
        }
    }

    /// <summary>Waits until more than <paramref name="skip"/> generations have ended; returns the next one.</summary>
    public async Task<GenerationRecord> WaitForRecordAsync(int skip, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_records.Count <= skip)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _ended.WaitAsync(left)) throw new TimeoutException("No generation ended in time.");
        }
        return _records.ElementAt(skip);
    }
}
