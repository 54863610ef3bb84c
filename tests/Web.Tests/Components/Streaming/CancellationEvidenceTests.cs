using Workbench.Web.Components.Widgets.Streaming;

namespace Workbench.Web.Tests.Components.Streaming;

/// <summary>The verdict the stream-compare widget gives from the worker's /health readings after a cancel.</summary>
public sealed class CancellationEvidenceTests
{
    [Fact]
    public void Evaluate_FlatCounterAndNoSlotBusy_SaysStopped()
    {
        ServerSample[] samples = [new(90, 0, 1000, 3), new(200, 1, 1100, 3), new(400, 1, 1180, 3), new(600, 0, 1190, 4), new(850, 0, 1190, 4), new(1100, 0, 1190, 4)];

        var verdict = CancellationEvidence.Evaluate(samples, cancelledAtMs: 350, startedAtMs: 100, clientTokens: 150);

        Assert.True(verdict.Stopped);
        Assert.Equal(190, verdict.ServerTokens);
        Assert.Contains("tokens_predicted_total stayed at 1190 for 500 ms", verdict.Text);
    }

    [Fact]
    public void Evaluate_NoRequestEndedCancelled_SaysItHadAlreadyFinished()
    {
        ServerSample[] samples = [new(90, 0, 1000, 3), new(400, 0, 1500, 3), new(700, 0, 1500, 3), new(1000, 0, 1500, 3)];

        var verdict = CancellationEvidence.Evaluate(samples, cancelledAtMs: 350, startedAtMs: 100, clientTokens: 500);

        Assert.False(verdict.Stopped);
        Assert.StartsWith("Finished before the cancel arrived", verdict.Text);
    }

    [Fact]
    public void Evaluate_CounterStillRising_IsNotStopped()
    {
        ServerSample[] samples = [new(0, 0, 10, 0), new(400, 1, 200, 0), new(600, 1, 300, 0), new(800, 1, 400, 0), new(1000, 1, 500, 0)];

        var verdict = CancellationEvidence.Evaluate(samples, cancelledAtMs: 300, startedAtMs: 10, clientTokens: 5);

        Assert.False(verdict.Stopped);
        Assert.Contains("still rising", verdict.Text);
    }

    [Fact]
    public void Evaluate_FlatButASlotStillBusy_IsNotStopped()
    {
        ServerSample[] samples = [new(400, 1, 50, 0), new(700, 1, 50, 0), new(1000, 1, 50, 0)];

        Assert.False(CancellationEvidence.Evaluate(samples, 300, 0, 5).Stopped);
    }

    [Fact]
    public void Evaluate_TooFewReadingsOrTooShort_IsNotStoppedYet()
    {
        Assert.False(CancellationEvidence.Evaluate([new(400, 0, 50, 1), new(700, 0, 50, 1)], 300, 0, 5).Stopped);
        Assert.False(CancellationEvidence.Evaluate([new(400, 0, 50, 1), new(500, 0, 50, 1), new(600, 0, 50, 1)], 300, 0, 5).Stopped);
        Assert.Null(CancellationEvidence.Evaluate([new(400, 0, 50, 1), new(900, 0, 50, 1), new(1400, 0, 50, 1)], 300, 0, 5).ServerTokens); // no baseline
    }
}
