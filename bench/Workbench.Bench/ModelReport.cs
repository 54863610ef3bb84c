using Workbench.Engine.Inference;

namespace Workbench.Bench;

/// <summary>Everything measured for one model.</summary>
internal sealed record ModelReport
{
    public required string ModelPath { get; init; }
    public ModelInfo? Model { get; init; }
    public BenchPrompt? GenerationPrompt { get; init; }
    public BenchPrompt? LongPrompt { get; init; }
    public int GreedyLength { get; init; }
    public required PartResult InProcess { get; init; }
    public required PartResult Peer { get; init; }
    public required PartResult WorkerHttp { get; init; }
    public required PartResult WebHttp { get; init; }
    public required PartResult SignalR { get; init; }
    public IReadOnlyList<ConcurrencyResult> Concurrency { get; init; } = [];
    public string? ConcurrencyNote { get; init; }
    public string PeerDescription { get; init; } = "";
    public List<string> Notes { get; } = [];
}
