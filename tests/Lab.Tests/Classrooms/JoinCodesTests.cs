using Workbench.Lab.Classrooms;

namespace Workbench.Lab.Tests.Classrooms;

public sealed class JoinCodesTests
{
    [Fact]
    public void Generate_ManyCodes_AreEightCharactersWithoutAmbiguousOnes()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => JoinCodes.Generate()).ToList();

        Assert.All(codes, code =>
        {
            Assert.Equal(8, code.Length);
            Assert.DoesNotContain(code, c => "0O1IL".Contains(c));
            Assert.All(code, c => Assert.Contains(c, JoinCodes.Alphabet));
        });
        Assert.True(codes.Distinct().Count() > 1990, "codes repeat far more often than chance allows");
        // Every character of the alphabet shows up: the draw covers the whole alphabet.
        Assert.Equal(JoinCodes.Alphabet.Length, codes.SelectMany(c => c).Distinct().Count());
    }

    [Fact]
    public void Alphabet_Always_LeavesOutZeroOhOneEyeAndEll()
    {
        Assert.Equal(31, JoinCodes.Alphabet.Length);
        Assert.DoesNotContain(JoinCodes.Alphabet, c => "0O1IL".Contains(c));
    }

    [Theory]
    [InlineData("k7q2-m9xd", "K7Q2M9XD")]
    [InlineData("  K7Q2 M9XD ", "K7Q2M9XD")]
    [InlineData("K7Q2M9XD", "K7Q2M9XD")]
    public void Normalize_TypedWithCaseSpacesOrDash_ReturnsStoredForm(string typed, string expected) =>
        Assert.Equal(expected, JoinCodes.Normalize(typed));

    [Theory]
    [InlineData("")]
    [InlineData("K7Q2M9X")]
    [InlineData("K7Q2M9XDA")]
    [InlineData("K7Q2M9X0")]
    [InlineData("K7Q2M9XO")]
    [InlineData("K7Q2M9XL")]
    [InlineData("K7Q2M9X!")]
    public void Normalize_WrongLengthOrCharacter_ReturnsNull(string typed) => Assert.Null(JoinCodes.Normalize(typed));
}
