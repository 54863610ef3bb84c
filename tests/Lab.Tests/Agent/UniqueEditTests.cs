using Workbench.Lab.Agent;

namespace Workbench.Lab.Tests.Agent;

public sealed class UniqueEditTests
{
    [Fact]
    public void Apply_OneMatch_Replaces() =>
        Assert.Equal("a = 2\nb = 1\n", UniqueEdit.Apply("a = 1\nb = 1\n", "a = 1", "a = 2", "f.py").NewText);

    [Fact]
    public void Apply_NoMatch_SaysNotFound()
    {
        var result = UniqueEdit.Apply("a = 1\n", "a = 3", "a = 2", "f.py");
        Assert.Equal("old_string not found in f.py", result.Error);
        Assert.Null(result.NewText);
        Assert.Equal(0, result.Occurrences);
    }

    [Fact]
    public void Apply_SeveralMatches_SaysHowMany() =>
        Assert.Equal("old_string occurs 2 times in f.py; include more surrounding lines to make it unique", UniqueEdit.Apply("x\nx\n", "x", "y", "f.py").Error);

    [Fact]
    public void Apply_OverlappingMatches_AreCounted() =>
        Assert.Equal(2, UniqueEdit.Apply("aaa", "aa", "b", "f").Occurrences);

    [Fact]
    public void Apply_WhitespaceDiffers_IsNotAMatch() =>
        Assert.Equal("old_string not found in f.py", UniqueEdit.Apply("    return a\n", "  return a", "x", "f.py").Error);

    [Fact]
    public void Apply_CrlfFile_MatchesLfOldStringAndKeepsCrlf() =>
        Assert.Equal("a\r\nB\r\nC\r\nd\r\n", UniqueEdit.Apply("a\r\nb\r\nc\r\nd\r\n", "b\nc", "B\nC", "f").NewText);

    [Fact]
    public void Apply_DollarInNewString_IsLiteral() =>
        Assert.Equal("x = \"$1 $&\"", UniqueEdit.Apply("x = 1", "1", "\"$1 $&\"", "f").NewText);

    [Theory]
    [InlineData("", "x", "old_string is empty")]
    [InlineData("a", "a", "identical")]
    public void Apply_EmptyOrIdentical_IsAnError(string oldString, string newString, string expected) =>
        Assert.Contains(expected, UniqueEdit.Apply("a b", oldString, newString, "f").Error);

    [Fact]
    public void GlobRegex_DoubleStar_SpansFolders()
    {
        var regex = AgentToolbox.GlobRegex("**/*.py");
        Assert.Matches(regex, "a.py");
        Assert.Matches(regex, "src/pkg/a.py");
        Assert.DoesNotMatch(regex, "a.pyc");
        Assert.DoesNotMatch(AgentToolbox.GlobRegex("src/*.cs"), "src/sub/A.cs");
    }
}
