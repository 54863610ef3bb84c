namespace Billing;

public static class PriceParser
{
    /// <summary>Parses a price as the price feed writes it: a dot as the decimal separator ("12.50"), whatever the
    /// server's culture.</summary>
    public static decimal Parse(string text) => decimal.Parse(text);
}
