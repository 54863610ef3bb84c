using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Experiments;

namespace Workbench.Lab.Tests.Agent.Experiments;

/// <summary>The lecture's seed result and the honest comparison with a lab experiment.</summary>
public sealed class AgentExperimentReferenceTests
{
    [Fact]
    public void Arms_AreTheLecturesNumbersWithWilsonIntervals()
    {
        var arms = AgentExperimentReference.Arms;

        Assert.Equal(["22.2", "33.3", "37.8"], arms.Select(a => (a.PassRate * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(arms, a => Assert.Equal(45, a.N));
        Assert.Equal(2, AgentExperimentReference.NudgePassed - AgentExperimentReference.RollbackPassed); // the nudge alone: +2 of 45
        Assert.Equal(0.1254468553, arms[0].Interval.Lower, 9);
        Assert.Equal(0.5237006552, arms[2].Interval.Upper, 9);
        Assert.Equal(7.0 / 45, AgentExperimentReference.Difference.Difference, 12);
        Assert.True(AgentExperimentReference.Difference.Interval.Lower < 0); // 45 tasks cannot exclude "no effect"
    }

    [Fact]
    public void Compare_StatesWhatDiffers()
    {
        var run = new AgentExperimentRun("cs-null-name", true, 1, "r", false, AgentRunStatus.Failed, null, "down", 0, 0, 0, 0);
        AgentArmResult Arm(bool verify, int passed) => new(verify, passed, 24, passed / 24.0, ProportionInterval.Wilson(passed, 24),
            verify ? 1 : 0, 0, 0, 0, []);
        var result = new AgentExperimentResult(AgentExperimentRunner.NewId(),
            new AgentExperiment(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"], "vllm", "qwen3-coder", Seeds: 2),
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, true, [Arm(false, 6), Arm(true, 12)],
            new AgentRateDifference(0.25, ProportionInterval.NewcombeDifference(12, 24, 6, 24), AgentExperimentRunner.DifferenceMethod), [run]);

        var notes = AgentExperimentReference.Compare(result).Notes;

        Assert.Contains(notes, n => n.Contains("vllm / qwen3-coder", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("45 hard tasks", StringComparison.Ordinal) && n.Contains("12 small", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("N = 24 per arm from 2 seeds", StringComparison.Ordinal) && n.Contains("not independent", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("cancelled after 1 of 48 runs", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("1 run(s) failed outside the model's control", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("+25.0 points", StringComparison.Ordinal) && n.Contains("+15.6 points", StringComparison.Ordinal) && n.Contains("overlap", StringComparison.Ordinal));
    }
}
