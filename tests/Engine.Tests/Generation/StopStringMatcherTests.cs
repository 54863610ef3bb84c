using Workbench.Engine.Sampling;

namespace Workbench.Engine.Tests.Generation;

public sealed class StopStringMatcherTests
{
    private static (string Emitted, bool Matched) Feed(string[] stops, params string[] pieces)
    {
        var matcher = new StopStringMatcher(stops);
        var emitted = string.Concat(pieces.Select(matcher.Append));
        var matched = matcher.Matched;
        return (emitted + matcher.Flush(), matched);
    }

    [Fact]
    public void Append_StopSplitAcrossPieces_CutsBeforeIt() =>
        Assert.Equal(("Hello ", true), Feed(["world"], "Hello w", "or", "ld and more"));

    [Fact]
    public void Append_PrefixThatDoesNotComplete_IsReleased() =>
        Assert.Equal(("Hello wonderful", false), Feed(["world"], "Hello wo", "nderful"));

    [Fact]
    public void Append_PossiblePrefix_IsHeldBackUntilDecided()
    {
        var matcher = new StopStringMatcher(["</s>"]);

        Assert.Equal("abc", matcher.Append("abc</"));
        Assert.Equal("", matcher.Append("s"));
        Assert.Equal("", matcher.Append(">tail"));
        Assert.True(matcher.Matched);
        Assert.Equal("", matcher.Flush());
    }

    [Fact]
    public void Append_SeveralStops_CutsAtTheEarliest() =>
        Assert.Equal(("one ", true), Feed(["three", "two"], "one two three"));

    [Fact]
    public void Append_NoStops_PassesEverythingThrough() =>
        Assert.Equal(("a</b", false), Feed([], "a</", "b"));

    [Fact]
    public void Flush_HeldBackTextAtTheEnd_IsEmitted() =>
        Assert.Equal(("The end. Wor", false), Feed(["World"], "The end. Wor"));
}
