using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

/// <summary>The digit-range rules, checked exhaustively around their bounds: the GBNF expression is turned into a
/// .NET regex (it only uses literals, digit classes, groups, alternation and repetition) and must match exactly the
/// canonical texts of the numbers in range.</summary>
public sealed class GbnfNumberRangesTests
{
    [Theory]
    [InlineData(0L, 90L)]
    [InlineData(-90L, 90L)]
    [InlineData(-180L, -7L)]
    [InlineData(1450L, 2030L)]
    [InlineData(-1000L, 123456L)]
    [InlineData(7L, 7L)]
    [InlineData(99L, 1001L)]
    [InlineData(null, 15L)]
    [InlineData(-15L, null)]
    [InlineData(250L, null)]
    public void Integer_Range_MatchesExactlyTheIntegersInRange(long? low, long? high)
    {
        var pattern = ToRegex(GbnfNumberRanges.Integer(low, high)!);

        for (long value = (low ?? high!.Value - 3000) - 50; value <= (high ?? low!.Value + 3000) + 50; value++)
        {
            bool inRange = (low is null || value >= low) && (high is null || value <= high);
            Assert.True(inRange == pattern.IsMatch(value.ToString(CultureInfo.InvariantCulture)), $"{value} in [{low}, {high}]: {pattern}");
        }
        Assert.DoesNotMatch(pattern, "-0");
        Assert.DoesNotMatch(pattern, "007");
    }

    [Theory]
    [InlineData(-90L, false, 90L, false)]
    [InlineData(0L, true, 1L, true)]
    [InlineData(-3L, true, 5L, false)]
    [InlineData(-20L, false, -10L, true)]
    [InlineData(10L, false, null, false)]
    [InlineData(null, false, 0L, true)]
    public void Decimal_Range_MatchesExactlyTheNumbersInRange(long? low, bool lowExclusive, long? high, bool highExclusive)
    {
        var pattern = ToRegex(GbnfNumberRanges.Decimal(low, lowExclusive, high, highExclusive)!);

        long from = (low ?? high!.Value - 300) - 5, to = (high ?? low!.Value + 300) + 5;
        foreach (string fraction in (string[])["", ".0", ".00", ".5", ".05", ".999", ".001"])
        {
            for (long whole = from; whole <= to; whole++)
            {
                foreach (string sign in (string[])["", "-"])
                {
                    if (whole < 0) continue;
                    string text = sign + whole.ToString(CultureInfo.InvariantCulture) + fraction;
                    decimal value = decimal.Parse(text, CultureInfo.InvariantCulture);
                    if (value == 0 && sign == "-") continue; // "-0" is not written; not required
                    bool inRange = (low is null || (lowExclusive ? value > low : value >= low)) && (high is null || (highExclusive ? value < high : value <= high));
                    Assert.True(inRange == pattern.IsMatch(text), $"{text} in {(lowExclusive ? "(" : "[")}{low}, {high}{(highExclusive ? ")" : "]")}: {pattern}");
                }
            }
        }
        Assert.DoesNotMatch(pattern, "1e2");
    }

    [Fact]
    public void Decimal_EmptyRange_ReturnsNull() => Assert.Null(GbnfNumberRanges.Decimal(3, true, 3, false));

    // GBNF subset → anchored .NET regex: "lit" → escaped text, [..] → as is, ( | ) → (?: | ), {m,n} ? * + → as is.
    private static Regex ToRegex(string gbnf)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < gbnf.Length; i++)
        {
            char c = gbnf[i];
            if (c == '"')
            {
                int end = gbnf.IndexOf('"', i + 1);
                regex.Append(Regex.Escape(gbnf[(i + 1)..end]));
                i = end;
            }
            else if (c == '[')
            {
                int end = gbnf.IndexOf(']', i + 1);
                regex.Append(gbnf, i, end - i + 1);
                i = end;
            }
            else if (c == '(') regex.Append("(?:");
            else if (c == ' ') continue;
            else regex.Append(c);
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
