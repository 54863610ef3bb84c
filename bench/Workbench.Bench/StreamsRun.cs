using System.Diagnostics;
using Workbench.Engine.Inference;

namespace Workbench.Bench;

/// <summary>B streams started at once on one engine, with every token's arrival time (<see cref="Stopwatch.GetTimestamp"/>).</summary>
/// <param name="Streams">B.</param>
/// <param name="SteadyTokensPerSecond">Tokens received while all B streams were generating (after the last stream's first
/// token, up to the first stream's last token) / that time; for B = 1 the same as <paramref name="SpanTokensPerSecond"/>.</param>
/// <param name="SpanTokensPerSecond">Σ (tokens − 1) / time from the earliest first token to the latest last token.</param>
/// <param name="TotalTokensPerSecond">B · prompt tokens + all generated tokens / wall time from starting the requests.</param>
internal sealed record StreamsRun(int Streams, double SteadyTokensPerSecond, double SpanTokensPerSecond, double TotalTokensPerSecond)
{
    /// <summary>Runs <paramref name="streams"/> copies of <paramref name="request"/> at once and measures them.</summary>
    /// <exception cref="InvalidOperationException">A stream made fewer than two tokens (nothing to time).</exception>
    public static async Task<StreamsRun> MeasureAsync(IInferenceEngine engine, GenerationRequest request, int streams, int promptTokens, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var arrivals = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => Task.Run(async () =>
        {
            var times = new List<long>(request.MaxTokens ?? 256);
            await foreach (var update in engine.GenerateAsync(request, cancellationToken))
                if (update.Token is not null) times.Add(Stopwatch.GetTimestamp());
            return times;
        }, cancellationToken)));
        long ended = Stopwatch.GetTimestamp();
        if (arrivals.Any(a => a.Count < 2)) throw new InvalidOperationException("A stream made fewer than 2 tokens.");

        long allGenerating = arrivals.Max(a => a[0]), firstDone = arrivals.Min(a => a[^1]);
        long steadyTokens = arrivals.Sum(a => a.Count(t => t > allGenerating && t <= firstDone));
        double steady = firstDone > allGenerating ? steadyTokens / Stopwatch.GetElapsedTime(allGenerating, firstDone).TotalSeconds : double.NaN;
        double span = arrivals.Sum(a => a.Count - 1) / Stopwatch.GetElapsedTime(arrivals.Min(a => a[0]), arrivals.Max(a => a[^1])).TotalSeconds;
        double total = (streams * promptTokens + arrivals.Sum(a => a.Count)) / Stopwatch.GetElapsedTime(started, ended).TotalSeconds;
        return new StreamsRun(streams, steady, span, total);
    }
}
