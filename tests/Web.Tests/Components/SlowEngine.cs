using System.Runtime.CompilerServices;
using Workbench.Engine.Inference;

namespace Workbench.Web.Tests.Components;

/// <summary>
/// The real engine, with a pause before each streamed token: TinyStories writes thousands of tokens a second,
/// too fast to press Stop in the middle of a reply. Everything else (tokens, cancellation) is the real engine's.
/// </summary>
public sealed class SlowEngine(IInferenceEngine inner, TimeSpan perToken) : DelegatingInferenceEngine(inner, ownsInner: false) // the fixture owns the inner engine
{
    /// <inheritdoc />
    public override async IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in Inner.GenerateAsync(request, cancellationToken))
        {
            if (update.Token is not null)
            {
                try { await Task.Delay(perToken, cancellationToken); }
                catch (OperationCanceledException) { /* the inner stream ends with Cancelled */ }
            }
            yield return update;
        }
    }
}
