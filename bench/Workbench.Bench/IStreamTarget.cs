namespace Workbench.Bench;

/// <summary>Something that streams a greedy chat completion and can be timed from the client side.</summary>
internal interface IStreamTarget
{
    /// <summary>Row label in the report.</summary>
    string Name { get; }

    /// <summary>Streams one greedy completion of <paramref name="prompt"/> of at most <paramref name="maxTokens"/> tokens.</summary>
    Task<StreamMeasurement> RunAsync(BenchPrompt prompt, int maxTokens, CancellationToken cancellationToken);
}
