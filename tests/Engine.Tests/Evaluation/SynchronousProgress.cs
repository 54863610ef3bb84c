using Workbench.Engine.Evaluation;

namespace Workbench.Engine.Tests.Evaluation;

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (unlike Progress&lt;T&gt;, which
/// posts to the thread pool), so a test sees every report before the call returns.</summary>
internal sealed class SynchronousProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
{
    public void Report(EvaluationProgress value) => report(value);
}
