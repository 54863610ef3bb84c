using Workbench.Lab.Grading.Training;

namespace Workbench.Lab.Tests.Training;

/// <summary>The phrasing mask of lab 09's <c>varied</c> check: one template with other currencies is one phrasing,
/// another wording is another.</summary>
public sealed class CurrencyPhrasingTests
{
    [Theory]
    [InlineData("How many yen is a US dollar?", "How many euros is a pound?")]
    [InlineData("USD/JPY rate please", "EUR/GBP rate please")]
    [InlineData("Convert 100 Swiss francs to Canadian dollars", "convert 2.5 rupees to zloty")]
    [InlineData("how much is $1 in ¥", "how much is £1 in €")]
    public void Mask_SameTemplateOtherCurrencies_IsOnePhrasing(string a, string b) =>
        Assert.Equal(CurrencyPhrasing.Mask(a), CurrencyPhrasing.Mask(b));

    [Theory]
    [InlineData("How many yen is a dollar?", "What's the USD to JPY rate?")]
    [InlineData("convert dollars to yen", "convert dollars to yen please")]
    public void Mask_OtherWording_IsAnotherPhrasing(string a, string b) =>
        Assert.NotEqual(CurrencyPhrasing.Mask(a), CurrencyPhrasing.Mask(b));

    [Fact]
    public void Mask_KeepsTheWordsAroundTheCurrencies() =>
        Assert.Equal("how many {c} is a {c}?", CurrencyPhrasing.Mask("How many yen is a US dollar?"));
}
