using Workbench.Lab.Agent.Experiments;

namespace Workbench.Lab.Tests.Agent.Experiments;

/// <summary>Wilson and Newcombe intervals against values computed independently: the Wilson bounds as the roots of
/// (p̂ − p)² = z²p(1 − p)/n by the quadratic formula in Python (z = NormalDist().inv_cdf(0.975)), and the
/// worked examples of Newcombe (1998), Statistics in Medicine 17:873–890, table II, method 10.</summary>
public sealed class ProportionIntervalTests
{
    [Theory]
    [InlineData(10, 45, 0.1254468553, 0.3626929217)]
    [InlineData(15, 45, 0.2135887493, 0.4792951169)]
    [InlineData(17, 45, 0.2510808467, 0.5237006552)]
    [InlineData(0, 10, 0.0, 0.2775327999)]
    [InlineData(10, 10, 0.7224672001, 1.0)]
    [InlineData(1, 2, 0.0945312057, 0.9054687943)]
    [InlineData(3, 12, 0.0889416684, 0.5323053349)]
    public void Wilson_KnownCounts_MatchIndependentRoots(int successes, int n, double lower, double upper)
    {
        var interval = ProportionInterval.Wilson(successes, n);

        Assert.Equal(lower, interval.Lower, 9);
        Assert.Equal(upper, interval.Upper, 9);
    }

    [Fact]
    public void Wilson_NoTrials_IsTheWholeRange() => Assert.Equal(new ProportionInterval(0, 1), ProportionInterval.Wilson(0, 0));

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(6, 5)]
    [InlineData(0, -1)]
    public void Wilson_BadCounts_Throw(int successes, int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.Wilson(successes, n));

    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)] // Newcombe 1998, table II, example (a), method 10
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]   // example (b)
    public void NewcombeDifference_PaperExamples(int s1, int n1, int s2, int n2, double lower, double upper)
    {
        var interval = ProportionInterval.NewcombeDifference(s1, n1, s2, n2);

        Assert.Equal(lower, interval.Lower, 4);
        Assert.Equal(upper, interval.Upper, 4);
    }

    [Fact]
    public void NewcombeDifference_SeedResult_MatchesIndependentValue()
    {
        var interval = ProportionInterval.NewcombeDifference(17, 45, 10, 45);

        Assert.Equal(-0.0336113807, interval.Lower, 9);
        Assert.Equal(0.3306525509, interval.Upper, 9);
    }
}
